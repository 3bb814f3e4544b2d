/** No email, phone or name ever reaches a log line (P5): logs are captured at INFO through a whole flow. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { postJson, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_LOG_LEVEL: 'DEBUG' });
});
afterAll(async () => {
  await stack?.stop();
});

describe('logs (P5)', () => {
  it('never contain the email, phone or name of a subscriber', async () => {
    const lines: string[] = [];
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (lines.push(String(chunk)), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (lines.push(String(chunk)), true)),
    ];
    try {
      const email = 'canary.zebra@example.com';
      const phone = '+17145550199';
      await postJson(stack, '/api/subscribe', { email, phone, firstName: 'Zyxwvut', language: 'en', consentEmail: true, consentSms: true });
      await stack.settle();
      await postJson(stack, '/api/subscribe', { email: 'broken', firstName: 'Zyxwvut', language: 'en', consentEmail: true });
      await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' });
      await stack.advance('P1D');
    } finally {
      for (const s of spies) s.mockRestore();
    }
    const all = lines.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).toContain('subscriberId');
    for (const secret of ['canary.zebra', '7145550199', '555-0199', 'Zyxwvut']) expect(all).not.toContain(secret);
  });
});
