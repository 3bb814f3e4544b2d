/**
 * Local mode's stand-in for SNS SMS delivery-status logging → CloudWatch Logs subscription filter
 * → the smsDeliveryStatus Lambda (issue 16): every text the local SMS endpoint accepts produces the
 * record SNS would log (`sns/<region>/<account>/DirectPublishToPhoneNumber`), wrapped as the
 * subscription filter does (gzip, base64, `awslogs.data`), and delivered through the same handler.
 * On a start over kept data the records of every kept text are published again: built from the
 * outbox entry (same message id, number and instant), each lands on the same row.
 */
import { gzipSync } from 'node:zlib';
import { asHandler } from '../functions/adapters/aws/sdkCallRecorder.js';
import { asyncDelivery } from './asyncDelivery.js';
import type { OutboxEntry } from './Outbox.js';
import { localLambdaContext } from './localLambdaContext.js';
import type { Context } from 'aws-lambda';

/** One text the SNS endpoint took: its message id, number and acceptance time. */
export interface AcceptedText {
  messageId: string;
  to: string;
  at: Date;
}

/** SNS's log timestamp: UTC, `YYYY-MM-DD HH:mm:ss.SSS`. */
const snsTimestamp = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');

/** The delivery-status record SNS writes for a text the carrier accepted. */
export const smsDeliveryRecord = (t: AcceptedText): Record<string, unknown> => ({
  notification: { messageId: t.messageId, timestamp: snsTimestamp(t.at) },
  delivery: {
    phoneCarrier: 'Local Carrier',
    mnc: 0,
    numberOfMessageParts: 1,
    destination: t.to,
    priceInUSD: 0.00581,
    smsType: 'Transactional',
    mcc: 310,
    providerResponse: 'Message has been accepted by phone carrier',
    dwellTimeMs: 120,
    dwellTimeMsUntilDeviceAck: 900,
  },
  status: 'SUCCESS',
});

/** A CloudWatch Logs subscription-filter invocation carrying `records`. */
export const awslogsEvent = (records: Record<string, unknown>[], logGroup = 'sns/us-west-2/000000000000/DirectPublishToPhoneNumber') => ({
  awslogs: {
    data: gzipSync(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '000000000000',
        logGroup,
        logStream: 'local',
        subscriptionFilters: ['carecast-sms-delivery-status'],
        logEvents: records.map((r, i) => ({ id: String(i), timestamp: Date.now(), message: JSON.stringify(r) })),
      }),
    ).toString('base64'),
  },
});

type LogsHandler = (event: ReturnType<typeof awslogsEvent>, context?: Context) => Promise<void>;

export const smsDeliveryLogPublisher = (handler: () => Promise<LogsHandler>, sleep: (ms: number) => Promise<void>) =>
  asyncDelivery<AcceptedText>(async (t) => {
    const h = await handler();
    await asHandler('smsDeliveryStatus', () => h(awslogsEvent([smsDeliveryRecord(t)]), localLambdaContext('smsDeliveryStatus')));
  }, sleep);

/** The accepted texts kept in `.data/outbox.jsonl`, to publish their records again after a restart. */
export const keptTexts = (entries: readonly OutboxEntry[]): AcceptedText[] =>
  entries.filter((e) => e.channel === 'sms').map((e) => ({ messageId: e.id, to: e.to, at: new Date(e.sentAt) }));
