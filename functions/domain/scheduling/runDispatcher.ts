/**
 * One dispatcher run (EventBridge every minute; local mode's tick). The order is a rule: first
 * finish resumes of paused sequences (so their enrollments are due again), then queue due drip
 * steps, then expand and queue broadcast work, then queue again UNKNOWN system and clinic
 * messages past their wait (issue 16), all through the same send queue.
 */
import { dispatchBroadcasts, type BroadcastDispatchReport } from '../broadcasts/dispatchBroadcasts.js';
import { resumeParkedOfRunningSequences } from '../console/pauseSequence.js';
import type { DomainContext } from '../core/domainContext.js';
import { dispatchUnknownResends, type ResendDispatchReport } from '../sending/dispatchUnknownResends.js';
import { type DispatchReport, dispatchDue } from './dispatchDue.js';

/** What one run did: enrollments resumed, and the drip and broadcast passes' reports. */
export interface DispatcherRun {
  resumed: number;
  drip: DispatchReport;
  broadcasts: BroadcastDispatchReport;
  /** UNKNOWN system and clinic messages queued again after their wait (issue 16). */
  resends: ResendDispatchReport;
}

/** Runs the four passes in order; safe to run concurrently (every item is leased before it is queued). */
export const runDispatcher = async (deps: DomainContext): Promise<DispatcherRun> => {
  const resumed = await resumeParkedOfRunningSequences(deps);
  const drip = await dispatchDue(deps);
  const broadcasts = await dispatchBroadcasts(deps);
  const resends = await dispatchUnknownResends(deps);
  return { resumed, drip, broadcasts, resends };
};
