/** The dispatcher (EventBridge, every minute; local mode: a tick loop): one domain run, logged by counts. */
import { runDispatcher } from '../../domain/scheduling/runDispatcher.js';
import { logger } from '../../logger.js';
import { domainContext } from '../../wiring.js';
import { traced } from '../../tracing.js';

export const handler = traced(async (): Promise<{ dispatched: number; contended: number }> => {
  const { resumed, drip, broadcasts, resends } = await runDispatcher(await domainContext());
  if (drip.dispatched || drip.contended) logger.info('dispatched due steps', { ...drip });
  if (broadcasts.dispatched || broadcasts.expanded || broadcasts.contended) logger.info('dispatched broadcast work', { ...broadcasts });
  if (resumed) logger.info('resumed parked enrollments', { resumed });
  if (resends.requeued || resends.contended || resends.dropped) logger.info('queued UNKNOWN system messages again', { ...resends });
  return { dispatched: drip.dispatched + broadcasts.dispatched + resends.requeued, contended: drip.contended + broadcasts.contended + resends.contended };
});
