/**
 * "Move enrollments to version N": the explicit staff action that puts running enrollments on
 * another version's steps. Nothing else ever changes the steps an enrollment runs: they are
 * its `sequenceVersion`'s (stepsOf.ts), so a move writes the version number, and an item in the
 * old shape loses its stored copy of the steps with it.
 *
 * Each enrollment keeps its place: it continues right after the last step it had passed that
 * the new version still has (new steps inserted after that point are sent; removed ones are
 * not). Steps ended by a goal the enrollment reached stay skipped. Its next due time keeps the
 * nominal time it had and moves into the new step's window. Members are read from the
 * sequence's membership rows (sharded Queries), never a Scan. A run handles up to `limit`
 * members (default 10 000); run it again to continue a larger list (it is idempotent).
 */
import { DUE_SHARDS } from '../../contract/table.js';
import { recordAudit } from './auditLog.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { DomainContext } from '../core/domainContext.js';
import { dueTimeOf } from '../scheduling/enrollSubscriber.js';
import { InvalidInput, NotFound } from '../core/errors.js';
import type { Enrollment, EnrollmentStep, Subscriber } from '../core/model.js';
import { enrollmentSteps } from '../scheduling/SequenceDefinition.js';
import { type RunningEnrollment, running } from '../scheduling/stepsOf.js';

/** Index in `steps` where an enrollment continues after moving there (`steps.length`: finished). */
export const continuationIndex = (e: Pick<RunningEnrollment, 'steps' | 'nextStepIndex' | 'goals'>, steps: EnrollmentStep[]): number => {
  const ids = steps.map((s) => s.id);
  let index = -1;
  for (let j = e.nextStepIndex - 1; j >= 0 && index < 0; j--) {
    const k = ids.indexOf(e.steps[j]?.id ?? '');
    if (k >= 0) index = k + 1;
  }
  if (index < 0) {
    // None of the passed steps survive: continue at the first surviving upcoming step, else at the start.
    index = 0;
    for (let j = e.nextStepIndex; j < e.steps.length; j++) {
      const k = ids.indexOf(e.steps[j]?.id ?? '');
      if (k >= 0) {
        index = k;
        break;
      }
    }
  }
  const goals = new Set(e.goals ?? []);
  while (index < steps.length && (steps[index]?.goalExit ?? []).some((g) => goals.has(g))) index++;
  return index;
};

/** The patch that moves one enrollment onto `steps` of `version`, and whether it leaves the due index. */
export const movedEnrollment = (
  e: RunningEnrollment,
  steps: EnrollmentStep[],
  version: number,
  s: Subscriber | undefined,
  now: Date,
  fallbackZone: string,
): { next: Partial<Enrollment>; removeDue: boolean } => {
  const index = continuationIndex(e, steps);
  if (index >= steps.length) return { next: { sequenceVersion: version, nextStepIndex: index, status: 'completed' }, removeDue: true };
  const next: Partial<Enrollment> = { sequenceVersion: version, nextStepIndex: index };
  // A parked enrollment gets its due time when the sequence resumes.
  if (!e.parkedAt) {
    const nominal = new Date(e.nominalAt) > now ? new Date(e.nominalAt) : now;
    next.dueAt = dueTimeOf(nominal, steps[index] as EnrollmentStep, s?.timezone ?? fallbackZone, s?.phoneState).toISOString();
  }
  return { next, removeDue: false };
};

/** Enrollments moved, completed by the move (no step left), left unchanged, and lost to a concurrent change (`contended`; run again). */
export interface MoveReport {
  moved: number;
  completed: number;
  unchanged: number;
  contended: number;
}

/**
 * Moves up to `limit` running enrollments (default 10 000) onto `toVersion`'s steps, keeping their place; audited.
 * @throws NotFound for an unknown sequence; InvalidInput (`toVersion`) for a version it does not have.
 */
export const moveEnrollments = async (
  deps: DomainContext,
  actor: StaffActor,
  sequenceId: string,
  request: { toVersion: number; fromVersion?: number },
  limit = 10_000,
): Promise<MoveReport> => {
  const { store, clock } = deps;
  const head = await deps.sequences.head(sequenceId);
  if (!head) throw new NotFound('sequence');
  const target = await deps.sequences.version(sequenceId, request.toVersion);
  if (!target) throw new InvalidInput({ toVersion: `Sequence ${sequenceId} has no version ${request.toVersion}` });
  const steps = enrollmentSteps(target);
  const report: MoveReport = { moved: 0, completed: 0, unchanged: 0, contended: 0 };
  let seen = 0;
  for (let shard = 0; shard < DUE_SHARDS && seen < limit; shard++) {
    let after: string | undefined;
    do {
      const page = await store.listSequenceMembers(sequenceId, shard, 100, after);
      after = page.next;
      for (const subscriberId of page.subscriberIds) {
        seen++;
        const stored = await store.getEnrollment(subscriberId, sequenceId);
        const e = stored && (await running(deps, stored));
        if (!e || e.status !== 'active' || e.sequenceVersion === request.toVersion || (request.fromVersion && e.sequenceVersion !== request.fromVersion)) {
          report.unchanged++;
          continue;
        }
        const s = await store.getSubscriber(subscriberId, clock.now());
        const { next, removeDue } = movedEnrollment(e, steps, request.toVersion, s, clock.now(), deps.settings.clinic.timezone);
        if (!(await store.advanceEnrollment(e, e.nextStepIndex, next, removeDue))) report.contended++;
        else if (next.status === 'completed') report.completed++;
        else report.moved++;
      }
    } while (after && seen < limit);
  }
  await recordAudit(deps, actor, 'sequence.enrollments.move', `sequence:${sequenceId}`, {
    before: { fromVersion: request.fromVersion ?? 'any' },
    after: { toVersion: request.toVersion, ...report },
  });
  return report;
};
