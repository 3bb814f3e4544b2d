/** The product's own nouns, shared by the domain, its ports and the adapters. */

export type Channel = 'email' | 'sms';
export type Language = 'en' | 'es';

/** Per-channel lifecycle. `suppressed` comes from bounces/complaints; `unsubscribed` from the person. */
export type ChannelStatus = 'none' | 'pending' | 'confirmed' | 'unsubscribed' | 'suppressed';

export interface Subscriber {
  subscriberId: string;
  email?: string;
  phone?: string;
  firstName?: string;
  language: Language;
  timezone: string;
  /** Where `timezone` came from (issue 11): the browser, the phone's area code, or the clinic. */
  timezoneSource?: 'browser' | 'area-code' | 'clinic';
  /** Every zone the number may be in when its area code straddles a zone line: texting hours hold in all (S8). */
  smsZones?: string[];
  /** When each channel last asked for confirmation (ISO): a confirmation link issued before it no longer confirms. */
  emailRequestedAt?: string;
  smsRequestedAt?: string;
  /** Two-letter US state of the phone number when known (stricter quiet hours, S8). */
  phoneState?: string;
  emailStatus: ChannelStatus;
  smsStatus: ChannelStatus;
  createdAt: string;
  /** Epoch seconds; set while no channel is confirmed so abandoned signups expire (P7). */
  expiresAt?: number;
  /** Set when the person asked for their data to be deleted (P8): no address or name remains. */
  deletedAt?: string;
}

/** One append-only consent ledger row: the proof of consent TCPA asks for (S1). */
export interface ConsentRecord {
  subscriberId: string;
  channel: Channel;
  action: 'granted' | 'confirmed' | 'revoked';
  textVersion: string;
  textHash: string;
  at: string;
  ip?: string;
  userAgent?: string;
  pageUrl?: string;
  /** How it was given: the web form, a keyword reply, a link. */
  source: string;
}

export type EnrollmentStatus = 'active' | 'completed' | 'exited';

export interface EnrollmentStep {
  id: string;
  after: string;
  channel: Channel;
  template: string;
  window: SendWindow;
  goalExit?: string[];
}

export interface SendWindow {
  /** Luxon weekday numbers, Monday = 1. */
  days: number[];
  /** Local "HH:mm". */
  start: string;
  end: string;
}

export interface Enrollment {
  enrollmentId: string;
  subscriberId: string;
  sequenceId: string;
  /** The version whose steps it runs (immutable: `stepsOf` resolves them from the cached version, issue 15). */
  sequenceVersion: number;
  /**
   * Enrollments written before the slimmed shape carried a ~4 KB copy of their version's steps;
   * such an item still runs on its copy (read as it is, never rewritten) until it finishes or is
   * moved to another version. New enrollments store none: see `stepsOf`.
   */
  steps?: EnrollmentStep[];
  nextStepIndex: number;
  /** Nominal time of the next step before windows: the base for the following delay. */
  nominalAt: string;
  /** When the next step may go, inside its window. Absent once finished. */
  dueAt?: string;
  status: EnrollmentStatus;
  /** Local date (yyyy-MM-dd) of the last drip text, for one text a day (S9). */
  lastSmsDate?: string;
  createdAt: string;
  /** Exit goals reached (`booked`): steps whose goalExit names one are never sent. */
  goals?: string[];
  /** Why an enrollment was exited early (unsubscribed everywhere, data deleted). */
  exitReason?: string;
  /** Restarts after a re-subscription (issue 11), 0 or absent for the first run: part of each step's sendId. */
  run?: number;
  /** When it was parked (taken out of the due index) because its sequence was paused; absent otherwise. */
  parkedAt?: string;
}

/** A unit of work on the send queue: ids only, never an address (P3). */
export type SendJob =
  | { kind: 'step'; sendId: string; subscriberId: string; sequenceId: string; stepIndex: number; stepId: string }
  | { kind: 'system'; sendId: string; subscriberId: string; channel: Channel; template: SystemTemplate; bookingId?: string }
  /** A message to the clinic itself (not a subscriber): the booking inbox notification. */
  | { kind: 'clinic'; sendId: string; bookingId: string; template: 'booking-notification' }
  /** A patient's text that was not a keyword, forwarded to the clinic's inbox (issue 11). */
  | { kind: 'clinic-text'; sendId: string; subscriberId: string; inboundSk: string; template: 'inbound-text-notification' }
  /** One recipient of a staff broadcast (issue 6); channel and template come from the broadcast row. */
  | { kind: 'broadcast'; sendId: string; subscriberId: string; broadcastId: string };

/** Jobs that only the queue brings back (no dispatcher lease): system and clinic messages. */
export type QueueOnlyJob = Extract<SendJob, { kind: 'system' | 'clinic' | 'clinic-text' }>;

export type SystemTemplate =
  | 'confirm-email'
  | 'optin-confirm'
  | 'help'
  | 'stop-confirm'
  | 'start-confirm'
  | 'booking-confirmation'
  /** The once-a-day answer to a text that was not a keyword: someone will reply. */
  | 'reply-received';

/** Outbox row states (docs/sending-state-machine.md). */
export type SendState = 'SENDING' | 'SENT' | 'RETRY' | 'UNKNOWN' | 'FAILED' | 'SKIPPED';

export interface SendRecord {
  sendId: string;
  state: SendState;
  attempts: number;
  leaseUntil?: string;
  claimToken?: string;
  /** Set just before the provider call: a claim that dies after this is UNKNOWN, before it is taken over (R4). */
  providerCallAt?: string;
  /**
   * Provider calls made for this sendId (issue 16), kept across re-claims; `attempts` counts
   * claims, which deferrals and throttling also take, so it cannot bound resends.
   */
  providerCalls?: number;
  providerMessageId?: string;
  /**
   * Set when an SES event for this sendId arrived while the row was still SENDING (issue 16): the
   * provider has the message, so should the worker's answer be lost the row is settled SENT, never resent.
   */
  providerEventAt?: string;
  /**
   * A queue-only message's job (system, clinic), kept on its row so that the dispatcher can queue
   * it again when the row is UNKNOWN past its wait (issue 16): nothing else would come back to it.
   */
  requeue?: QueueOnlyJob;
  /**
   * When the dispatcher brings this UNKNOWN queue-only row back (ISO-8601 UTC; the row is then in
   * the `due` index, `resendDueKeys`); absent on every other row.
   */
  resendDueAt?: string;
  channel: Channel;
  subscriberId: string;
  sequenceId?: string;
  stepId?: string;
  reason?: string;
  updatedAt: string;
}

export interface MessageRecord {
  subscriberId: string;
  sendId: string;
  channel: Channel;
  sequenceId?: string;
  stepId?: string;
  template: string;
  providerMessageId?: string;
  state: SendState;
  at: string;
}

/** A consultation request from the booking page (issue 5). Personal fields are erased on request (P8). */
export interface BookingRequest {
  bookingId: string;
  at: string;
  locationId: string;
  preferredTimes: string;
  language: Language;
  firstName?: string;
  email?: string;
  phone?: string;
  reason?: string;
  /** The subscriber it belongs to, when a tracked link or a known address says so. */
  subscriberId?: string;
  /** The step whose link brought the person (conversion attribution). */
  sequenceId?: string;
  stepId?: string;
}

/** What a recipient or a mailbox did with a message, counted per step for results. */
export type StepEventKind = 'delivered' | 'bounced' | 'complained' | 'rejected' | 'delayed' | 'clicked' | 'unsubscribed' | 'booked'
  /** A link fetch by a machine (mail scanner, preview bot), counted apart from people's clicks (docs/click-classification.md). */
  | 'machineclicked';

/** One recorded recipient event: ids only, never an address (P5). */
export interface StepEvent {
  /** Deterministic where the source can repeat (SES notifications), so a replay records nothing. */
  eventId: string;
  kind: StepEventKind;
  at: string;
  subscriberId?: string;
  sequenceId?: string;
  stepId?: string;
  sendId?: string;
  channel?: Channel;
  /** Kind-specific detail without PII: bounce type, link target id. */
  detail?: string;
}
