/** Send-time gates and idempotent delivery (E3, E7, S6, R3, R5) through the send worker's entry point, on in-memory ports. */
import { describe, expect, it } from 'vitest';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQ = 'cervical-dystonia';

/** A confirmed email-only subscriber enrolled, the clock at their first step's due time, and that step's job. */
const dueFirstStep = async () => {
  const d = memoryDomain();
  return { ...d, ...(await d.dueFirstStep({}, ['email'], SEQ)) };
};

describe('a drip step', () => {
  it('is sent once, and a redelivery of the same job sends nothing again (R3)', async () => {
    const d = await dueFirstStep();
    expect(await processSendJob(d.ctx, d.job)).toBe('sent');
    expect(await processSendJob(d.ctx, d.job)).toBe('stale');
    expect(d.emails).toHaveLength(1);
    expect(d.emails[0]?.to).toBe(d.s.email);
    expect((await d.ctx.store.getEnrollment(d.s.subscriberId, SEQ))?.nextStepIndex).toBe(1);
    expect((await d.ctx.store.listMessages(d.s.subscriberId)).map((m) => m.state)).toEqual(['SENT']);
  });

  it('is skipped for an address suppressed after the job was queued (E3, S6)', async () => {
    const d = await dueFirstStep();
    await d.ctx.store.suppress(d.ctx.hasher.hash('email', d.s.email as string), 'email', 'complaint', d.ctx.clock.now().toISOString());
    expect(await processSendJob(d.ctx, d.job)).toBe('skipped');
    expect(d.emails).toHaveLength(0);
    expect(await d.ctx.store.getSend(d.job.sendId)).toMatchObject({ state: 'SKIPPED', reason: 'suppressed' });
  });

  it('is skipped once the channel was unsubscribed, and with consent revoked (E7)', async () => {
    const d = await dueFirstStep();
    await d.ctx.store.transitionChannel(d.s.subscriberId, 'email', ['confirmed'], 'unsubscribed', false);
    expect(await processSendJob(d.ctx, d.job)).toBe('skipped');
    expect(d.emails).toHaveLength(0);
  });

  it('settles FAILED on a provider rejection and still moves the enrollment on', async () => {
    const { ProviderRejected } = await import('../../../../functions/domain/core/errors.js');
    const d = await dueFirstStep();
    d.failNext.email.push(() => new ProviderRejected('SES'));
    expect(await processSendJob(d.ctx, d.job)).toBe('failed');
    expect((await d.ctx.store.getSend(d.job.sendId))?.state).toBe('FAILED');
    expect((await d.ctx.store.getEnrollment(d.s.subscriberId, SEQ))?.nextStepIndex).toBe(1);
  });

  it('parks the enrollment instead of sending while its sequence is paused', async () => {
    const d = await dueFirstStep();
    await d.ctx.sequences.head(SEQ);
    await d.ctx.store.updateSequenceHead(SEQ, { paused: true, pausedAt: d.ctx.clock.now().toISOString() });
    expect(await processSendJob(d.ctx, d.job)).toBe('deferred');
    expect(d.emails).toHaveLength(0);
    expect(await d.ctx.store.listParked(SEQ, 10)).toEqual([{ subscriberId: d.s.subscriberId, sequenceId: SEQ }]);
  });
});

describe('a drip email left UNKNOWN (issue 16)', () => {
  const unknownFirstStep = async () => {
    const { ProviderOutcomeUnknown } = await import('../../../../functions/domain/core/errors.js');
    const d = await dueFirstStep();
    d.ctx.settings.unknownEmailResendAfterMs = 30 * 60_000;
    d.failNext.email.push(() => new ProviderOutcomeUnknown('timeout'));
    expect(await processSendJob(d.ctx, d.job)).toBe('unknown');
    return d;
  };

  it('keeps the enrollment at its step until the wait is over, then sends it again and moves on', async () => {
    const d = await unknownFirstStep();
    const waiting = await d.ctx.store.getEnrollment(d.s.subscriberId, SEQ);
    expect(waiting?.nextStepIndex).toBe(0);
    expect(Date.parse(waiting?.dueAt ?? '') - d.ctx.clock.now().getTime()).toBe(30 * 60_000);
    d.advance(30 * 60_000);
    expect(await processSendJob(d.ctx, d.job)).toBe('sent');
    expect(d.emails).toHaveLength(1);
    expect((await d.ctx.store.getEnrollment(d.s.subscriberId, SEQ))?.nextStepIndex).toBe(1);
  });

  it('only moves on when the SES event arrived meanwhile (no second send)', async () => {
    const d = await unknownFirstStep();
    await d.ctx.store.reconcileSend(d.job.sendId, 'ses-1', d.ctx.clock.now().toISOString());
    d.advance(30 * 60_000);
    expect(await processSendJob(d.ctx, d.job)).toBe('duplicate');
    expect(d.emails).toHaveLength(0);
    expect((await d.ctx.store.getEnrollment(d.s.subscriberId, SEQ))?.nextStepIndex).toBe(1);
  });
});
