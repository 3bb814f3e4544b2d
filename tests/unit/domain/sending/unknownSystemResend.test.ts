/**
 * Issue 16: an UNKNOWN system (or clinic) message is brought back after its wait. These go
 * through the queue only, so before this a confirmation whose provider call was ambiguous stayed
 * UNKNOWN for good. Now the row enters the resend entries of the `due` index with its job, the
 * dispatcher queues the job again once the wait is over, and the worker sends it under the same
 * claim discipline, after the send-time gates, unless a provider event settled it meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { ProviderOutcomeUnknown } from '../../../../functions/domain/core/errors.js';
import type { SendJob } from '../../../../functions/domain/core/model.js';
import { handleDeliveryFeedback } from '../../../../functions/domain/recipientActions/handleDeliveryFeedback.js';
import { handleInboundText } from '../../../../functions/domain/recipientActions/handleInboundText.js';
import { runDispatcher } from '../../../../functions/domain/scheduling/runDispatcher.js';
import { dispatchUnknownResends } from '../../../../functions/domain/sending/dispatchUnknownResends.js';
import { claim, SEND_LEASE_MS } from '../../../../functions/domain/sending/outbox.js';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const WAIT = 30 * 60_000;

/** A pending email subscriber and their confirmation email job, whose first provider call is ambiguous. */
const unknownConfirmation = async () => {
  const d = memoryDomain();
  d.ctx.settings.unknownEmailResendAfterMs = WAIT;
  const s = await d.confirmedSubscriber({ emailStatus: 'pending' }, ['email']);
  const job: SendJob = { kind: 'system', sendId: 'confirm-email-send-1', subscriberId: s.subscriberId, channel: 'email', template: 'confirm-email' };
  d.failNext.email.push(() => new ProviderOutcomeUnknown('timeout after the request left'));
  expect(await processSendJob(d.ctx, job)).toBe('unknown');
  expect(d.emails).toHaveLength(0);
  return { d, s, job };
};

/** Runs whatever the dispatcher queued since the last call. */
const runQueued = async (d: ReturnType<typeof memoryDomain>) => {
  const jobs = d.queued.splice(0);
  return Promise.all(jobs.map((j) => processSendJob(d.ctx, j)));
};

describe('an UNKNOWN system message', () => {
  it('is queued again by the dispatcher after the wait, sent once, and never again', async () => {
    const { d, job } = await unknownConfirmation();
    d.advance(WAIT - 1000);
    await runDispatcher(d.ctx);
    expect(d.queued).toEqual([]);
    d.advance(1000);
    const run = await runDispatcher(d.ctx);
    expect(run.resends.requeued).toBe(1);
    expect(d.queued).toEqual([job]);
    expect(await runQueued(d)).toEqual(['sent']);
    expect(d.emails).toHaveLength(1);
    expect((await d.ctx.store.getSend(job.sendId))?.state).toBe('SENT');
    // Nothing left to bring back; a late redelivery of the job is a duplicate.
    d.advance(WAIT * 4);
    expect((await dispatchUnknownResends(d.ctx)).requeued).toBe(0);
    expect(await processSendJob(d.ctx, job)).toBe('duplicate');
    expect(d.emails).toHaveLength(1);
  });

  it('is settled SENT, never resent, when the SES event for its sendId arrives within the wait', async () => {
    const { d, job } = await unknownConfirmation();
    d.advance(60_000);
    await handleDeliveryFeedback(d.ctx, { feedbackId: 'ses-9:Send', kind: 'accepted', providerMessageId: 'ses-9', sendId: job.sendId, recipients: ['x@example.com'] });
    d.advance(WAIT * 2);
    expect((await dispatchUnknownResends(d.ctx)).requeued).toBe(0);
    expect(d.queued).toEqual([]);
    expect((await d.ctx.store.getSend(job.sendId))?.state).toBe('SENT');
    expect(d.emails).toHaveLength(0);
  });

  it('re-checks the gates at resend time: an address suppressed meanwhile gets nothing', async () => {
    const { d, s, job } = await unknownConfirmation();
    await d.ctx.store.suppress(d.ctx.hasher.hash('email', s.email as string), 'email', 'complaint', d.ctx.clock.now().toISOString());
    d.advance(WAIT);
    await dispatchUnknownResends(d.ctx);
    expect(await runQueued(d)).toEqual(['skipped']);
    expect(d.emails).toHaveLength(0);
  });

  it('is queued once when two dispatchers run at once, and a job queued twice sends once', async () => {
    const { d, job } = await unknownConfirmation();
    d.advance(WAIT);
    const [a, b] = await Promise.all([dispatchUnknownResends(d.ctx), dispatchUnknownResends(d.ctx)]);
    expect(a.requeued + b.requeued).toBe(1);
    d.queued.push(job);
    const outcomes = await Promise.allSettled(d.queued.splice(0).map((j) => processSendJob(d.ctx, j)));
    // One sends; the other finds the row held (SendInFlight: the queue retries it) or settled.
    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'sent')).toHaveLength(1);
    expect(d.emails).toHaveLength(1);
  });

  it('comes back when its worker died after stamping the call (found UNKNOWN by the queue redelivery)', async () => {
    const d = memoryDomain();
    d.ctx.settings.unknownEmailResendAfterMs = WAIT;
    const s = await d.confirmedSubscriber({ emailStatus: 'pending' }, ['email']);
    const job: SendJob = { kind: 'system', sendId: 'confirm-email-send-2', subscriberId: s.subscriberId, channel: 'email', template: 'confirm-email' };
    const c = await claim(d.ctx, job, 'email', { stepId: job.template, requeue: job });
    if (!('record' in c)) throw new Error('not claimed');
    await d.ctx.store.markProviderCall(job.sendId, c.record.claimToken as string, d.ctx.clock.now().toISOString(), 1);
    // The worker died here. The queue redelivers after its visibility timeout: the lease is over.
    d.advance(SEND_LEASE_MS + 1000);
    expect(await processSendJob(d.ctx, job)).toBe('duplicate');
    expect((await d.ctx.store.getSend(job.sendId))?.state).toBe('UNKNOWN');
    d.advance(WAIT);
    await dispatchUnknownResends(d.ctx);
    expect(await runQueued(d)).toEqual(['sent']);
    expect(d.emails).toHaveLength(1);
  });

  it('stays at most once when the wait is off (0 = never resend): its entry is dropped, nothing queued', async () => {
    const { d } = await unknownConfirmation();
    d.advance(WAIT);
    delete d.ctx.settings.unknownEmailResendAfterMs;
    expect(await dispatchUnknownResends(d.ctx)).toEqual({ requeued: 0, contended: 0, dropped: 1 });
    expect(await dispatchUnknownResends(d.ctx)).toEqual({ requeued: 0, contended: 0, dropped: 0 });
  });

  describe('a STOP confirmation whose text was ambiguous', () => {
    const TEXT_WAIT = 72 * 3600_000;
    /** A number that texted STOP; the confirmation's first provider call is ambiguous. */
    const unknownStopConfirmation = async () => {
      const d = memoryDomain();
      d.ctx.settings.unknownTextResendAfterMs = TEXT_WAIT;
      const s = await d.confirmedSubscriber({}, ['sms']);
      await handleInboundText(d.ctx, s.phone as string, 'STOP', 'm-stop');
      const [job] = d.queued.splice(0).filter((j) => j.kind === 'system' && j.template === 'stop-confirm');
      if (!job) throw new Error('no stop confirmation queued');
      d.failNext.sms.push(() => new ProviderOutcomeUnknown('timeout after the request left'));
      expect(await processSendJob(d.ctx, job)).toBe('unknown');
      return { d, s, job };
    };

    it('is sent again after the text wait while the number stays opted out', async () => {
      const { d } = await unknownStopConfirmation();
      d.advance(TEXT_WAIT);
      await dispatchUnknownResends(d.ctx);
      expect(await runQueued(d)).toEqual(['sent']);
      expect(d.texts).toHaveLength(1);
    });

    it('is not sent again once the number texted START meanwhile (it would say they are unsubscribed)', async () => {
      const { d, s, job } = await unknownStopConfirmation();
      d.advance(3600_000);
      await handleInboundText(d.ctx, s.phone as string, 'START', 'm-start');
      d.queued.splice(0); // the START confirmation, sent on its own
      d.advance(TEXT_WAIT);
      await dispatchUnknownResends(d.ctx);
      expect(await runQueued(d)).toEqual(['skipped']);
      expect(d.texts).toHaveLength(0);
      expect(await d.ctx.store.getSend(job.sendId)).toMatchObject({ state: 'SKIPPED', reason: 'superseded: opted in again' });
    });
  });
});
