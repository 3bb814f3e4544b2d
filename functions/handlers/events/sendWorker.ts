/**
 * The send worker (SQS → Lambda). Each record is one job; a failure is reported per record
 * (R2), so a batch of ten never resends the nine that worked. Throttling is retried in-process
 * with full-jitter backoff (R6); what still fails goes back to the queue and, after
 * maxReceiveCount tries, to the DLQ.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord, Context, SQSBatchResponse } from 'aws-lambda';
import { SendJobSchema } from '../../contract/sendJob.js';
import { retryWithBackoff } from '../../domain/sending/backoff.js';
import { processSendJob } from '../../domain/sending/processSendJob.js';
import { logger } from '../../logger.js';
import { domainContext } from '../../wiring.js';
import { traced } from '../../tracing.js';

const processor = new BatchProcessor(EventType.SQS);

export const retryPolicy = {
  retries: 3,
  baseMs: 200,
  capMs: 5_000,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

const processRecord = async (record: SQSRecord): Promise<void> => {
  const parsed = SendJobSchema.safeParse(JSON.parse(record.body));
  if (!parsed.success) {
    // A malformed job can never succeed: fail it so it reaches the DLQ for a human.
    logger.error('malformed send job', { messageId: record.messageId });
    throw new Error('malformed send job');
  }
  const job = parsed.data;
  const d = await domainContext();
  try {
    const outcome = await retryWithBackoff(() => processSendJob(d, job), retryPolicy);
    logger.info('send job done', { sendId: job.sendId, ...('subscriberId' in job ? { subscriberId: job.subscriberId } : {}), kind: job.kind, outcome });
  } catch (err) {
    logger.warn('send job failed; will retry', { sendId: job.sendId, errorName: (err as Error).name });
    throw err;
  }
};

export const handler = traced(
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => processPartialResponse(event, processRecord, processor, { context }),
);
