/**
 * One-off broadcasts (staff console, issue 6): the broadcast, its recipients, and the work items
 * the dispatcher finds on the broadcast partitions of the due index.
 */
import type { Channel, EnrollmentStatus, Language } from '../../core/model.js';

/** Who a broadcast goes to; everyone must also pass the send-time gates (consent, suppression). */
export interface Audience {
  channel: Channel;
  language?: Language;
  sequenceId?: string;
  /** Enrollment status in `sequenceId`. */
  status?: EnrollmentStatus;
  /** Reached this step of `sequenceId` (it was sent or passed). */
  stepId?: string;
  /** Preferred location: that of the person's latest consultation request. */
  locationId?: string;
  /** Has (true) or has not (false) made a consultation request. */
  booked?: boolean;
}

export type BroadcastStatus = 'scheduled' | 'expanding' | 'queued' | 'cancelled';

export interface Broadcast {
  broadcastId: string;
  name: string;
  template: string;
  audience: Audience;
  /** A sequence each recipient is enrolled into once the broadcast is sent to them (an entry point, issue 14). */
  enrollInto?: string;
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

export interface Broadcasts {
  /** @throws ConditionalCheckFailedException when the id exists. */
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
}
