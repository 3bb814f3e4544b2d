/**
 * The outbox: one row per sendId, the idempotency claim of every message (R3, R4). Moved only by
 * conditional writes on the row's claimToken; the state machine itself is domain/sending/outbox.ts.
 */
import type { SendRecord } from '../../core/model.js';

export interface Outbox {
  getSend(sendId: string): Promise<SendRecord | undefined>;
  /**
   * Creates the row, re-takes it from RETRY, or takes over the claim `takeOver` (the token of an
   * expired SENDING claim that never reached the provider: no providerCallAt). Returns the row
   * written, or undefined when not claimable. `now` is unused by the DynamoDB adapter (the lease
   * is in the record). `unknownSince`: re-takes an UNKNOWN row whose `updatedAt` is still that
   * value (an email left UNKNOWN with no SES event past the wait, issue 16).
   */
  claimSend(record: SendRecord, now: Date, takeOver?: string, unknownSince?: string): Promise<SendRecord | undefined>;
  /**
   * Stamps providerCallAt (ISO) and, when given, the running count of provider calls on the row
   * held by claimToken; false when the claim was lost meanwhile.
   */
  markProviderCall(sendId: string, claimToken: string, at: string, providerCalls?: number): Promise<boolean>;
  /**
   * Moves the row from SENDING (held by claimToken) to a final or retry state and drops the lease;
   * false when not held. A `resendDueAt` in the patch also puts the row in the resend entries of
   * the `due` index (an UNKNOWN queue-only message, issue 16), in the same write.
   */
  settleSend(sendId: string, claimToken: string, patch: Partial<SendRecord>): Promise<boolean>;
  /** Marks an expired SENDING lease UNKNOWN (due for a resend at `resendDueAt` when given, as settleSend); false if it moved meanwhile. */
  markUnknown(sendId: string, leaseUntil: string, now: Date, resendDueAt?: string): Promise<boolean>;
  /** UNKNOWN rows of one resend partition whose `resendDueAt` has come (≤ now), oldest first, at most `limit` (issue 16). */
  listDueResends(shard: number, now: Date, limit: number): Promise<SendRecord[]>;
  /**
   * Moves a due resend entry to `until` (the dispatcher's lease), only while the row is still the
   * UNKNOWN row read (same `resendDueAt` and `updatedAt`): two dispatchers queue it once. False otherwise.
   */
  leaseResend(row: SendRecord, until: string): Promise<boolean>;
  /** Takes the row out of the resend entries (it will never be resent: wait off, attempts used up); no-op if it moved. */
  dropResend(row: SendRecord): Promise<void>;
  /**
   * UNKNOWN (or RETRY) → SENT from the provider's SEND event (R4), and the message-log row of the
   * same send with it; false if the row is in no such state.
   */
  reconcileSend(sendId: string, providerMessageId: string, at: string): Promise<boolean>;
  /**
   * Keeps the evidence of a provider event on a row still SENDING (its worker is waiting for an
   * answer that may yet be lost): providerEventAt and providerMessageId; false if not SENDING.
   */
  noteProviderEvent(sendId: string, providerMessageId: string, at: string): Promise<boolean>;
}
