/** The outbox state machine (R3, R4) on the in-memory Store: claim → provider call → settle. */
import { describe, expect, it } from 'vitest';
import { ProviderOutcomeUnknown, ProviderRejected, ProviderThrottled, SendClaimLost } from '../../../../functions/domain/core/errors.js';
import { callProvider, claim, defer, SEND_LEASE_MS, skip } from '../../../../functions/domain/sending/outbox.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const job = { sendId: 'send-1', subscriberId: 'sub-1' };
const ok = async () => async () => ({ providerMessageId: 'p-1' });
const failing = (err: Error) => async () => async (): Promise<{ providerMessageId: string }> => {
  throw err;
};

describe('claim', () => {
  it('takes a new row as SENDING with a lease, and a second worker finds it in flight', async () => {
    const { ctx } = memoryDomain();
    const first = await claim(ctx, job, 'email', {});
    expect('record' in first && first.record.state).toBe('SENDING');
    expect(await claim(ctx, job, 'email', {})).toEqual({ settled: 'in-flight' });
  });

  it('marks an expired claim that may have reached the provider UNKNOWN and never takes it over (R4)', async () => {
    const d = memoryDomain();
    const c = await claim(d.ctx, job, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    await d.ctx.store.markProviderCall(job.sendId, c.record.claimToken as string, d.ctx.clock.now().toISOString());
    d.advance(SEND_LEASE_MS + 1);
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: 'UNKNOWN' });
    expect((await d.ctx.store.getSend(job.sendId))?.state).toBe('UNKNOWN');
  });

  it('takes over an expired claim that never called the provider (issue 8)', async () => {
    const d = memoryDomain();
    await claim(d.ctx, job, 'email', {});
    d.advance(SEND_LEASE_MS + 1);
    const again = await claim(d.ctx, job, 'email', {});
    expect('record' in again && again.record.attempts).toBe(2);
  });
});

describe('callProvider', () => {
  it.each([
    { case: 'an answer', prepare: ok, state: 'SENT' },
    { case: 'a rejection', prepare: failing(new ProviderRejected('bad address')), state: 'FAILED' },
    { case: 'an ambiguous failure', prepare: failing(new ProviderOutcomeUnknown('timeout')), state: 'UNKNOWN' },
  ])('settles $case as $state and drops the lease', async ({ prepare, state }) => {
    const d = memoryDomain();
    const c = await claim(d.ctx, job, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    expect((await callProvider(d.ctx, c.record, prepare)).state).toBe(state);
    const row = await d.ctx.store.getSend(job.sendId);
    expect(row?.state).toBe(state);
    expect(row?.leaseUntil).toBeUndefined();
    expect(await claim(d.ctx, job, 'email', {})).toEqual({ settled: state });
  });

  it('returns a retryable failure to RETRY and rethrows, so the next delivery claims it again', async () => {
    const d = memoryDomain();
    const c = await claim(d.ctx, job, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    await expect(callProvider(d.ctx, c.record, failing(new ProviderThrottled('slow down')))).rejects.toBeInstanceOf(ProviderThrottled);
    expect((await d.ctx.store.getSend(job.sendId))?.state).toBe('RETRY');
    const again = await claim(d.ctx, job, 'email', {});
    expect('record' in again && again.record.attempts).toBe(2);
  });

  it('never calls the provider once the claim was taken over meanwhile', async () => {
    const d = memoryDomain();
    const c = await claim(d.ctx, job, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    d.advance(SEND_LEASE_MS + 1);
    await claim(d.ctx, job, 'email', {});
    let called = 0;
    const prepare = async () => async () => {
      called++;
      return { providerMessageId: 'p' };
    };
    await expect(callProvider(d.ctx, c.record, prepare)).rejects.toBeInstanceOf(SendClaimLost);
    expect(called).toBe(0);
  });
});

describe('skip and defer', () => {
  it('skip settles SKIPPED with the gate reason; defer releases to RETRY', async () => {
    const d = memoryDomain();
    const a = await claim(d.ctx, job, 'email', {});
    const b = await claim(d.ctx, { sendId: 'send-2', subscriberId: 'sub-1' }, 'sms', {});
    if (!('record' in a) || !('record' in b)) throw new Error('not claimed');
    await skip(d.ctx, a.record, { ok: false, reason: 'suppressed' });
    await defer(d.ctx, b.record);
    expect(await d.ctx.store.getSend('send-1')).toMatchObject({ state: 'SKIPPED', reason: 'suppressed' });
    expect(await d.ctx.store.getSend('send-2')).toMatchObject({ state: 'RETRY', reason: 'deferred' });
  });
});
