/**
 * Enrolls a subscriber in a sequence once (a second call is a no-op) and schedules step one.
 */
import { DateTime, Duration } from 'luxon';
import type { DomainContext } from '../core/domainContext.js';
import type { Enrollment, EnrollmentStep } from '../core/model.js';
import { enrollmentSteps } from './SequenceDefinition.js';
import { dailyWindow, nextOpeningInZones, windowZones } from './sendWindows.js';
import { enrollmentIdOf } from '../core/sendIds.js';
import { countStepEvent, SEQUENCE_TOTAL_STEP } from '../results/countStepEvent.js';
import { enrollmentStart } from '../console/scheduleSequence.js';
import { currentClosedDays } from '../clinic/clinicProfile.js';
import type { IsClosed } from './clinicCalendar.js';

/** Nominal time of a step: the previous nominal time plus the step's delay, in local wall time. */
export const nominalTimeOf = (previousNominal: Date, step: EnrollmentStep, zone: string): Date =>
  DateTime.fromJSDate(previousNominal, { zone }).plus(Duration.fromISO(step.after)).toJSDate();

/**
 * When a step may go: its nominal time moved to the next opening of its window, on a day the clinic
 * is open (`isClosed`, issue 14). A text to a number whose zone is not known (`smsZones`, from a straddling area code) waits for its window in all of them.
 */
export const dueTimeOf = (nominal: Date, step: EnrollmentStep, zone: string, phoneState?: string, smsZones?: readonly string[], isClosed?: IsClosed): Date =>
  nextOpeningInZones(nominal, windowZones(step.channel, zone, smsZones), dailyWindow(step.window, step.channel, phoneState, isClosed));

/**
 * @param opts.restart after a fresh confirmation (a re-subscription): `if-stopped` starts an exited
 *   or completed enrollment again from its first step; `always` also restarts an active one (no
 *   channel was receiving it). A restart is a new run (new sendIds) on the current version.
 * @returns `restarted` when it did so; `already` when an existing enrollment goes on as it is.
 */
export const enrollSubscriber = async (
  deps: DomainContext,
  subscriberId: string,
  sequenceId: string,
  opts: { restart?: 'if-stopped' | 'always' } = {},
): Promise<'enrolled' | 'restarted' | 'already'> => {
  const { store, clock, sequences } = deps;
  const now = clock.now();
  const subscriber = await store.getSubscriber(subscriberId, now);
  const live = await sequences.current(sequenceId);
  if (!subscriber || !live) throw new Error(`Cannot enroll: unknown ${subscriber ? 'sequence' : 'subscriber'}`);
  const sequence = live.definition;
  const steps = enrollmentSteps(sequence);
  const first = steps[0] as EnrollmentStep;
  // Before the sequence's opening date (staff schedule), step one waits for the opening.
  const nominal = nominalTimeOf(enrollmentStart(now, live.head.openFrom, deps.settings.clinic.timezone), first, subscriber.timezone);
  const enrollment: Enrollment = {
    enrollmentId: enrollmentIdOf(subscriberId, sequenceId),
    subscriberId,
    sequenceId,
    sequenceVersion: sequence.version,
    nextStepIndex: 0,
    nominalAt: nominal.toISOString(),
    dueAt: dueTimeOf(nominal, first, subscriber.timezone, subscriber.phoneState, subscriber.smsZones, await currentClosedDays(deps)).toISOString(),
    status: 'active',
    createdAt: now.toISOString(),
  };
  // Membership first (idempotent): staff moves and broadcast audiences page through it (issue 6).
  await store.addSequenceMember(sequenceId, subscriberId);
  if (!(await store.createEnrollment(enrollment))) {
    const existing = opts.restart ? await store.getEnrollment(subscriberId, sequenceId) : undefined;
    if (!existing || (existing.status === 'active' && opts.restart !== 'always')) return 'already';
    const restarted = { ...enrollment, run: (existing.run ?? 0) + 1 };
    if (!(await store.restartEnrollment(restarted, existing.status))) return 'already';
    await countStepEvent(deps, sequenceId, SEQUENCE_TOTAL_STEP, 'enrolled');
    return 'restarted';
  }
  await countStepEvent(deps, sequenceId, SEQUENCE_TOTAL_STEP, 'enrolled');
  return 'enrolled';
};
