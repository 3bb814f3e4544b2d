/**
 * What signup and confirmation keep beyond the profile (issues 11 and 12): confirmation slots
 * and nonces, the latest signup request of a channel, used form tokens, hourly ceiling counters
 * and the confirmation-text pause. All expire with the TTL attribute; reads check expiry themselves.
 */
import type { Channel, ConsentRecord } from '../../core/model.js';

export interface SignupRecords {
  /**
   * Holds "a confirmation just went for this request" until `until` (epoch s); false while one is
   * held. `slotKey` is the address hash and the channel's request generation (`<hash>#<requestedAt>`).
   * `claimId` (fresh per request) answers true to the claim that holds it: its own write whose answer was lost.
   */
  claimConfirmationSlot(slotKey: string, until: number, now: Date, claimId: string): Promise<boolean>;
  /** Keeps (overwrites) the latest signup request for a channel of an existing profile, outside the ledger. */
  putSignupRequest(record: ConsentRecord, expiresAt: number): Promise<void>;
  /** The kept signup request for a channel, removed as it is read; undefined when none (or expired). */
  takeSignupRequest(subscriberId: string, channel: Channel, now: Date): Promise<ConsentRecord | undefined>;
  /**
   * Marks a confirmation nonce used; false when it was used before. `claimId` (fresh per request)
   * is kept on the marker: finding the marker with our own `claimId` answers true, because it is
   * our own write whose answer was lost and the SDK's retry failed its condition (issue 16).
   */
  useConfirmNonce(nonce: string, expiresAt: number, claimId: string): Promise<boolean>;
  /** Records a signup form token as used; false when it was used before (W2, issue 12). `claimId` as in useConfirmNonce. */
  claimFormToken(tokenId: string, expiresAt: number, claimId: string): Promise<boolean>;
  /** Atomically adds 1 to a ceiling counter for a clock hour (`yyyy-MM-ddTHH`, UTC) and returns the new count (issue 12). */
  incrementHourly(scope: string, hour: string): Promise<number>;
  /** Pauses confirmation texts until `until` (ISO); logs the alarm metric (issue 12). */
  pauseConfirmationTexts(until: string, now: Date): Promise<void>;
  /** Whether confirmation texts are paused at `now` (an expired pause row counts as none). */
  confirmationTextsPaused(now: Date): Promise<boolean>;
}
