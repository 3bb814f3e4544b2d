/**
 * Issue 16: a provider call refused before anything was sent (throttled, unavailable) does not
 * count toward MAX_SEND_ATTEMPTS. The drip step's fast path (guardedStepSend.ts) stamps the claim
 * and the call in one write; when the call was then refused, the RETRY row kept the stamp and was
 * counted as one call. A step throttled twice on its way and then UNKNOWN had its resends used up
 * and was never sent again (at most once), and the chaos table's "sent again after the wait"
 * counted every throttled step as a resend.
 */
import { describe, expect, it } from 'vitest';
import { ProviderOutcomeUnknown, ProviderThrottled } from '../../../../functions/domain/core/errors.js';
import { MAX_SEND_ATTEMPTS } from '../../../../functions/domain/sending/outbox.js';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQ = 'cervical-dystonia';
const WAIT = 30 * 60_000;

/** A confirmed email subscriber's first drip step, due now, with the resend wait on. */
const dueFirstStep = async () => {
  const d = memoryDomain();
  d.ctx.settings.unknownEmailResendAfterMs = WAIT;
  const { job } = await d.dueFirstStep({}, ['email'], SEQ);
  return { d, job };
};

describe('a refused provider call (throttled before anything was sent)', () => {
  it('counts no call: the row records none after the fast path was throttled', async () => {
    const { d, job } = await dueFirstStep();
    d.failNext.email.push(() => new ProviderThrottled('SES'));
    await expect(processSendJob(d.ctx, job)).rejects.toBeInstanceOf(ProviderThrottled);
    const row = await d.ctx.store.getSend(job.sendId);
    expect(row?.state).toBe('RETRY');
    expect(row?.providerCalls ?? 0).toBe(0);
    expect(await processSendJob(d.ctx, job)).toBe('sent');
    expect((await d.ctx.store.getSend(job.sendId))?.providerCalls).toBe(1);
  });

  it('leaves the whole resend budget to a step throttled on its way and then UNKNOWN', async () => {
    const { d, job } = await dueFirstStep();
    for (let i = 0; i < MAX_SEND_ATTEMPTS - 1; i++) {
      d.failNext.email.push(() => new ProviderThrottled('SES'));
      await expect(processSendJob(d.ctx, job)).rejects.toBeInstanceOf(ProviderThrottled);
    }
    d.failNext.email.push(() => new ProviderOutcomeUnknown('timeout after the request left'));
    expect(await processSendJob(d.ctx, job)).toBe('unknown');
    d.advance(WAIT);
    // One real call so far: it is sent again after the wait.
    expect(await processSendJob(d.ctx, job)).toBe('sent');
    expect(d.emails).toHaveLength(1);
    expect((await d.ctx.store.getSend(job.sendId))?.providerCalls).toBe(2);
  });
});
