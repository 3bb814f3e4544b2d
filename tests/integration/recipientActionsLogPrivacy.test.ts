/**
 * No address, name or link token reaches a log line (P5) through every recipient action:
 * one-click unsubscribe, preferences, a click, a booking, SES feedback (including a malformed
 * one), STOP and "delete my data".
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { clickLinkIn, confirmedSubscriber, oneClick, postForm, replaySes, sesSample, unsubscribeUrlFor } from '../support/recipientActions.js';
import { postJson, sent, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_LOG_LEVEL: 'DEBUG' });
});
afterAll(async () => {
  await stack?.stop();
});

describe('logs of recipient actions (P5)', () => {
  it('never contain an email address, a phone number, a name or a token', async () => {
    const s = await confirmedSubscriber(stack, { sms: true, firstName: 'Quenbyrth' });
    await stack.advance('PT12H');
    const welcome = sent(stack, { to: s.email }).find((e) => e.tags?.step === 'welcome');
    const unsub = unsubscribeUrlFor(stack, s.email);
    const click = clickLinkIn(welcome?.text);
    const secrets = [s.email, (s.phone as string).slice(2), 'Quenbyrth', unsub.slice(unsub.indexOf('/u/') + 3), click.slice(click.indexOf('/c/') + 3)];
    const lines: string[] = [];
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (lines.push(String(chunk)), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (lines.push(String(chunk)), true)),
    ];
    try {
      await fetch(unsub);
      await postForm(unsub, { action: 'language', language: 'es' });
      const redirect = await fetch(click, { redirect: 'manual' });
      const token = new URL(redirect.headers.get('location') as string).searchParams.get('t') as string;
      secrets.push(token);
      await postJson(stack, '/api/book', { token, firstName: 'Quenbyrth', email: s.email, phone: s.phone, location: 'orange', preferredTimes: 'Mornings', reason: 'Quenbyrth reason', consentContact: true });
      await postJson(stack, '/api/book', { firstName: 'Quenbyrth', email: 'not-an-email', location: 'orange', preferredTimes: 'x', consentContact: true });
      await replaySes(stack, sesSample('delivery', { to: s.email, sendId: welcome?.tags?.sendId as string }));
      await replaySes(stack, sesSample('bounce-transient', { to: s.email }));
      await replaySes(stack, { eventType: 'Bounce', mail: { messageId: 'm', destination: [s.email] } }); // malformed
      await postJson(stack, '/api/dev/sms/inbound', { from: s.phone, body: 'Quenbyrth here, stop texting me' });
      await oneClick(unsub);
      await postForm(unsub, { action: 'delete', confirm: 'yes' });
      await stack.settle();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    const all = lines.join('\n');
    expect(all).toContain('subscriberId');
    expect(all).toMatch(/SES feedback handled/);
    expect(all).toMatch(/malformed SES notification/);
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
