/**
 * SMS pumping (issue 12): 500 signups with fresh random numbers through local mode. The hourly
 * ceiling on confirmation texts (set low by config here) stops confirmation texts and pauses
 * them for the hour, while STOP and HELP replies still go out. Numbers outside the allowed
 * countries (US/CA by default) get no text at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { itemsOfType, postJson, sent, startTestStack } from '../support/testStack.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

const CEILING = 20;
const SIGNUPS = 500;
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({
    CARECAST_CONFIRM_SMS_PER_HOUR: String(CEILING),
    CARECAST_CONFIRM_SMS_PER_COUNTRY_PER_HOUR: '100000',
    CARECAST_CONFIRM_SMS_PER_AREA_CODE_PER_HOUR: '100000',
  });
  // Start at the top of a simulated hour, so every signup below counts against one hour.
  const now = stack.clock.now().getTime();
  stack.clock.jumpTo(new Date(Math.ceil(now / 3_600_000) * 3_600_000 + 60_000));
});
afterAll(() => stack?.stop());

/** Distinct valid US mobile-format numbers across area codes, as a pumping script would pick. */
const randomNumbers = (n: number): string[] => {
  const areaCodes = ['714', '949', '562', '213', '310', '415', '646', '312'];
  const out = new Set<string>();
  while (out.size < n) out.add(`+1${areaCodes[Math.floor(Math.random() * areaCodes.length)]}555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`);
  return [...out];
};

const signup = (phone: string) =>
  postJson(stack, '/api/subscribe', { firstName: 'Pat', phone, consentSms: true, language: 'en', timezone: 'America/Los_Angeles' });

const textsTo = (numbers: Set<string>) => sent(stack, { channel: 'sms' }).filter((e) => numbers.has(e.to));

describe('confirmation-text ceiling under a pumping run', () => {
  const numbers = randomNumbers(SIGNUPS);
  const signedUp = new Set(numbers);

  it(`sends exactly ${CEILING} confirmation texts for ${SIGNUPS} signups, then pauses confirmation texts for the hour`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < numbers.length; i += 10) {
      const batch = await Promise.all(numbers.slice(i, i + 10).map(signup));
      statuses.push(...batch.map((r) => r.status));
    }
    await stack.settle();

    // Every signup gets the same answer (W4): the ceiling is not an oracle.
    expect(new Set(statuses)).toEqual(new Set([202]));
    expect(textsTo(signedUp)).toHaveLength(CEILING);
    expect(await itemsOfType(stack, 'ceilingPause')).toHaveLength(1);
  }, LOAD_BOUND_MS);

  it('still answers STOP and HELP while confirmation texts are paused (budget kept for replies)', async () => {
    const [stopper, helper] = numbers.slice(-2) as [string, string];
    const before = sent(stack, { channel: 'sms' }).length;

    await postJson(stack, '/api/dev/sms/inbound', { from: stopper, body: 'STOP' });
    await postJson(stack, '/api/dev/sms/inbound', { from: helper, body: 'HELP' });
    await stack.settle();

    const replies = sent(stack, { channel: 'sms' }).slice(before);
    expect(replies.filter((e) => e.to === stopper)).toHaveLength(1);
    expect(replies.filter((e) => e.to === helper)).toHaveLength(1);
    expect(replies.find((e) => e.to === helper)?.body).toMatch(/STOP/);
  });

  it('sends confirmation texts again in the next hour', async () => {
    const [fresh] = randomNumbers(SIGNUPS + 1).filter((n) => !signedUp.has(n));
    await stack.advance('PT1H');

    expect((await signup(fresh as string)).status).toBe(202);
    await stack.settle();

    expect(textsTo(new Set([fresh as string]))).toHaveLength(1);
  });
});

describe('countries texts may go to', () => {
  it('sends no confirmation text to a +1 number outside the US and Canada (Jamaica), and answers the same', async () => {
    const jamaica = '+18765550123';
    const r = await signup(jamaica);
    await stack.settle();

    expect(r.status).toBe(202);
    expect(sent(stack, { channel: 'sms', to: jamaica })).toHaveLength(0);
  });
});
