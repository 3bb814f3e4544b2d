/**
 * Issue 16: an inbound text is never answered with a 5xx because a dependency hiccupped. The
 * 400-subscriber chaos run counted 16 5xx on `POST /api/dev/sms/inbound`: a YES or START checks
 * SNS's opt-out list, and SNS throttling that call surfaced as ProviderThrottled, which was not
 * classed as transient, so neither the Lambda's source (SNS) nor the local route retried it.
 * Redeliveries of one inbound message id are handled once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as smsInbound } from '../../functions/handlers/events/smsInbound.js';
import { domainContext } from '../../functions/wiring.js';
import { activeFaultInjector } from '../../local/faults/faultMiddleware.js';
import { SNS_DELIVERIES_HEADER } from '../../local/handlers/devSmsInbound.js';
import type { LocalStack } from '../../local/localStack.js';
import { snsNotification } from '../../local/snsNotification.js';
import { nextPhone, subscriberRow } from '../support/recipientActions.js';
import { postJson, sent, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  // Half of all SNS calls throttled (Publish and the opt-out list look-up alike).
  stack = await startTestStack({ CARECAST_FAULTS: JSON.stringify({ seed: 16, sns: { throttle: 0.5 } }) });
});
afterAll(() => stack?.stop());

const smsOnlySignup = async (phone: string) => {
  const r = await postJson(stack, '/api/subscribe', { firstName: 'Ana', phone, consentSms: true, language: 'en' });
  expect(r.status).toBe(202);
};

const inboundEvent = (from: string, body: string, inboundMessageId: string) =>
  snsNotification(
    'carecast-inbound-sms',
    JSON.stringify({ originationNumber: from, destinationNumber: '+18885550100', messageKeyword: 'KEYWORD', messageBody: body, inboundMessageId, previousPublishedMessageId: '' }),
  );

describe('inbound texts under provider throttling', () => {
  it('a YES whose opt-out look-up is throttled is delivered again, not answered 5xx, and confirms the number', async () => {
    const phones = Array.from({ length: 6 }, () => nextPhone());
    for (const p of phones) await smsOnlySignup(p);
    await stack.settle();
    const answers = [];
    for (const p of phones) {
      const r = await postJson(stack, '/api/dev/sms/inbound', { from: p, body: 'YES' });
      answers.push({ status: r.status, deliveries: Number(r.headers.get(SNS_DELIVERIES_HEADER)) });
    }
    expect(activeFaultInjector()?.injected()['sns.throttle'] ?? 0).toBeGreaterThan(0);
    // The throttle reached the handler (it needed another delivery) and no patient saw a 5xx.
    expect(answers.some((a) => a.deliveries > 1)).toBe(true);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const d = await domainContext();
    for (const p of phones) {
      const id = await d.store.findSubscriberIdByAddress('sms', d.hasher.hash('sms', p), stack.clock.now());
      expect((await subscriberRow(stack, id as string))?.smsStatus).toBe('confirmed');
    }
  });

  it('one inbound message id delivered three times is handled once: one forward to the clinic, one auto-reply', async () => {
    const phone = nextPhone();
    await smsOnlySignup(phone);
    await stack.settle();
    for (let i = 0; i < 4 && (await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' })).status !== 202; i++);
    await stack.settle();
    const before = { texts: sent(stack, { channel: 'sms', to: phone }).length, inbox: sent(stack, { channel: 'email' }).filter((e) => e.to.includes('bookings@')).length };
    const id = randomUUID();
    for (let i = 0; i < 3; i++) await smsInbound(inboundEvent(phone, 'Can I bring my husband to the visit?', id));
    await stack.settle();
    expect(sent(stack, { channel: 'email' }).filter((e) => e.to.includes('bookings@')).length - before.inbox).toBe(1);
    expect(sent(stack, { channel: 'sms', to: phone }).length - before.texts).toBe(1);
  });

  it('the auto-reply claim taken by a text is still that text’s on its redelivery, and nobody else’s', async () => {
    const { store, hasher } = await domainContext();
    const hash = hasher.hash('sms', nextPhone());
    const now = stack.clock.now();
    const until = Math.floor(now.getTime() / 1000) + 3600;
    expect(await store.claimAutoReply(hash, until, now, 'first')).toBe(true);
    expect(await store.claimAutoReply(hash, until, now, 'first')).toBe(true);
    expect(await store.claimAutoReply(hash, until, now, 'second')).toBe(false);
  });
});
