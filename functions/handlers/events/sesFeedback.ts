/**
 * SES feedback: configuration-set event publishing → SNS topic → this Lambda (O2, O3, R4, R9).
 * Malformed or unknown notifications are logged by id (never an address: P5) and acknowledged;
 * a failure while applying one is rethrown after the rest, so the invocation is retried and the
 * idempotent domain step makes the replay harmless.
 */
import type { SNSEvent } from 'aws-lambda';
import { parseSesNotification } from '../../adapters/aws/sesNotification.js';
import { handleDeliveryFeedback } from '../../domain/recipientActions/handleDeliveryFeedback.js';
import { SendInFlight } from '../../domain/core/errors.js';
import { logger } from '../../logger.js';
import { countMetric } from '../../metrics/operationalMetrics.js';
import { domainContext } from '../../wiring.js';
import { traced } from '../../tracing.js';

export const handler = traced(async (event: SNSEvent): Promise<void> => {
  const d = await domainContext();
  let failure: unknown;
  for (const record of event?.Records ?? []) {
    const snsMessageId = String(record?.Sns?.MessageId ?? '');
    const parsed = parseSesNotification(snsMessageId, typeof record?.Sns?.Message === 'string' ? record.Sns.Message : '');
    if (!parsed.ok) {
      logger.warn(parsed.reason === 'ignored' ? 'SES notification ignored' : 'malformed SES notification', {
        snsMessageId: snsMessageId.slice(0, 128),
        ...(parsed.eventType ? { eventType: parsed.eventType } : {}),
      });
      continue;
    }
    const { feedback } = parsed;
    try {
      const outcome = await handleDeliveryFeedback(d, feedback);
      countMetric('FeedbackEvents', { EventType: parsed.eventType });
      logger.info('SES feedback handled', { snsMessageId, eventType: parsed.eventType, sendId: feedback.sendId, providerMessageId: feedback.providerMessageId, outcome });
    } catch (err) {
      // The send it reports is still being settled (issue 16): expected, redelivered shortly.
      const log = err instanceof SendInFlight ? logger.info.bind(logger) : logger.error.bind(logger);
      log('SES feedback failed; will retry', { snsMessageId, eventType: parsed.eventType, errorName: (err as Error).name });
      failure ??= err;
    }
  }
  if (failure) throw failure;
});
