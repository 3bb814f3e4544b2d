/**
 * A broadcast is queued no faster than it can be sent (issue 15): each dispatcher pass queues at
 * most a minute of the provider's rate. Without it, a large audience expanded at 5,000 a minute
 * while SES sends 840 left jobs waiting in the queue past their 15-minute lease, and the lost-job
 * recovery queued them again (125,192 jobs for 100,000 recipients in the bench).
 */
import { describe, expect, it } from 'vitest';
import { dispatchBroadcasts } from '../../../../functions/domain/broadcasts/dispatchBroadcasts.js';
import type { SendJob } from '../../../../functions/domain/core/model.js';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQ = 'cervical-dystonia';
const AUDIENCE = 120;
/** What the worker gets through in a minute: SES at 0.1 message a second. */
const SENT_PER_MINUTE = 6;

/**
 * Runs a broadcast to AUDIENCE members a minute at a time: the dispatcher's pass, then the worker
 * sending SENT_PER_MINUTE jobs from the front of the queue, until everything queued is sent.
 */
const broadcastMinuteByMinute = async (sendRates?: { email: number }) => {
  const d = memoryDomain();
  if (sendRates) d.ctx.settings.sendRates = sendRates;
  for (let i = 0; i < AUDIENCE; i++) {
    const s = await d.confirmedSubscriber({}, ['email']);
    await d.ctx.store.addSequenceMember(SEQ, s.subscriberId);
  }
  await d.broadcastNow('b-pacing', { channel: 'email', sequenceId: SEQ });
  const waiting: SendJob[] = [];
  const perPass: number[] = [];
  for (let minute = 0; minute < 3 * AUDIENCE && (minute === 0 || waiting.length > 0 || (await d.ctx.store.getBroadcast('b-pacing'))?.status !== 'queued'); minute++) {
    const before = d.queued.length;
    await dispatchBroadcasts(d.ctx);
    perPass.push(d.queued.length - before);
    waiting.push(...d.queued.slice(before));
    for (const job of waiting.splice(0, SENT_PER_MINUTE)) await processSendJob(d.ctx, job);
    d.advance(60_000);
  }
  const sendIds = d.queued.map((j) => j.sendId);
  return { queued: sendIds.length, distinct: new Set(sendIds).size, perPass, emails: d.emails.length };
};

describe('broadcast pacing (issue 15)', () => {
  it('queues at most a minute of sending per pass, so nothing outlives its lease in the queue and nobody is queued twice', async () => {
    const r = await broadcastMinuteByMinute({ email: SENT_PER_MINUTE / 60 });

    expect(Math.max(...r.perPass)).toBeLessThanOrEqual(SENT_PER_MINUTE);
    expect(r.distinct).toBe(AUDIENCE);
    expect(r.queued).toBe(AUDIENCE);
    expect(r.emails).toBe(AUDIENCE);
  });

  it('without a known send rate (local mode) a pass queues the whole page budget, and a backlog older than the lease is queued again (the limit pacing removes); still one email each', async () => {
    const r = await broadcastMinuteByMinute();

    expect(r.perPass[0]).toBe(AUDIENCE);
    expect(r.queued).toBeGreaterThan(AUDIENCE);
    expect(r.distinct).toBe(AUDIENCE);
    expect(r.emails).toBe(AUDIENCE);
  });
});
