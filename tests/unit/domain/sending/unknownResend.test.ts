/**
 * Issue 16: an UNKNOWN email with no SES event within the configured wait is sent again under
 * the same claim discipline; an SES event for its sendId settles it first; texts stay at most once.
 */
import { describe, expect, it } from 'vitest';
import { ProviderOutcomeUnknown } from '../../../../functions/domain/core/errors.js';
import type { Channel } from '../../../../functions/domain/core/model.js';
import { handleDeliveryFeedback } from '../../../../functions/domain/recipientActions/handleDeliveryFeedback.js';
import { callProvider, claim, MAX_SEND_ATTEMPTS, SEND_LEASE_MS } from '../../../../functions/domain/sending/outbox.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const WAIT = 30 * 60_000;
const job = { sendId: 'send-u', subscriberId: 'sub-1' };

/** A row left UNKNOWN by a provider timeout after the request left. */
const unknownRow = async (channel: Channel) => {
  const d = memoryDomain();
  d.ctx.settings.unknownEmailResendAfterMs = WAIT;
  const c = await claim(d.ctx, job, channel, {});
  if (!('record' in c)) throw new Error('not claimed');
  await callProvider(d.ctx, c.record, async () => async () => {
    throw new ProviderOutcomeUnknown('timeout');
  });
  expect((await d.ctx.store.getSend(job.sendId))?.state).toBe('UNKNOWN');
  return d;
};

describe('UNKNOWN email reconciliation', () => {
  it('waits for the SES event, then claims the row again (one worker only) and sends once more', async () => {
    const d = await unknownRow('email');
    d.advance(WAIT - 1000);
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: 'UNKNOWN' });
    d.advance(1000);
    const again = await claim(d.ctx, job, 'email', {});
    expect('record' in again && again.record.attempts).toBe(2);
    // A second delivery racing for the same row finds it held.
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: 'in-flight' });
    if (!('record' in again)) throw new Error('not claimed');
    const r = await callProvider(d.ctx, again.record, async () => () => d.ctx.mailer.send({ to: 'a@example.com', from: 'c@example.com', subject: 's', html: 'h', text: 't', headers: {}, tags: {} }));
    expect(r.state).toBe('SENT');
    expect(d.emails).toHaveLength(1);
  });

  it('never resends once an SES event for the sendId arrived within the wait', async () => {
    const d = await unknownRow('email');
    d.advance(60_000);
    expect(await d.ctx.store.reconcileSend(job.sendId, 'ses-late', d.ctx.clock.now().toISOString())).toBe(true);
    d.advance(WAIT * 2);
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: 'SENT' });
  });

  it('keeps texts at most once where no text wait is configured (no delivery-status logging): never claimed again', async () => {
    const d = await unknownRow('sms');
    d.advance(WAIT * 10);
    expect(await claim(d.ctx, job, 'sms', {})).toEqual({ settled: 'UNKNOWN' });
  });

  it('stops after MAX_SEND_ATTEMPTS sends, so a broken event path cannot loop', async () => {
    const d = await unknownRow('email');
    for (let i = 1; i < MAX_SEND_ATTEMPTS; i++) {
      d.advance(WAIT);
      const c = await claim(d.ctx, job, 'email', {});
      if (!('record' in c)) throw new Error(`not claimed on attempt ${i + 1}`);
      await callProvider(d.ctx, c.record, async () => async () => {
        throw new ProviderOutcomeUnknown('timeout');
      });
    }
    d.advance(WAIT);
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: 'UNKNOWN' });
  });

  /** SES's Send event for the message, as the feedback handler gets it. */
  const sendEvent = (d: ReturnType<typeof memoryDomain>) =>
    handleDeliveryFeedback(d.ctx, { feedbackId: 'ses-1:Send', kind: 'accepted', providerMessageId: 'ses-1', sendId: job.sendId, recipients: ['a@example.com'] });

  it('settles SENT, never resends, when the SES event came while the worker still waited for its answer', async () => {
    const d = memoryDomain();
    d.ctx.settings.unknownEmailResendAfterMs = WAIT;
    const c = await claim(d.ctx, job, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    const r = await callProvider(d.ctx, c.record, async () => async () => {
      // SES accepted it and published its Send event; then the answer to this call was lost.
      expect(await sendEvent(d)).toBe('handled');
      throw new ProviderOutcomeUnknown('timeout');
    });
    expect(r.state).toBe('UNKNOWN');
    d.advance(WAIT * 2);
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: 'SENT' });
    expect((await d.ctx.store.getSend(job.sendId))?.providerMessageId).toBe('ses-1');
  });

  it('settles SENT, never resends, when the worker died after SES accepted it and the event came meanwhile', async () => {
    const d = memoryDomain();
    d.ctx.settings.unknownEmailResendAfterMs = WAIT;
    const c = await claim(d.ctx, job, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    // The worker stamped the call and died with the row SENDING; SES's event arrives before the lease runs out.
    await d.ctx.store.markProviderCall(job.sendId, c.record.claimToken as string, d.ctx.clock.now().toISOString());
    expect(await sendEvent(d)).toBe('handled');
    d.advance(SEND_LEASE_MS + 1000);
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: 'SENT' });
    d.advance(WAIT * 2);
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: 'SENT' });
  });

  it('counts provider calls, not claims: throttled calls and re-claims leave the resends intact', async () => {
    const d = memoryDomain();
    d.ctx.settings.unknownEmailResendAfterMs = WAIT;
    for (let i = 0; i < MAX_SEND_ATTEMPTS; i++) {
      const c = await claim(d.ctx, job, 'email', {});
      if (!('record' in c)) throw new Error('not claimed');
      // Refused for rate: nothing was sent, the queue retries.
      await expect(
        callProvider(d.ctx, c.record, async () => async () => {
          throw Object.assign(new Error('throttled'), { name: 'Throttling' });
        }),
      ).rejects.toThrow('throttled');
    }
    const c = await claim(d.ctx, job, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    await callProvider(d.ctx, c.record, async () => async () => {
      throw new ProviderOutcomeUnknown('timeout');
    });
    d.advance(WAIT);
    const again = await claim(d.ctx, job, 'email', {});
    expect('record' in again && again.record.providerCalls).toBe(1);
  });
});
