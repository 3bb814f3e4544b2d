/**
 * Inbound texts: two-way SMS → SNS topic → this Lambda. Each SNS record carries the AWS
 * inbound-SMS JSON (originationNumber, messageBody, inboundMessageId).
 */
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { handleInboundText } from '../../domain/recipientActions/handleInboundText.js';
import { logger } from '../../logger.js';
import { countMetric } from '../../metrics/operationalMetrics.js';
import { domainContext } from '../../wiring.js';
import { traced } from '../../tracing.js';

const InboundSms = z.object({
  originationNumber: z.string().max(32),
  messageBody: z.string().max(1600),
  inboundMessageId: z.string().max(128),
});

export const handler = traced(async (event: SNSEvent): Promise<void> => {
  const d = await domainContext();
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.Sns.Message);
    } catch {
      body = undefined;
    }
    const parsed = InboundSms.safeParse(body);
    if (!parsed.success) {
      logger.warn('unrecognised inbound SMS notification', { snsMessageId: record.Sns.MessageId });
      continue;
    }
    const { originationNumber, messageBody, inboundMessageId } = parsed.data;
    const outcome = await handleInboundText(d, originationNumber, messageBody, inboundMessageId);
    logger.info('inbound text handled', { inboundMessageId, ...outcome });
    countMetric('KeywordReplies', { Intent: outcome.intent });
  }
});
