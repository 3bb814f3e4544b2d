/** The dispatcher (EventBridge, every minute; local mode: a tick loop). */
import { dispatchDue } from '../domain/dispatchDue.js';
import { logger } from '../logger.js';
import { deps } from '../wiring.js';

export const handler = async (): Promise<{ dispatched: number; contended: number }> => {
  const report = await dispatchDue(await deps());
  if (report.dispatched || report.contended) logger.info('dispatched due steps', { ...report });
  return report;
};
