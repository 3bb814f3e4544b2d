/**
 * The send worker's fast path (issue 15): what a message needs, read in one request; the claim
 * taken in one transaction that also checks the state it was read from still holds; and the
 * outcome, message log and next step written in one transaction.
 *
 * DynamoDB: one Query on the subscriber's partition, one TransactWriteItems with
 * ConditionChecks, one TransactWriteItems to settle (adapters/aws/dynamo/DynamoSendPath.ts).
 */
import type { Channel, ConsentRecord, Enrollment, MessageRecord, SendRecord, Subscriber } from '../../core/model.js';
import type { ShortLinkClaims } from './shortLinks.js';

/** A subscriber's profile, consent ledger and enrollments as of one read. */
export interface SubscriberSnapshot {
  subscriber?: Subscriber;
  /** Oldest first. */
  consent: ConsentRecord[];
  enrollments: Enrollment[];
}

/**
 * What must still hold when the claim is written; any difference cancels the claim (nothing is
 * written) and the caller starts over from a fresh read.
 */
export interface ClaimGuards {
  /** The channel is still `confirmed` to this very address (an opt-out, bounce or new address changes it). */
  subscriber: { subscriberId: string; channel: Channel; address: string };
  /** None of these suppression rows exists (a STOP, bounce or complaint writes one). */
  suppressionHashes: string[];
  /** Still active at this step with this many goals reached (an exit, a move or a goal changes it). */
  enrollment?: { subscriberId: string; sequenceId: string; stepIndex: number; goals: number };
  /** A text's short link, stored by the same transaction (ShortLinks.putShortLink's row). */
  shortLink?: { linkId: string; claims: ShortLinkClaims; expiresAt: number };
}

/** Moves an enrollment from `fromStepIndex` to `next` (removing it from the due index when `removeDue`), as Enrollments.advanceEnrollment. */
export interface EnrollmentAdvance {
  enrollment: Enrollment;
  fromStepIndex: number;
  next: Partial<Enrollment>;
  removeDue: boolean;
}

export interface SendPath {
  /** The profile (undefined when missing or expired at `now`), consent ledger and enrollments: one read. */
  readSubscriberSnapshot(subscriberId: string, now: Date): Promise<SubscriberSnapshot>;
  /**
   * Writes `record` (SENDING, with its lease, claimToken and providerCallAt) where no row exists
   * yet, only if every guard holds: one transaction. False when the row exists (in any state: a
   * re-claim goes through Outbox.claimSend) or a guard no longer holds (nothing was written).
   */
  claimGuarded(record: SendRecord, guards: ClaimGuards): Promise<boolean>;
  /**
   * Settles the row held by `claimToken` with `patch`, appends `message` to the log (kept until
   * `expiresAt`, epoch seconds) and applies `advance`: one transaction. If the row or the
   * enrollment moved meanwhile, what still applies is written anyway (as separate writes).
   */
  settleDelivered(claimToken: string, patch: Partial<SendRecord>, message: MessageRecord, expiresAt: number, advance?: EnrollmentAdvance): Promise<void>;
}
