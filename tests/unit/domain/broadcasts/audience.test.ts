/**
 * Broadcast audiences (issue 14) on in-memory ports: the count staff see before scheduling is the
 * number of people the broadcast then sends to, for filters on language, step reached, preferred
 * location and booked; references to what does not exist are refused field by field.
 */
import { describe, expect, it } from 'vitest';
import { countAudience } from '../../../../functions/domain/broadcasts/audience.js';
import { dispatchBroadcasts } from '../../../../functions/domain/broadcasts/dispatchBroadcasts.js';
import { audienceOf, scheduleBroadcast } from '../../../../functions/domain/broadcasts/scheduleBroadcast.js';
import type { Subscriber } from '../../../../functions/domain/core/model.js';
import { enrollSubscriber } from '../../../../functions/domain/scheduling/enrollSubscriber.js';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQ = 'cervical-dystonia';
const admin = { sub: 'staff-1', name: 'Admin', role: 'admin' as const };
type Domain = ReturnType<typeof memoryDomain>;

/** An enrolled, confirmed email subscriber who has been sent the first `sent` steps and made the given consultation requests. */
const person = async (d: Domain, o: { language?: 'en' | 'es'; sent?: number; bookings?: string[] } = {}): Promise<Subscriber> => {
  const s = await d.confirmedSubscriber({ language: o.language ?? 'en' }, ['email']);
  await enrollSubscriber(d.ctx, s.subscriberId, SEQ);
  const e = await d.ctx.store.getEnrollment(s.subscriberId, SEQ);
  if (e && o.sent) await d.ctx.store.advanceEnrollment(e, 0, { nextStepIndex: o.sent }, false);
  for (const [i, locationId] of (o.bookings ?? []).entries()) {
    const at = new Date(d.ctx.clock.now().getTime() + i * 60_000).toISOString();
    await d.ctx.store.createBooking({ bookingId: `${s.subscriberId}-b${i}`, at, locationId, preferredTimes: 'mornings', language: 'en', subscriberId: s.subscriberId }, 2_000_000_000);
  }
  return s;
};

/** Schedules the audience for tomorrow 11:00, runs the dispatcher and worker past the start, and answers who was emailed. */
const broadcastTo = async (d: Domain, audience: Record<string, string | undefined>) => {
  const b = await scheduleBroadcast(d.ctx, admin, { name: 'News', template: 'treatment', channel: 'email', date: '2026-03-03', time: '11:00', ...audience } as never);
  d.setNow(new Date(Date.parse(b.startAt) + 1000).toISOString());
  for (let run = 0; run < 3; run++) {
    await dispatchBroadcasts(d.ctx);
    while (d.queued.length) await processSendJob(d.ctx, d.queued.shift() as never);
  }
  return { broadcast: await d.ctx.store.getBroadcast(b.broadcastId), emailed: d.emails.filter((m) => m.tags?.step === b.broadcastId).map((m) => m.to).sort() };
};

describe('countAudience', () => {
  it.each([
    { case: 'English speakers', audience: { language: 'en' }, expected: ['en-new', 'en-far', 'en-booked-orange', 'en-booked-twice'] },
    { case: 'who reached "treatment"', audience: { sequenceId: SEQ, stepId: 'treatment' }, expected: ['en-far', 'es-far'] },
    { case: 'who booked', audience: { booked: 'yes' }, expected: ['en-booked-orange', 'en-booked-twice'] },
    { case: 'who did not book, in Spanish', audience: { booked: 'no', language: 'es' }, expected: ['es-far'] },
    { case: 'whose latest request named Whittier', audience: { locationId: 'whittier' }, expected: ['en-booked-twice'] },
    { case: 'whose latest request named Orange', audience: { locationId: 'orange' }, expected: ['en-booked-orange'] },
  ])('counts $case as many as the broadcast then emails', async ({ audience, expected }) => {
    const d = memoryDomain('2026-03-02T17:00:00.000Z');
    const names = new Map<string, string>();
    const add = async (name: string, o: Parameters<typeof person>[1]) => names.set((await person(d, o)).email as string, name);
    await add('en-new', {});
    await add('en-far', { sent: 6 });
    await add('es-far', { language: 'es', sent: 7 });
    await add('en-booked-orange', { bookings: ['orange'] });
    await add('en-booked-twice', { bookings: ['orange', 'whittier'] });
    await d.confirmedSubscriber({}, ['sms']); // texts only: never in an email audience

    const count = await countAudience(d.ctx, audienceOf({ channel: 'email', ...audience } as never));
    const { broadcast, emailed } = await broadcastTo(d, audience);

    expect(emailed.map((e) => names.get(e as string)).sort()).toEqual([...expected].sort());
    expect(count).toBe(expected.length);
    expect(broadcast?.recipients).toBe(count);
  });

  it.each([
    { case: 'an unknown sequence', audience: { sequenceId: 'no-such-series' }, field: 'sequenceId', message: /No such sequence/ },
    { case: 'a step the sequence does not have', audience: { sequenceId: SEQ, stepId: 'step-99' }, field: 'stepId', message: /has no step "step-99"/ },
    { case: 'a step without a sequence', audience: { stepId: 'symptoms' }, field: 'stepId', message: /Choose a sequence/ },
    { case: 'an unknown location', audience: { locationId: 'anaheim' }, field: 'locationId', message: /No such location/ },
  ])('refuses $case with a field error, and scheduling it stores nothing', async ({ audience, field, message }) => {
    const d = memoryDomain();

    await expect(countAudience(d.ctx, audienceOf({ channel: 'email', ...audience } as never))).rejects.toMatchObject({ fields: { [field]: expect.stringMatching(message) } });
    await expect(broadcastTo(d, audience)).rejects.toMatchObject({ fields: { [field]: expect.stringMatching(message) } });
    expect(await d.ctx.store.listBroadcasts()).toEqual([]);
  });
});
