/**
 * Issue 16: the ambiguous window closed for texts, end to end in local mode. Local mode's SNS
 * endpoint logs every text it takes as SNS SMS delivery-status logging does, and the record reaches
 * the `smsDeliveryStatus` handler through the CloudWatch Logs subscription shape. A drip text whose
 * answer was lost after SNS took it is settled by that record and never sent again; one that never
 * left (no record) is sent again after the wait, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsInterceptor } from '../../local/localSmsEndpoint.js';
import type { LocalStack } from '../../local/localStack.js';
import { confirmedSubscriber } from '../support/recipientActions.js';
import { scanTable } from '../../scripts/chaos/tableScan.js';
import { sent, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_UNKNOWN_TEXT_RESEND_MINUTES: '60' });
});
afterAll(() => stack?.stop());

/** Applies `fault` to the next series text to `phone` (not a keyword reply), once; returns what it hit. */
const faultNextSeriesText = (phone: string, fault: 'drop' | 'accept-then-drop') => {
  const hit: { body?: string } = {};
  const intercept: SmsInterceptor = (params) => {
    if (hit.body || params.get('Action') !== 'Publish' || params.get('PhoneNumber') !== phone) return undefined;
    const body = params.get('Message') ?? '';
    if (/Reply YES|unsubscribed|subscribed again/i.test(body)) return undefined;
    hit.body = body;
    return fault;
  };
  stack.faults.sms.current = intercept;
  return hit;
};

/** The subscriber's text rows settled SENT from provider evidence rather than the Publish answer. */
const reconciledTextRows = async (subscriberId: string) =>
  (await scanTable(stack.dynamoEndpoint, stack.tableName)).filter(
    (r) => r.type === 'send' && r.channel === 'sms' && r.subscriberId === subscriberId && r.state === 'SENT' && r.reason === 'reconciled from the provider send event',
  );

describe('an UNKNOWN drip text', () => {
  it('that SNS took is settled by its delivery-status record and never sent again', async () => {
    const { phone, subscriberId } = await confirmedSubscriber(stack, { sms: true, email: false });
    const hit = faultNextSeriesText(phone as string, 'accept-then-drop');
    await stack.advance('P3D');
    await stack.settle();
    expect(hit.body).toBeDefined();
    await stack.advance('P2D');
    await stack.settle();
    stack.faults.sms.current = undefined;
    expect(sent(stack, { channel: 'sms', to: phone as string }).filter((m) => m.body === hit.body)).toHaveLength(1);
    expect(await reconciledTextRows(subscriberId)).toHaveLength(1);
  });

  it('that never left is sent again after the wait, once', async () => {
    const { phone } = await confirmedSubscriber(stack, { sms: true, email: false });
    const hit = faultNextSeriesText(phone as string, 'drop');
    await stack.advance('P3D');
    await stack.settle();
    expect(hit.body).toBeDefined();
    stack.faults.sms.current = undefined;
    await stack.advance('P2D');
    await stack.settle();
    expect(sent(stack, { channel: 'sms', to: phone as string }).filter((m) => m.body === hit.body)).toHaveLength(1);
  });
});
