/**
 * Subscriber profiles and the address lookup rows that make an address unique (one transaction
 * creates both). Addresses appear only as keyed hashes (`AddressHasher`), never in a key.
 */
import type { Channel, Subscriber } from '../../core/model.js';

/** Outcome of trying to create a subscriber's address lookup row: who owns it now, and whether we created it. */
export type ContactClaim = { owner: string; created: boolean };

export interface Subscribers {
  /** The profile, or undefined when missing or past its `expiresAt` (unconfirmed signups expire, P7). */
  getSubscriber(subscriberId: string, now: Date): Promise<Subscriber | undefined>;
  /** Several profiles in one read (BatchGetItem per 100 ids): by id, without the missing and expired ones. */
  getSubscribers(subscriberIds: readonly string[], now: Date): Promise<Map<string, Subscriber>>;
  /** The live owner of an address lookup row, or undefined (none, expired, or its profile is gone). */
  findSubscriberIdByAddress(channel: Channel, addressHash: string, now: Date): Promise<string | undefined>;
  /** Creates the profile and its address lookups in one transaction; false when an address was taken meanwhile. */
  createSubscriber(subscriber: Subscriber, contacts: { channel: Channel; addressHash: string }[], now: Date): Promise<boolean>;
  /** Adds an address lookup for an existing subscriber (`expiresAt` in epoch seconds); returns the owner that holds it. */
  claimContact(channel: Channel, addressHash: string, subscriberId: string, expiresAt: number | undefined, now: Date): Promise<ContactClaim>;
  /** Deletes an address lookup row if `subscriberId` owns it (P8); a no-op otherwise. */
  releaseContact(channel: Channel, addressHash: string, subscriberId: string): Promise<void>;
  /** Sets `patch` and removes `remove` on an existing profile; a no-op (no error) when the profile is gone. */
  updateSubscriber(subscriberId: string, patch: Partial<Omit<Subscriber, 'subscriberId'>>, remove?: (keyof Subscriber)[]): Promise<void>;
  /**
   * Moves a channel status (`emailStatus`/`smsStatus`) to `to` only if it is currently one of
   * `from`; `clearExpiry` also removes the profile's `expiresAt` (a confirmed subscriber is kept).
   * Returns whether it moved. With `by` (an inbound message id), the move is stamped with it
   * (`<status>ChangedBy`), and a later call with the same `by` finding the status already at `to`
   * by that stamp also answers true: an SDK retry whose first write landed, or the source's
   * redelivery of the same message, is still the move that message made (issue 16).
   */
  transitionChannel(subscriberId: string, channel: Channel, from: string[], to: string, clearExpiry: boolean, by?: string): Promise<boolean>;
  /** Counts a confirmation send for an address on `day` (UTC yyyy-MM-dd); false once `cap` is reached (W3). */
  countConfirmationSend(addressHash: string, day: string, cap: number, expiresAt: number): Promise<boolean>;
}
