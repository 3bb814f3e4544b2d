/** The dispatcher (EventBridge, every minute; local mode: a tick loop). */
import { dispatchBroadcasts } from '../domain/broadcasts/dispatchBroadcasts.js';
import { dispatchDue } from '../domain/scheduling/dispatchDue.js';
import { resumeParkedOfRunningSequences } from '../domain/console/pauseSequence.js';
import { logger } from '../logger.js';
import { domainContext } from '../wiring.js';

export const handler = async (): Promise<{ dispatched: number; contended: number }> => {
  const d = await domainContext();
  // Staff console (issue 6): finish resumes first, then the drip, then broadcasts, through the same queue.
  const resumed = await resumeParkedOfRunningSequences(d);
  const report = await dispatchDue(d);
  const broadcasts = await dispatchBroadcasts(d);
  if (report.dispatched || report.contended) logger.info('dispatched due steps', { ...report });
  if (broadcasts.dispatched || broadcasts.expanded || broadcasts.contended) logger.info('dispatched broadcast work', { ...broadcasts });
  if (resumed) logger.info('resumed parked enrollments', { resumed });
  return { dispatched: report.dispatched + broadcasts.dispatched, contended: report.contended + broadcasts.contended };
};
