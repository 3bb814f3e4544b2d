/**
 * Issue 16: the provider-call stamp is written after the send-rate wait, immediately before the
 * provider call, so a worker that dies while its message waits on the token bucket leaves a claim
 * that is taken over (nothing was sent), not an UNKNOWN row.
 */
import { describe, expect, it } from 'vitest';
import { RateLimitedMailer } from '../../../../functions/adapters/RateLimitedMailer.js';
import { TokenBucket } from '../../../../functions/adapters/TokenBucket.js';
import { callProvider, claim, SEND_LEASE_MS } from '../../../../functions/domain/sending/outbox.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const email = { to: 'pat@example.com', from: 'c@example.com', subject: 's', html: 'h', text: 't', headers: {}, tags: {} };

describe('provider-call stamp and the send-rate wait', () => {
  it('is not stamped while the message waits for a token; stamped right before the provider call', async () => {
    const d = memoryDomain();
    const sent: string[] = [];
    let releaseWait: (() => void) | undefined;
    // A bucket with no token left: the next take() sleeps until the test releases it.
    const bucket = new TokenBucket(1, 1, () => 0, () => new Promise<void>((r) => (releaseWait = r)));
    await bucket.take();
    let stampAtCall: string | undefined;
    const inner = {
      send: async () => {
        stampAtCall = (await d.ctx.store.getSend('send-1'))?.providerCallAt;
        sent.push('one');
        return { providerMessageId: 'p-1' };
      },
    };
    d.ctx.mailer = new RateLimitedMailer(inner, bucket);
    const c = await claim(d.ctx, { sendId: 'send-1', subscriberId: 'sub-1' }, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');

    const call = callProvider(d.ctx, c.record, async () => () => d.ctx.mailer.send(email));
    for (let i = 0; i < 50 && !releaseWait; i++) await Promise.resolve();
    expect(releaseWait).toBeDefined();
    // Waiting on the bucket: no stamp yet. A worker dying now leaves a claim a later delivery takes over.
    expect((await d.ctx.store.getSend('send-1'))?.providerCallAt).toBeUndefined();

    releaseWait?.();
    // The bucket's clock never moves in this test; give it the token the wait paid for.
    (bucket as unknown as { tokens: number }).tokens = 1;
    expect((await call).state).toBe('SENT');
    expect(stampAtCall).toBeDefined();
    expect(sent).toEqual(['one']);
  });

  it('a claim that died while waiting for its token is taken over and sent, never UNKNOWN', async () => {
    const d = memoryDomain();
    const bucket = new TokenBucket(1, 1, () => 0, () => new Promise<void>(() => undefined));
    await bucket.take();
    d.ctx.mailer = new RateLimitedMailer(d.ctx.mailer, bucket);
    const c = await claim(d.ctx, { sendId: 'send-2', subscriberId: 'sub-1' }, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    // The worker's call hangs on the bucket forever: it "dies" there (a Lambda timeout).
    void callProvider(d.ctx, c.record, async () => () => d.ctx.mailer.send(email));
    await Promise.resolve();

    d.advance(SEND_LEASE_MS + 1);
    const next = memoryDomain();
    const again = await claim({ store: d.ctx.store, clock: d.ctx.clock }, { sendId: 'send-2', subscriberId: 'sub-1' }, 'email', {});
    expect('record' in again && again.record.attempts).toBe(2);
    const settled = await callProvider({ store: d.ctx.store, clock: d.ctx.clock, mailer: next.ctx.mailer }, (again as { record: typeof c.record }).record, async () => () => next.ctx.mailer.send(email));
    expect(settled.state).toBe('SENT');
    expect(next.emails).toHaveLength(1);
  });
});
