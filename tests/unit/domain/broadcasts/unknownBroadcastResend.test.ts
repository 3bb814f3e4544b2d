/**
 * Issue 16: a broadcast message whose provider call was ambiguous (UNKNOWN) is not left for good.
 * Its recipient stays pending, due again at the row's resend time; the dispatcher's broadcast pass
 * queues it then, and the worker either finds the provider's event (settled, nothing sent again)
 * or sends it again after the send-time gates. Before this the recipient settled 'unknown' and
 * nothing came back to it.
 */
import { describe, expect, it } from 'vitest';
import { dispatchBroadcasts } from '../../../../functions/domain/broadcasts/dispatchBroadcasts.js';
import { ProviderOutcomeUnknown } from '../../../../functions/domain/core/errors.js';
import type { SendJob } from '../../../../functions/domain/core/model.js';
import { handleDeliveryFeedback } from '../../../../functions/domain/recipientActions/handleDeliveryFeedback.js';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQ = 'cervical-dystonia';
const WAIT = 30 * 60_000;

/** One email member of SEQ and a broadcast to SEQ whose first provider call is ambiguous. */
const unknownBroadcast = async () => {
  const d = memoryDomain();
  d.ctx.settings.unknownEmailResendAfterMs = WAIT;
  const s = await d.confirmedSubscriber({}, ['email']);
  await d.ctx.store.addSequenceMember(SEQ, s.subscriberId);
  await d.broadcastNow('b-unknown', { channel: 'email', sequenceId: SEQ });
  await dispatchBroadcasts(d.ctx);
  const [job] = d.queued.splice(0) as [Extract<SendJob, { kind: 'broadcast' }>];
  expect(job.kind).toBe('broadcast');
  d.failNext.email.push(() => new ProviderOutcomeUnknown('timeout after the request left'));
  expect(await processSendJob(d.ctx, job)).toBe('unknown');
  expect(d.emails).toHaveLength(0);
  const recipient = () => d.ctx.store.getBroadcastRecipient(job.broadcastId, job.subscriberId);
  return { d, s, job, recipient };
};

/** The dispatcher's broadcast pass, then the worker on whatever it queued. */
const dispatchAndRun = async (d: ReturnType<typeof memoryDomain>) => {
  await dispatchBroadcasts(d.ctx);
  const jobs = d.queued.splice(0);
  return Promise.all(jobs.map((j) => processSendJob(d.ctx, j)));
};

describe('an UNKNOWN broadcast message', () => {
  it('keeps its recipient pending until the wait is over, then is sent once, and never again', async () => {
    const { d, job, recipient } = await unknownBroadcast();
    expect(await recipient()).toMatchObject({ state: 'pending', dueAt: new Date(d.ctx.clock.now().getTime() + WAIT).toISOString() });
    d.advance(WAIT - 1000);
    expect(await dispatchAndRun(d)).toEqual([]);
    d.advance(1000);
    expect(await dispatchAndRun(d)).toEqual(['sent']);
    expect(d.emails).toHaveLength(1);
    expect((await recipient())?.state).toBe('sent');
    // Nothing left to bring back; a late redelivery of the job sends nothing.
    d.advance(WAIT * 4);
    expect(await dispatchAndRun(d)).toEqual([]);
    expect(['stale', 'duplicate']).toContain(await processSendJob(d.ctx, job));
    expect(d.emails).toHaveLength(1);
  });

  it('is settled sent, never resent, when the SES event for its sendId arrives within the wait', async () => {
    const { d, job, recipient } = await unknownBroadcast();
    d.advance(60_000);
    await handleDeliveryFeedback(d.ctx, { feedbackId: 'ses-9:Send', kind: 'accepted', providerMessageId: 'ses-9', sendId: job.sendId, recipients: ['x@example.com'] });
    d.advance(WAIT);
    await dispatchAndRun(d);
    expect((await recipient())?.state).toBe('sent');
    expect((await d.ctx.store.getSend(job.sendId))?.state).toBe('SENT');
    expect(d.emails).toHaveLength(0);
  });

  it('re-checks the gates at resend time: an address suppressed meanwhile gets nothing', async () => {
    const { d, s, recipient } = await unknownBroadcast();
    await d.ctx.store.suppress(d.ctx.hasher.hash('email', s.email as string), 'email', 'complaint', d.ctx.clock.now().toISOString());
    d.advance(WAIT);
    expect(await dispatchAndRun(d)).toEqual(['skipped']);
    expect(d.emails).toHaveLength(0);
    expect((await recipient())?.state).toBe('skipped');
  });

  it('stays at most once when the wait is off: the recipient is settled unknown and nothing comes back', async () => {
    const { d, recipient } = await unknownBroadcast();
    delete d.ctx.settings.unknownEmailResendAfterMs;
    d.advance(WAIT);
    // The pending recipient comes back once and is settled unknown: the row will never be resent.
    expect(await dispatchAndRun(d)).toEqual(['unknown']);
    expect((await recipient())?.state).toBe('unknown');
    d.advance(WAIT * 4);
    expect(await dispatchAndRun(d)).toEqual([]);
    expect(d.emails).toHaveLength(0);
  });
});
