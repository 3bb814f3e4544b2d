/**
 * Enrollments (one per subscriber and sequence), their place in the sharded due index, the
 * parked set of paused sequences, and sequence membership. Every move is conditional on the
 * step the caller saw, so two dispatchers or workers never both move one enrollment.
 */
import type { Enrollment } from '../../core/model.js';

export interface Enrollments {
  /** Creates an enrollment unless one exists for this subscriber and sequence; false when one did. */
  createEnrollment(enrollment: Enrollment): Promise<boolean>;
  getEnrollment(subscriberId: string, sequenceId: string): Promise<Enrollment | undefined>;
  listEnrollments(subscriberId: string): Promise<Enrollment[]>;
  /** Up to `limit` enrollments whose dueAt ≤ now on one shard of the due index (never a Scan). */
  listDue(shard: number, now: Date, limit: number): Promise<Enrollment[]>;
  /** Pushes an enrollment's dueAt to `until` (ISO) if it is still active at `stepIndex` and due at `dueAt`. */
  leaseDue(e: Enrollment, until: string): Promise<boolean>;
  /**
   * Moves an enrollment from `fromStepIndex` to `next`; `removeDue` takes it out of the due index
   * (finished or exited). False if someone moved it first.
   */
  advanceEnrollment(e: Enrollment, fromStepIndex: number, next: Partial<Enrollment>, removeDue: boolean): Promise<boolean>;
  /** Replaces a finished or exited enrollment with a new run; false when it is active or moved meanwhile. */
  restartEnrollment(e: Enrollment, expectedStatus: string): Promise<boolean>;
  /** Ends an active enrollment early (its due entry goes too); false if it was not active. */
  exitEnrollment(subscriberId: string, sequenceId: string, reason: string): Promise<boolean>;
  /** Adds a reached exit goal (`booked`) to an enrollment; false if it was already there. */
  addEnrollmentGoal(subscriberId: string, sequenceId: string, goal: string): Promise<boolean>;

  /** Takes an active enrollment at `e.nextStepIndex` out of the due index while its sequence is paused (one transaction with its parked row). */
  parkEnrollment(e: Enrollment, at: string): Promise<boolean>;
  /** Up to `limit` parked enrollments of a sequence. */
  listParked(sequenceId: string, limit: number): Promise<{ subscriberId: string; sequenceId: string }[]>;
  /** Puts a parked enrollment back in the due index with `next`; drops the parked row either way. False when it was not resumed. */
  unparkEnrollment(e: Enrollment, next: Pick<Enrollment, 'nominalAt' | 'dueAt'>): Promise<boolean>;

  /** Notes that a subscriber enrolled in a sequence (idempotent). */
  addSequenceMember(sequenceId: string, subscriberId: string): Promise<void>;
  /** One page of a sequence's members on one shard, after `after` (the previous page's `next`). */
  listSequenceMembers(sequenceId: string, shard: number, limit: number, after?: string): Promise<{ subscriberIds: string[]; next?: string }>;
}

/**
 * What an adapter stores of an enrollment (or of a patch to one): everything but `steps`, which
 * come from its sequence version (scheduling/stepsOf.ts, issue 15). Adapters write nothing else.
 */
export const storedEnrollment = <T extends Partial<Enrollment>>(e: T): Omit<T, 'steps'> => {
  const { steps: _steps, ...stored } = e;
  return stored;
};

/** Attributes a patch removes besides its own: moving to another version drops an old-shape item's copy of the steps. */
export const enrollmentAttributesDropped = (next: Partial<Enrollment>): string[] => (next.sequenceVersion === undefined ? [] : ['steps']);
