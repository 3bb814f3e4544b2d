/**
 * Lookups by address that also read rows hashed before issue 11 (dual read; AddressHasher).
 */
import type { DomainContext } from '../core/domainContext.js';
import type { Channel } from '../core/model.js';

/** The subscriber that owns an address (canonical lookup row first, then a pre-issue-11 row). */
export const findOwnerOfAddress = async (deps: Pick<DomainContext, 'store' | 'hasher'>, channel: Channel, address: string, now: Date): Promise<string | undefined> => {
  for (const hash of deps.hasher.hashes(channel, address)) {
    const id = await deps.store.findSubscriberIdByAddress(channel, hash, now);
    if (id) return id;
  }
  return undefined;
};

/** Whether an address is on the suppression list under its canonical or its pre-issue-11 hash. */
export const isAddressSuppressed = async (deps: Pick<DomainContext, 'store' | 'hasher'>, channel: Channel, address: string): Promise<boolean> => {
  for (const hash of deps.hasher.hashes(channel, address)) if (await deps.store.isSuppressed(hash)) return true;
  return false;
};
