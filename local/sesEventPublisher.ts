/**
 * Local mode's stand-in for SES configuration-set event publishing → SNS → the sesFeedback
 * Lambda (issue 16): each message the local SES endpoint accepts produces its `Send` event, which
 * is delivered asynchronously through the same handler, and redelivered with backoff when the
 * handler fails, as SNS does for a Lambda subscriber. Without it an UNKNOWN email could never be
 * reconciled locally, and the resend after the wait would be a duplicate.
 */
import { asHandler } from '../functions/adapters/aws/sdkCallRecorder.js';
import { asyncDelivery } from './asyncDelivery.js';
import { snsNotification } from './snsNotification.js';
import { localLambdaContext } from './localLambdaContext.js';
import type { Context } from 'aws-lambda';

type SnsHandler = (event: ReturnType<typeof snsNotification>, context?: Context) => Promise<void>;

export const sesEventPublisher = (handler: () => Promise<SnsHandler>, sleep: (ms: number) => Promise<void>) =>
  asyncDelivery<Record<string, unknown>>(async (sesEvent) => {
    const h = await handler();
    await asHandler('sesFeedback', () => h(snsNotification('carecast-ses-events', JSON.stringify(sesEvent)), localLambdaContext('sesFeedback')));
  }, sleep);
