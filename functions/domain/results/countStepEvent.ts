/**
 * Counts what the system itself does (a step sent, a subscriber enrolled) on the results
 * counters: a step total and a per-day row, atomically (ADD). Recipient events (delivered,
 * bounced, clicked, unsubscribed, booked…) are counted by `recordStepEvent`, once per event id.
 * Nothing is counted for system messages or staff test sends (they carry no sequence step).
 */
import type { CountedEvent } from '../ports/sending/results.js';
import type { DomainContext } from '../core/domainContext.js';
import { statsDayOf } from './statsDay.js';

/** The counter row of a sequence as a whole (step ids never contain `*`): enrollments. */
export const SEQUENCE_TOTAL_STEP = '*';

/** Sequence id under which broadcast results are counted (one "step" per broadcast). */
export const BROADCAST_SEQUENCE_ID = 'broadcast';

/** Adds one to `event` on a step's total and clinic-day counters; a no-op without sequence or step. */
export const countStepEvent = async (
  deps: Pick<DomainContext, 'store' | 'clock' | 'settings'>,
  sequenceId: string | undefined,
  stepId: string | undefined,
  event: CountedEvent,
): Promise<void> => {
  if (!sequenceId || !stepId) return;
  await deps.store.countStepEvent(sequenceId, stepId, event, statsDayOf(deps.clock.now(), deps.settings.clinic.timezone));
};
