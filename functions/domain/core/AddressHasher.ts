/**
 * Keyed hash of a normalised email address or E.164 number.
 *
 * Used for lookup keys and the suppression list, so table keys never carry PII and a deleted
 * subscriber's address stays suppressed without being stored (P7, P8). The key never rotates:
 * rotating it would forget every suppression.
 */
import { createHmac } from 'node:crypto';
import type { Channel } from './model.js';

export class AddressHasher {
  constructor(private readonly key: string) {
    if (key.length < 16) throw new Error('The address hash key must be at least 16 characters');
  }

  hash(channel: Channel, address: string): string {
    return createHmac('sha256', this.key).update(`${channel}:${address}`).digest('base64url');
  }
}
