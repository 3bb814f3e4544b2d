/**
 * SNS SMS delivery-status records: CloudWatch Logs (`sns/<region>/<account>/
 * DirectPublishToPhoneNumber` and `…/Failure`) → subscription filter → this Lambda (issue 16).
 * Each record is kept by its destination's hash, as the evidence an UNKNOWN text is settled by
 * before any resend (domain/sending/textDeliveryEvidence.ts). Logs carry message ids, never the
 * number. A failure rethrows: CloudWatch Logs retries the invocation, and keeping a record twice
 * changes nothing.
 */
import { parseSmsDeliveryLogs } from '../../adapters/aws/smsDeliveryLog.js';
import { recordTextDeliveryStatus } from '../../domain/sending/textDeliveryEvidence.js';
import { logger } from '../../logger.js';
import { countMetric } from '../../metrics/operationalMetrics.js';
import { domainContext } from '../../wiring.js';
import { traced } from '../../tracing.js';

export const handler = traced(async (event: { awslogs?: { data?: string } }): Promise<void> => {
  const d = await domainContext();
  const { records, skipped, messageType } = parseSmsDeliveryLogs(event);
  if (skipped > 0) logger.warn('SMS delivery-status lines not understood', { skipped, ...(messageType ? { messageType } : {}) });
  for (const r of records) {
    const outcome = await recordTextDeliveryStatus(d, r);
    countMetric('TextDeliveryRecords', { Status: r.status });
    logger.info('SMS delivery status kept', { providerMessageId: r.providerMessageId, status: r.status, outcome });
  }
});
