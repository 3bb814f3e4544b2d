/**
 * Issue 16: a STOP always gets its one confirmation (S5), even when DynamoDB's answer to the
 * write that unsubscribed the number is lost and the SDK's retry of the same write then fails its
 * condition ("already unsubscribed"). Before the move was stamped with the inbound message id, that
 * retry read as "a repeated STOP" and the confirmation was never queued. Every conditional write
 * here is raced: the same write lands twice and the first answer is thrown away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../functions/wiring.js';
import { activeFaultInjector } from '../../local/faults/faultMiddleware.js';
import type { LocalStack } from '../../local/localStack.js';
import { nextPhone, subscriberRow } from '../support/recipientActions.js';
import { postJson, sent, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_FAULTS: JSON.stringify({ seed: 16, dynamodb: { conditionalRace: 1 } }) });
});
afterAll(() => stack?.stop());

describe('STOP under lost DynamoDB answers', () => {
  it('unsubscribes the number and sends exactly one confirmation; a second STOP sends none', async () => {
    const phone = nextPhone();
    const d = await domainContext(); // builds the SDK clients, and with them the fault injector
    const faults = activeFaultInjector();
    if (!faults) throw new Error('fault injection is off');
    faults.enabled = false; // signup and YES as usual; only the STOP's writes are raced
    expect((await postJson(stack, '/api/subscribe', { firstName: 'Ana', phone, consentSms: true, language: 'en' })).status).toBe(202);
    await stack.settle();
    expect((await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' })).status).toBe(202);
    await stack.settle();
    const before = sent(stack, { channel: 'sms', to: phone }).length;
    faults.enabled = true;

    expect((await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'STOP' })).status).toBe(202);
    await stack.settle();
    expect(faults.injected()['dynamodb.conditionalRace'] ?? 0).toBeGreaterThan(0);
    const id = await d.store.findSubscriberIdByAddress('sms', d.hasher.hash('sms', phone), stack.clock.now());
    expect((await subscriberRow(stack, id as string))?.smsStatus).toBe('unsubscribed');
    expect(sent(stack, { channel: 'sms', to: phone }).length - before).toBe(1);

    expect((await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'STOP' })).status).toBe(202);
    await stack.settle();
    expect(sent(stack, { channel: 'sms', to: phone }).length - before).toBe(1);
  });
});
