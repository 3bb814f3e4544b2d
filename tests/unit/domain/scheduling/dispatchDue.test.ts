/** The dispatcher on in-memory ports: what is due is queued once per lease, nothing early. */
import { describe, expect, it } from 'vitest';
import { dispatchDue, DISPATCH_LEASE_MS } from '../../../../functions/domain/scheduling/dispatchDue.js';
import { enrollSubscriber } from '../../../../functions/domain/scheduling/enrollSubscriber.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQ = 'cervical-dystonia';

describe('dispatchDue', () => {
  it('queues nothing before the first step is due, then exactly one job for it', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['email']);
    await enrollSubscriber(d.ctx, s.subscriberId, SEQ);
    const dueAt = (await d.ctx.store.getEnrollment(s.subscriberId, SEQ))?.dueAt as string;
    d.setNow(new Date(new Date(dueAt).getTime() - 1000).toISOString());
    await dispatchDue(d.ctx);
    expect(d.queued).toHaveLength(0);

    d.setNow(dueAt);
    await dispatchDue(d.ctx);
    expect(d.queued).toEqual([expect.objectContaining({ kind: 'step', subscriberId: s.subscriberId, sequenceId: SEQ, stepIndex: 0 })]);
  });

  it('does not queue a step again while its lease holds, and does once the lease ran out unsent', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['email']);
    await enrollSubscriber(d.ctx, s.subscriberId, SEQ);
    d.setNow((await d.ctx.store.getEnrollment(s.subscriberId, SEQ))?.dueAt as string);
    await dispatchDue(d.ctx);
    await dispatchDue(d.ctx);
    expect(d.queued).toHaveLength(1);
    d.advance(DISPATCH_LEASE_MS + 1000);
    await dispatchDue(d.ctx);
    expect(d.queued).toHaveLength(2);
    expect(d.queued[1]?.sendId).toBe(d.queued[0]?.sendId);
  });
});
