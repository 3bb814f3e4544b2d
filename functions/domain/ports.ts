/**
 * The ports the domain depends on. Adapters in `functions/adapters/` implement them with the
 * AWS SDK (the same code in AWS and local mode; only endpoints differ).
 */
import type {
  BookingRequest,
  Channel,
  ConsentRecord,
  Enrollment,
  MessageRecord,
  SendJob,
  SendRecord,
  StepEvent,
  Subscriber,
} from './model.js';
import type { ConsoleStore } from './ConsoleStore.js';

/** What a short link in a text stands for: the same facts a signed click token carries. */
export interface ShortLinkClaims {
  subscriberId: string;
  stepRef: string;
  channel: 'sms';
  target: string;
}

export interface Clock {
  now(): Date;
}

/** An email ready for the wire; the adapter builds MIME and calls the provider. */
export interface OutgoingEmail {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Opaque, PII-free tags (O10): `sendId`, `subscriber` (id), `sequence`, `step`. */
  tags: Record<string, string>;
}

export interface Mailer {
  /** Sends one message to one recipient (O8). Throws Provider* errors from domain/errors. */
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

export interface OutgoingText {
  to: string;
  body: string;
  /** Promotional for the drip, Transactional for confirmations and keyword replies. */
  kind: 'promotional' | 'transactional';
}

export interface Texter {
  send(text: OutgoingText): Promise<{ providerMessageId: string }>;
  /**
   * Lifts the provider's own opt-out for a number that texted START (SNS allows it once per 30
   * days, S13). Resolves false when the number stays opted out at the provider (a second START
   * within 30 days): texts to it would all fail, so the caller must not claim it is subscribed.
   */
  optIn(phone: string): Promise<boolean>;
}

export interface Queue {
  enqueue(jobs: SendJob[]): Promise<void>;
}

/** Outcome of trying to create a subscriber's address lookup row. */
export type ContactClaim = { owner: string; created: boolean };

/** What signup and confirmation store beyond the profile (issue 11). */
export interface SignupStore {
  /** Holds "a confirmation just went to this address" until `until` (epoch s); false while one is held. */
  claimConfirmationSlot(addressHash: string, until: number, now: Date): Promise<boolean>;
  /** Keeps (overwrites) the latest signup request for a channel of an existing profile, outside the ledger. */
  putSignupRequest(record: ConsentRecord, expiresAt: number): Promise<void>;
  /** The kept signup request for a channel, removed as it is read; undefined when none (or expired). */
  takeSignupRequest(subscriberId: string, channel: Channel, now: Date): Promise<ConsentRecord | undefined>;
  /** Marks a confirmation nonce used; false when it was used before. */
  useConfirmNonce(nonce: string, expiresAt: number): Promise<boolean>;
  /** Replaces a finished or exited enrollment with a new run; false when it is active or moved meanwhile. */
  restartEnrollment(e: Enrollment, expectedStatus: string): Promise<boolean>;
}

/** Everything the domain stores; one DynamoDB table behind it. The staff console's part: ConsoleStore.ts. */
export interface Store extends ConsoleStore, SignupStore {
  getSubscriber(subscriberId: string, now: Date): Promise<Subscriber | undefined>;
  findSubscriberIdByAddress(channel: Channel, addressHash: string, now: Date): Promise<string | undefined>;
  /** Creates the profile and its address lookups in one transaction; false when an address was taken meanwhile. */
  createSubscriber(subscriber: Subscriber, contacts: { channel: Channel; addressHash: string }[], now: Date): Promise<boolean>;
  /** Adds an address lookup for an existing subscriber; returns the owner that holds it. */
  claimContact(channel: Channel, addressHash: string, subscriberId: string, expiresAt: number | undefined, now: Date): Promise<ContactClaim>;
  updateSubscriber(subscriberId: string, patch: Partial<Omit<Subscriber, 'subscriberId'>>, remove?: (keyof Subscriber)[]): Promise<void>;
  /** Moves a channel status only if it is currently one of `from`; returns whether it moved. */
  transitionChannel(subscriberId: string, channel: Channel, from: string[], to: string, clearExpiry: boolean): Promise<boolean>;
  appendConsent(record: ConsentRecord, id: string): Promise<void>;
  listConsent(subscriberId: string): Promise<ConsentRecord[]>;
  /** Counts a confirmation send for an address today; false once the daily cap is reached (W3). */
  countConfirmationSend(addressHash: string, day: string, cap: number, expiresAt: number): Promise<boolean>;
  /** Records a signup form token as used; false when it was used before (W2, issue 12). */
  claimFormToken(tokenId: string, expiresAt: number): Promise<boolean>;
  /** Atomically adds 1 to a ceiling counter for a clock hour and returns the new count (issue 12). */
  incrementHourly(scope: string, hour: string): Promise<number>;
  /** Pauses confirmation texts until `until` (ISO); logs the alarm metric (issue 12). */
  pauseConfirmationTexts(until: string, now: Date): Promise<void>;
  /** Whether confirmation texts are paused at `now` (an expired pause row counts as none). */
  confirmationTextsPaused(now: Date): Promise<boolean>;

  isSuppressed(addressHash: string): Promise<boolean>;
  suppress(addressHash: string, channel: Channel, reason: string, at: string): Promise<void>;
  /** Lifts a keyword opt-out (START/UNSTOP); bounce and complaint suppressions stay. */
  unsuppress(addressHash: string): Promise<void>;

  /** Creates an enrollment unless one exists for this subscriber and sequence. */
  createEnrollment(enrollment: Enrollment): Promise<boolean>;
  getEnrollment(subscriberId: string, sequenceId: string): Promise<Enrollment | undefined>;
  listEnrollments(subscriberId: string): Promise<Enrollment[]>;
  /** Enrollments whose dueAt ≤ now on one shard of the due index (never a Scan). */
  listDue(shard: number, now: Date, limit: number): Promise<Enrollment[]>;
  /** Earliest dueAt across shards (local time travel jumps straight to it). */
  earliestDue(): Promise<string | undefined>;
  /** Pushes an enrollment's dueAt to `until` if it is still at `stepIndex` and due at `dueAt`. */
  leaseDue(e: Enrollment, until: string): Promise<boolean>;
  /** Moves an enrollment from `fromStepIndex` to its next state; false if someone moved it first. */
  advanceEnrollment(e: Enrollment, fromStepIndex: number, next: Partial<Enrollment>, removeDue: boolean): Promise<boolean>;

  /** Stores a text message's short link (idempotent: the same id always holds the same claims). */
  putShortLink(linkId: string, claims: ShortLinkClaims, expiresAt: number): Promise<void>;
  /** The claims behind a short link, or undefined (unknown or expired). */
  getShortLink(linkId: string, now: Date): Promise<ShortLinkClaims | undefined>;
  getSend(sendId: string): Promise<SendRecord | undefined>;
  /**
   * Creates or re-takes the outbox row for a send (conditional write); undefined when not claimable.
   * `takeOver` is the token of an expired claim that never reached the provider (no providerCallAt).
   */
  claimSend(record: SendRecord, now: Date, takeOver?: string): Promise<SendRecord | undefined>;
  /** Stamps providerCallAt on the row held by claimToken; false when the claim was lost meanwhile. */
  markProviderCall(sendId: string, claimToken: string, at: string): Promise<boolean>;
  /** Moves the outbox row from SENDING (held by claimToken) to a final or retry state. */
  settleSend(sendId: string, claimToken: string, patch: Partial<SendRecord>): Promise<boolean>;
  /** Marks an expired SENDING lease UNKNOWN; false if it moved meanwhile. */
  markUnknown(sendId: string, leaseUntil: string, now: Date): Promise<boolean>;
  recordMessage(message: MessageRecord, expiresAt: number): Promise<void>;
  listMessages(subscriberId: string): Promise<MessageRecord[]>;
  /** Keeps an inbound text for staff; the body only for texts that were not a keyword. */
  recordInboundText(subscriberId: string, at: string, id: string, keyword: string, expiresAt: number, body?: string): Promise<void>;
  /** One kept inbound text by its sort key (`keys.inboundText(…).sk`); the body is gone once erased (P8). */
  getInboundText(subscriberId: string, sk: string): Promise<{ at: string; keyword: string; body?: string } | undefined>;
  /**
   * Takes the once-per-window right to auto-reply to a number (issue 11: two phones must not
   * loop). True if no claim exists or the last one ended by `now` (read-side expiry: TTL deletes
   * late); `until` is epoch seconds.
   */
  claimAutoReply(addressHash: string, until: number, now: Date): Promise<boolean>;

  // Recipient actions (issue 5): preferences, deletion, feedback, clicks, bookings.

  /** Ends an active enrollment early (its due entry goes too); false if it was not active. */
  exitEnrollment(subscriberId: string, sequenceId: string, reason: string): Promise<boolean>;
  /** Adds a reached exit goal (`booked`) to an enrollment; false if it was already there. */
  addEnrollmentGoal(subscriberId: string, sequenceId: string, goal: string): Promise<boolean>;
  /** Deletes an address lookup row if `subscriberId` owns it (P8). */
  releaseContact(channel: Channel, addressHash: string, subscriberId: string): Promise<void>;
  /** Strips free text and contact details kept beside the profile: inbound text bodies, booking details (P8). */
  erasePersonalRecords(subscriberId: string): Promise<void>;
  /** Stores a consultation request (and a pointer from its subscriber, if any, and from each address typed). */
  createBooking(booking: BookingRequest, expiresAt: number, addressHashes?: string[]): Promise<void>;
  /** Erases the contact fields and free text of every request an address was typed on (P8). */
  eraseBookingsByAddress(addressHash: string): Promise<void>;
  getBooking(bookingId: string): Promise<BookingRequest | undefined>;
  listBookings(subscriberId: string): Promise<BookingRequest[]>;
  /** Records an event once per eventId and counts it on its step; false when already recorded. */
  recordStepEvent(event: StepEvent, expiresAt: number): Promise<boolean>;
  /** Events of one step, oldest first, through the byStep index (never a Scan). */
  listStepEvents(sequenceId: string, stepId: string): Promise<StepEvent[]>;
  /** The running counters of one step, by event kind. */
  getStepStats(sequenceId: string, stepId: string): Promise<Partial<Record<StepEvent['kind'], number>>>;
  /** UNKNOWN (or RETRY) → SENT from the provider's SEND event (R4); false if the row is in no such state. */
  reconcileSend(sendId: string, providerMessageId: string, at: string): Promise<boolean>;
  /** Whether an SES notification was already handled (R9). */
  isFeedbackHandled(feedbackId: string): Promise<boolean>;
  markFeedbackHandled(feedbackId: string, expiresAt: number): Promise<void>;
  /**
   * Counts one transient bounce per feedbackId for an address; returns the running count. A
   * counter whose expiresAt (epoch seconds) is past at `now` starts again from this bounce:
   * DynamoDB TTL deletes late (up to days), and DynamoDB Local never.
   */
  countSoftBounce(addressHash: string, feedbackId: string, expiresAt: number, now: Date): Promise<number>;
  clearSoftBounces(addressHash: string): Promise<void>;
}
