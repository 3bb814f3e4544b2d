/**
 * Pausing and resuming a sequence.
 *
 * While a sequence is paused, the dispatcher (and the worker, for a job queued just before the
 * pause) parks each enrollment that falls due: it leaves the due index at the step it had
 * reached, with a marker row under `PARKED#<sequence>`. Nothing is sent. Resuming puts each
 * parked enrollment back with a fresh due time: its step's nominal time or now, whichever is
 * later, moved to the next opening of that step's window (quiet hours and state rules for
 * texts, S8). The following steps count their delays from there, so a long pause never turns
 * into a burst of overdue messages. The dispatcher also sweeps parked rows of every running
 * sequence each minute, so a resume interrupted half-way (or a park that raced it) finishes.
 */
import { recordAudit } from './auditLog.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { SequenceHead } from '../ports/sending/sequenceVersions.js';
import type { DomainContext } from '../core/domainContext.js';
import { dueTimeOf } from '../scheduling/enrollSubscriber.js';
import { NotFound } from '../core/errors.js';
import type { Enrollment, EnrollmentStep, Subscriber } from '../core/model.js';
import { enrollmentIdOf } from '../core/sendIds.js';
import { type RunningEnrollment, running } from '../scheduling/stepsOf.js';

/** When a parked enrollment's step goes after a resume at `now`. */
export const resumedSchedule = (e: RunningEnrollment, s: Subscriber | undefined, now: Date, fallbackZone: string): Pick<Enrollment, 'nominalAt' | 'dueAt'> => {
  const step = e.steps[e.nextStepIndex] as EnrollmentStep;
  const zone = s?.timezone ?? fallbackZone;
  const nominal = new Date(e.nominalAt) > now ? new Date(e.nominalAt) : now;
  return { nominalAt: nominal.toISOString(), dueAt: dueTimeOf(nominal, step, zone, s?.phoneState).toISOString() };
};

/**
 * Pauses a sequence (idempotent); the dispatcher and worker then park its due enrollments. Audited.
 * @throws NotFound for an unknown sequence.
 */
export const pauseSequence = async (deps: DomainContext, actor: StaffActor, sequenceId: string): Promise<SequenceHead> => {
  const head = await deps.sequences.head(sequenceId);
  if (!head) throw new NotFound('sequence');
  if (!head.paused) {
    const at = deps.clock.now().toISOString();
    if (await deps.store.updateSequenceHead(sequenceId, { paused: true, pausedAt: at, updatedAt: at }, [], false)) {
      await recordAudit(deps, actor, 'sequence.pause', `sequence:${sequenceId}`, { before: { paused: false }, after: { paused: true, pausedAt: at } });
    }
  }
  return (await deps.sequences.head(sequenceId)) as SequenceHead;
};

/** Puts up to `max` parked enrollments of a running sequence back on schedule; returns how many. */
export const resumeParked = async (deps: DomainContext, sequenceId: string, max: number): Promise<number> => {
  const { store, clock } = deps;
  let resumed = 0;
  let seen = 0;
  while (seen < max) {
    const page = await store.listParked(sequenceId, Math.min(100, max - seen));
    if (page.length === 0) break;
    seen += page.length;
    for (const p of page) {
      const stored = await store.getEnrollment(p.subscriberId, p.sequenceId);
      const e = stored && (await running(deps, stored));
      if (!e || !e.steps[e.nextStepIndex]) {
        // Gone or finished while parked: only the marker is left to remove.
        const stub = { subscriberId: p.subscriberId, sequenceId: p.sequenceId, enrollmentId: enrollmentIdOf(p.subscriberId, p.sequenceId), nextStepIndex: -1 } as Enrollment;
        await store.unparkEnrollment(stub, { nominalAt: '', dueAt: '' });
        continue;
      }
      const s = await store.getSubscriber(e.subscriberId, clock.now());
      if (await store.unparkEnrollment(e, resumedSchedule(e, s, clock.now(), deps.settings.clinic.timezone))) resumed++;
    }
  }
  return resumed;
};

/**
 * Resumes a paused sequence and puts its parked enrollments back in the due index (resumedSchedule). Audited.
 * @throws NotFound for an unknown sequence.
 */
export const resumeSequence = async (deps: DomainContext, actor: StaffActor, sequenceId: string): Promise<SequenceHead & { resumed: number }> => {
  const head = await deps.sequences.head(sequenceId);
  if (!head) throw new NotFound('sequence');
  let resumed = 0;
  if (head.paused && (await deps.store.updateSequenceHead(sequenceId, { paused: false, updatedAt: deps.clock.now().toISOString() }, ['pausedAt'], true))) {
    resumed = await resumeParked(deps, sequenceId, 1_000);
    await recordAudit(deps, actor, 'sequence.resume', `sequence:${sequenceId}`, {
      before: { paused: true, pausedAt: head.pausedAt },
      after: { paused: false, resumedNow: resumed },
    });
  }
  return { ...((await deps.sequences.head(sequenceId)) as SequenceHead), resumed };
};

/** The dispatcher's sweep: parked rows of sequences that are running again go back on schedule. */
export const resumeParkedOfRunningSequences = async (deps: DomainContext, maxPerSequence = 500): Promise<number> => {
  let total = 0;
  for (const head of await deps.store.listSequenceHeads()) {
    if (!head.paused) total += await resumeParked(deps, head.sequenceId, maxPerSequence);
  }
  return total;
};
