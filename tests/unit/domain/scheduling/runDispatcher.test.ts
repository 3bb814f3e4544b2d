/** A dispatcher run on in-memory ports: a paused sequence parks its due step; after resume the step is queued once. */
import { describe, expect, it } from 'vitest';
import { pauseSequence, resumeSequence } from '../../../../functions/domain/console/pauseSequence.js';
import { enrollSubscriber } from '../../../../functions/domain/scheduling/enrollSubscriber.js';
import { runDispatcher } from '../../../../functions/domain/scheduling/runDispatcher.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQ = 'cervical-dystonia';
const admin = { sub: 'staff-1', name: 'Admin', role: 'admin' as const };

describe('runDispatcher', () => {
  it('parks what falls due while paused and queues it once after resume, with an audit row for each change', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['email']);
    await enrollSubscriber(d.ctx, s.subscriberId, SEQ);
    await pauseSequence(d.ctx, admin, SEQ);
    d.setNow((await d.ctx.store.getEnrollment(s.subscriberId, SEQ))?.dueAt as string);

    await runDispatcher(d.ctx);
    expect(d.queued).toHaveLength(0);
    expect(await d.ctx.store.listParked(SEQ, 10)).toHaveLength(1);

    d.advance(60_000);
    await resumeSequence(d.ctx, admin, SEQ);
    const enrollment = await d.ctx.store.getEnrollment(s.subscriberId, SEQ);
    d.setNow(enrollment?.dueAt as string);
    await runDispatcher(d.ctx);
    await runDispatcher(d.ctx);
    expect(d.queued).toEqual([expect.objectContaining({ kind: 'step', subscriberId: s.subscriberId, stepIndex: 0 })]);
    expect(await d.ctx.store.listParked(SEQ, 10)).toHaveLength(0);
    expect((await d.ctx.store.listAudit(10, d.ctx.clock.now())).map((a) => a.action).sort()).toEqual(['sequence.pause', 'sequence.resume']);
  });
});
