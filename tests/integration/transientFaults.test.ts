/**
 * Issue 16: no 5xx to a patient under transient DynamoDB faults. Throttled attempts are retried
 * inside the request; a request whose every attempt is throttled answers 503 + Retry-After, and
 * the no-JS signup form comes back with what the patient typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeFaultInjector } from '../../local/faults/faultMiddleware.js';
import type { LocalStack } from '../../local/localStack.js';
import { whileDynamoDown } from '../support/dynamoDown.js';
import { nextTestIp, postJson, sent, startTestStack } from '../support/testStack.js';

describe('transient DynamoDB faults', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startTestStack({ CARECAST_DYNAMODB_MAX_ATTEMPTS: '3', CARECAST_FAULTS: JSON.stringify({ seed: 16, dynamodb: { throttle: 0.1 } }) });
  });
  afterAll(() => stack.stop());

  const tokenIn = (html: string) => /name="formToken" value="([^"]*)"/.exec(html)?.[1] ?? '';
  const formPost = async (email: string, given?: string) => {
    const page = await fetch(`${stack.baseUrl}/`, { headers: { 'x-carecast-test-ip': nextTestIp() } });
    const formToken = given ?? tokenIn(await page.text());
    // A person takes a while to fill the form in (the time trap, W2, accepts nothing faster).
    if (!given) stack.clock.jumpTo(new Date(stack.clock.now().getTime() + 60_000));
    return fetch(`${stack.baseUrl}/api/subscribe`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl, accept: 'text/html', 'x-carecast-test-ip': nextTestIp() },
      body: new URLSearchParams({ firstName: 'Rosa', email, language: 'en', consentEmail: 'on', formToken }).toString(),
    });
  };

  it('retries throttled attempts inside the request: 10 signups and inbound texts, no 5xx', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await postJson(stack, '/api/subscribe', { email: `rosa.${i}@example.com`, language: 'en', consentEmail: true })).status);
      statuses.push((await postJson(stack, '/api/dev/sms/inbound', { from: `+1714555${String(1000 + i)}`, body: 'HELP' })).status);
    }
    expect(activeFaultInjector()?.injected()['dynamodb.throttle'] ?? 0).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  it('past the retry budget answers 503 + Retry-After, and the form keeps what was typed', async () => {
    let retryToken = '';
    await whileDynamoDown(async () => {
      const form = await formPost('Rosa.Perez@Example.com');
      expect(form.status).toBe(503);
      expect(Number(form.headers.get('retry-after'))).toBeGreaterThan(0);
      const html = await form.text();
      expect(html).toContain('please try again');
      expect(html).toContain('value="Rosa.Perez@Example.com"');
      expect(html).toContain('value="Rosa"');
      retryToken = tokenIn(html);

      const api = await postJson(stack, '/api/subscribe', { email: 'late@example.com', language: 'en', consentEmail: true });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await api.json()).error.code).toBe('temporarily_unavailable');

      const text = await postJson(stack, '/api/dev/sms/inbound', { from: '+17145550999', body: 'STOP' });
      expect(text.status).toBe(503);
      expect(text.headers.get('retry-after')).toMatch(/^\d+$/);
    });
    // Pressing again at once with the page given back goes through: its form token is fresh (the
    // failed post may have used the first one up) and counts as filled at a person's pace.
    const again = await formPost('Rosa.Perez@Example.com', retryToken);
    expect(again.status).toBe(303);
    await stack.settle();
    expect(sent(stack, { channel: 'email', to: 'Rosa.Perez@example.com' })).toHaveLength(1);
  });
});
