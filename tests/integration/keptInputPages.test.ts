/**
 * Issue 16: past DynamoDB's retry budget the patient's HTML forms answer 503 + Retry-After with a
 * "please try again" page that keeps what they typed or chose, for booking and preferences as for
 * signup (transientFaults.test.ts); pressing again once the fault is gone does what they asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { confirmedSubscriber, postForm, subscriberRow, unsubscribeUrlFor } from '../support/recipientActions.js';
import { hiddenFields, startFaultableStack, whileDynamoDown } from '../support/dynamoDown.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startFaultableStack();
});
afterAll(() => stack?.stop());

describe('503 with the input kept', () => {
  it('the booking form comes back as typed with "please try again"', async () => {
    const form = { token: 'none', language: 'en', firstName: 'Marisol', email: 'marisol@example.com', location: 'newport-beach', preferredTimes: 'Weekday mornings', reason: 'Neck stiffness', consentContact: 'true' };
    const r = await whileDynamoDown(() => postForm(`${stack.baseUrl}/api/book`, form, { origin: stack.baseUrl }));
    expect(r.status).toBe(503);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await r.text();
    expect(html).toContain('please try again');
    expect(html).toContain('value="Marisol"');
    expect(html).toContain('Weekday mornings');
  });

  it('a preferences choice comes back ready to press again, and pressing again applies it', async () => {
    const s = await confirmedSubscriber(stack);
    await stack.advance('PT12H');
    const url = unsubscribeUrlFor(stack, s.email);
    const r = await whileDynamoDown(() => postForm(url, { action: 'stop-email' }));
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    const html = await r.text();
    expect(html).toContain('Try again');
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('confirmed');
    const kept = hiddenFields(html);
    expect(kept).toEqual({ action: 'stop-email' });

    const again = await postForm(url, kept);
    expect(again.status).toBe(200);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('unsubscribed');
  });
});
