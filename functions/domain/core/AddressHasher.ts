/**
 * Keyed hash of an address's canonical form (identity/AddressIdentity.ts).
 *
 * Used for lookup keys and the suppression list, so table keys never carry PII and a deleted
 * subscriber's address stays suppressed without being stored (P7, P8). The key never rotates:
 * rotating it would forget every suppression.
 *
 * Rows written before issue 11 hashed the address with only its domain lower-cased. They are
 * read as well as the canonical rows (dual read, no migration): `hashes` gives both when they
 * differ. Phone numbers were already E.164, so their hash never changed.
 */
import { createHmac } from 'node:crypto';
import { canonicalAddress, legacyNormalisedEmail } from '../identity/AddressIdentity.js';
import type { Channel } from './model.js';

export class AddressHasher {
  constructor(private readonly key: string) {
    if (key.length < 16) throw new Error('The address hash key must be at least 16 characters');
  }

  private mac(channel: Channel, value: string): string {
    return createHmac('sha256', this.key).update(`${channel}:${value}`).digest('base64url');
  }

  /** The hash of the address's identity: every case or Unicode variant of one address gives the same. */
  hash(channel: Channel, address: string): string {
    return this.mac(channel, canonicalAddress(channel, address) ?? address.normalize('NFC').trim());
  }

  /** The canonical hash first, then the pre-issue-11 hash when it differs (dual read of old rows). */
  hashes(channel: Channel, address: string): string[] {
    const canonical = this.hash(channel, address);
    if (channel !== 'email') return [canonical];
    const legacy = legacyNormalisedEmail(address);
    const old = legacy === undefined ? undefined : this.mac(channel, legacy);
    return old && old !== canonical ? [canonical, old] : [canonical];
  }
}
