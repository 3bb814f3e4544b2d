/**
 * What the staff console (issue 6) keeps in the store: sequence versions and their run state,
 * sequence membership, paused enrollments, the audit log, result counters and broadcasts.
 * `Store` extends this port; DynamoConsoleStore implements it on the one table.
 */
import type { Channel, Enrollment, EnrollmentStatus, Language, StepEventKind } from './model.js';
import type { SequenceDefinition } from './SequenceDefinition.js';

/** Who did something in the console, from the verified token (never an address). */
export interface StaffActor {
  sub: string;
  name: string;
  role: 'staff' | 'admin';
  /** The staff member's own address, only when the token's email_verified claim is true (test sends may go there). */
  email?: string;
}

/** The mutable state of a sequence: which version runs, whether it is paused, when it opens. */
export interface SequenceHead {
  sequenceId: string;
  name: string;
  currentVersion: number;
  latestVersion: number;
  paused: boolean;
  pausedAt?: string;
  /** Local date (yyyy-MM-dd, clinic zone) before which a new enrollment's first step waits. */
  openFrom?: string;
  updatedAt: string;
}

/** One immutable version; version 1 is the shipped JSON. */
export interface SequenceVersion {
  sequenceId: string;
  version: number;
  definition: SequenceDefinition;
  createdAt: string;
  createdBy: string;
  note?: string;
}

/** One append-only audit row (P9): who, what, when, before and after. */
export interface AuditEntry {
  auditId: string;
  at: string;
  actor: { sub: string; name: string };
  action: string;
  /** What was acted on: `sequence:<id>`, `broadcast:<id>`, `subscriber:<id>` (ids only, P5). */
  target: string;
  before?: unknown;
  after?: unknown;
}

/** What the results count, per step and per day. */
export type CountedEvent = 'enrolled' | 'sent' | StepEventKind;
export type StepCounters = Partial<Record<CountedEvent, number>>;
export interface DayCounters {
  day: string;
  stepId: string;
  counters: StepCounters;
}

/** Who a broadcast goes to; everyone must also pass the send-time gates (consent, suppression). */
export interface Audience {
  channel: Channel;
  language?: Language;
  sequenceId?: string;
  /** Enrollment status in `sequenceId`. */
  status?: EnrollmentStatus;
}

export type BroadcastStatus = 'scheduled' | 'expanding' | 'queued' | 'cancelled';

export interface Broadcast {
  broadcastId: string;
  name: string;
  template: string;
  audience: Audience;
  /** UTC instant it starts. */
  startAt: string;
  /** What staff typed, in the clinic's zone. */
  localStart: { date: string; time: string; timeZone: string };
  status: BroadcastStatus;
  createdAt: string;
  createdBy: string;
  cancelledAt?: string;
  cancelledBy?: string;
  /** Recipients queued so far. */
  recipients: number;
  /** Where the audience walk stopped (opaque to the store). */
  cursor?: string;
}

export type RecipientState = 'pending' | 'sent' | 'skipped' | 'failed' | 'unknown';

export interface BroadcastRecipient {
  broadcastId: string;
  subscriberId: string;
  state: RecipientState;
  dueAt?: string;
  reason?: string;
  updatedAt: string;
}

export type BroadcastWork =
  | { kind: 'broadcast'; broadcast: Broadcast; dueAt: string }
  | { kind: 'recipient'; recipient: BroadcastRecipient; dueAt: string };

export interface ConsoleStore {
  getSequenceHead(sequenceId: string): Promise<SequenceHead | undefined>;
  listSequenceHeads(): Promise<SequenceHead[]>;
  getSequenceVersion(sequenceId: string, version: number): Promise<SequenceVersion | undefined>;
  listSequenceVersions(sequenceId: string): Promise<SequenceVersion[]>;
  /**
   * Writes a new version and points the head at it, in one transaction, only if the head's
   * latest version is still `expectedLatest` (undefined: no head yet). False when someone won.
   */
  putSequenceVersion(version: SequenceVersion, head: SequenceHead, expectedLatest: number | undefined): Promise<boolean>;
  /** Updates the head if `paused` is still `expectPaused` (when given); false otherwise. */
  updateSequenceHead(sequenceId: string, patch: Partial<Omit<SequenceHead, 'sequenceId'>>, remove?: ('pausedAt' | 'openFrom')[], expectPaused?: boolean): Promise<boolean>;

  /** Notes that a subscriber enrolled in a sequence (idempotent). */
  addSequenceMember(sequenceId: string, subscriberId: string): Promise<void>;
  /** One page of a sequence's members on one shard, after `after`. */
  listSequenceMembers(sequenceId: string, shard: number, limit: number, after?: string): Promise<{ subscriberIds: string[]; next?: string }>;

  /** Takes an active enrollment at `e.nextStepIndex` out of the due index while its sequence is paused. */
  parkEnrollment(e: Enrollment, at: string): Promise<boolean>;
  listParked(sequenceId: string, limit: number): Promise<{ subscriberId: string; sequenceId: string }[]>;
  /** Puts a parked enrollment back in the due index with `next`; drops the parked row either way. */
  unparkEnrollment(e: Enrollment, next: Pick<Enrollment, 'nominalAt' | 'dueAt'>): Promise<boolean>;

  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first, looking back `months` UTC months. */
  listAudit(limit: number, now: Date, months?: number): Promise<AuditEntry[]>;

  /** Atomically adds one to a step's total and to its counter for `day` (clinic-local yyyy-MM-dd). */
  countStepEvent(sequenceId: string, stepId: string, event: CountedEvent, day: string): Promise<void>;
  listStepCounters(sequenceId: string): Promise<Record<string, StepCounters>>;
  listDayCounters(sequenceId: string, fromDay: string, toDay: string): Promise<DayCounters[]>;

  createBroadcast(b: Broadcast): Promise<void>;
  getBroadcast(broadcastId: string): Promise<Broadcast | undefined>;
  listBroadcasts(): Promise<Broadcast[]>;
  /** scheduled → cancelled; false once it has started (or is gone). */
  cancelBroadcast(broadcastId: string, at: string, by: string): Promise<boolean>;
  /** Saves expansion progress; `dueAt` undefined takes the broadcast out of the due index. */
  saveBroadcastProgress(broadcastId: string, patch: Pick<Broadcast, 'status' | 'recipients'> & { cursor?: string }, dueAt: string | undefined): Promise<void>;
  /** Creates a pending recipient unless one exists (a re-run of the expansion adds nobody twice). */
  putBroadcastRecipient(r: BroadcastRecipient & { dueAt: string }): Promise<boolean>;
  getBroadcastRecipient(broadcastId: string, subscriberId: string): Promise<BroadcastRecipient | undefined>;
  /** Final state; leaves the due index. */
  settleBroadcastRecipient(broadcastId: string, subscriberId: string, state: RecipientState, at: string, reason?: string): Promise<void>;
  /** Still pending, due again at `dueAt` (quiet hours). */
  deferBroadcastRecipient(broadcastId: string, subscriberId: string, dueAt: string, at: string): Promise<void>;
  listDueBroadcastWork(shard: number, now: Date, limit: number): Promise<BroadcastWork[]>;
  /** Pushes a work item's due time to `until` if it is still due at `dueAt` (one dispatcher wins). */
  leaseBroadcastWork(work: BroadcastWork, until: string): Promise<boolean>;
  earliestBroadcastDue(): Promise<string | undefined>;
}
