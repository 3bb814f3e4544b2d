/**
 * Moves an enrollment past a step and schedules the next one (or completes it).
 * Steps ended by a reached goal (e.g. `booked` ends the invite steps) are passed over.
 */
import type { DomainContext } from '../core/domainContext.js';
import { dueTimeOf, nominalTimeOf } from './enrollSubscriber.js';
import type { Enrollment, Subscriber } from '../core/model.js';
import { currentClosedDays } from '../clinic/clinicProfile.js';
import type { IsClosed } from './clinicCalendar.js';
import { type RunningEnrollment, running } from './stepsOf.js';

/**
 * Where an enrollment goes after `fromStepIndex`: its next unsent step (due at its window) or
 * completion; `extra` is merged in (`lastSmsDate`). Pure: the caller writes it (advanceEnrollment,
 * or the send worker's settle transaction).
 */
export const nextStepOf = (
  deps: Pick<DomainContext, 'clock' | 'settings'>,
  enrollment: RunningEnrollment,
  subscriber: Subscriber | undefined,
  fromStepIndex: number,
  extra: Partial<Enrollment> = {},
  isClosed?: IsClosed,
): { next: Partial<Enrollment>; removeDue: boolean } => {
  const zone = subscriber?.timezone ?? deps.settings.clinic.timezone;
  const now = deps.clock.now();
  let nominal = new Date(enrollment.nominalAt);
  let index = fromStepIndex + 1;
  const goals = new Set(enrollment.goals ?? []);
  while (index < enrollment.steps.length) {
    const step = enrollment.steps[index]!;
    nominal = nominalTimeOf(nominal, step, zone);
    if (!(step.goalExit ?? []).some((g) => goals.has(g))) break;
    index++;
  }
  if (index >= enrollment.steps.length) return { next: { ...extra, nextStepIndex: index, status: 'completed' }, removeDue: true };
  const step = enrollment.steps[index]!;
  // A late run (outage, pause) never fires a backlog at once: the next step waits for its own time or now.
  const from = nominal > now ? nominal : now;
  const due = dueTimeOf(from, step, zone, subscriber?.phoneState, subscriber?.smsZones, isClosed);
  return { next: { ...extra, nextStepIndex: index, nominalAt: nominal.toISOString(), dueAt: due.toISOString() }, removeDue: false };
};

/**
 * Moves an enrollment from `fromStepIndex` to its next unsent step (due at its window) or completes
 * it; `extra` is merged into the update (`lastSmsDate`). A lost race (someone moved it first) is a no-op.
 */
export const advanceEnrollment = async (
  deps: DomainContext,
  enrollment: Enrollment,
  subscriber: Subscriber | undefined,
  fromStepIndex: number,
  extra: Partial<Enrollment> = {},
): Promise<boolean> => {
  const { next, removeDue } = nextStepOf(deps, await running(deps, enrollment), subscriber, fromStepIndex, extra, await currentClosedDays(deps));
  return deps.store.advanceEnrollment(enrollment, fromStepIndex, next, removeDue);
};
