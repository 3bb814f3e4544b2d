/**
 * Issue 16: counters are atomic ADDs outside any transaction, so 50 people clicking the same
 * step's link at once each get their redirect and each click is counted exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { api, confirmedEmailSubscriber, staffToken } from '../support/staffConsole.js';
import { nextTestIp, sent, startTestStack, PERSON_USER_AGENT } from '../support/testStack.js';

const SEQ = 'cervical-dystonia';
let stack: LocalStack;
let staff: string;
beforeAll(async () => {
  stack = await startTestStack();
  staff = await staffToken(stack, { username: 'front-desk', groups: ['staff'] });
});
afterAll(() => stack?.stop());

const clicksOn = async (stepId: string): Promise<number> => {
  const r = (await api(stack, staff, 'GET', `/api/admin/sequences/${SEQ}/results`)).body as { steps: { stepId: string; counters: { clicked: number } }[] };
  return r.steps.find((s) => s.stepId === stepId)?.counters.clicked ?? 0;
};


describe('hot step counters', () => {
  it('50 concurrent clicks on one step: 50 redirects, no 5xx, clicked counts exactly 50', async () => {
    const { email } = await confirmedEmailSubscriber(stack);
    await stack.advance('P1D');
    const welcome = sent(stack, { channel: 'email', to: email }).find((m) => /\/c\/[A-Za-z0-9._~-]+/.test(m.text ?? '') && m.tags?.step === 'welcome');
    const link = (welcome?.text ?? '').match(/https?:\/\/[^\s\])>]+\/c\/[^\s\])>]+/)?.[0];
    if (!link) throw new Error('no tracked link in the welcome email');
    const before = await clicksOn('welcome');
    // People, not scanners (click-classification.md): a browser, minutes after the email went.
    await stack.advance('PT5M');

    const answers = await Promise.all(
      Array.from({ length: 50 }, () => fetch(link, { redirect: 'manual', headers: { 'x-carecast-test-ip': nextTestIp(), 'user-agent': PERSON_USER_AGENT } }).then((r) => r.status)),
    );

    expect(answers.filter((s) => s >= 500)).toEqual([]);
    expect(answers.every((s) => s === 302)).toBe(true);
    expect((await clicksOn('welcome')) - before).toBe(50);
  });
});
