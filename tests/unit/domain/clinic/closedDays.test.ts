/**
 * The clinic calendar (issue 14) on in-memory ports: the shipped rules (federal holidays, Dec 24
 * and Dec 31), a step due on a closed day moved to the next open day of its window in the
 * recipient's own time, a broadcast on a closed day refused, and bad calendar edits refused.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { scheduleBroadcast } from '../../../../functions/domain/broadcasts/scheduleBroadcast.js';
import { changeClosedDate } from '../../../../functions/domain/clinic/clinicProfile.js';
import { InvalidInput } from '../../../../functions/domain/core/errors.js';
import { closedReason } from '../../../../functions/domain/scheduling/clinicCalendar.js';
import { dispatchDue } from '../../../../functions/domain/scheduling/dispatchDue.js';
import { enrollSubscriber } from '../../../../functions/domain/scheduling/enrollSubscriber.js';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { loadDefaultClinicProfile } from '../../../../functions/rendering/clinicProfile.js';
import { memoryDomain } from '../../../support/memoryDomain.js';
import { stepsOf } from '../../../../functions/domain/scheduling/stepsOf.js';

const SEQ = 'cervical-dystonia';
const admin = { sub: 'staff-1', name: 'Admin', role: 'admin' as const };
const shipped = loadDefaultClinicProfile().closedDays;
const local = (iso: string | undefined, zone: string) => DateTime.fromISO(iso as string, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');

/** Enrolls an email-only subscriber at `nowUtc`, sends the welcome (the welcome text is skipped), and answers when "symptoms" (two days later) is due. */
const symptomsDueAfterWelcomeAt = async (nowUtc: string, zone: string, prepare?: (d: ReturnType<typeof memoryDomain>) => Promise<unknown>) => {
  const d = memoryDomain(nowUtc);
  await prepare?.(d);
  const s = await d.confirmedSubscriber({ timezone: zone }, ['email']);
  await enrollSubscriber(d.ctx, s.subscriberId, SEQ);
  for (const step of ['welcome', 'welcome-sms']) {
    const e = await d.ctx.store.getEnrollment(s.subscriberId, SEQ);
    expect(e && (await stepsOf(d.ctx, e))[e.nextStepIndex]?.id).toBe(step);
    d.setNow(e?.dueAt as string);
    await dispatchDue(d.ctx);
    await processSendJob(d.ctx, d.queued.shift() as never);
  }
  const e = await d.ctx.store.getEnrollment(s.subscriberId, SEQ);
  expect(e && (await stepsOf(d.ctx, e))[e.nextStepIndex]?.id).toBe('symptoms');
  return { d, dueAt: e?.dueAt, welcome: d.emails.length };
};

describe('the shipped clinic calendar', () => {
  it.each([
    ['2026-11-26', 'Thanksgiving Day'],
    ['2026-12-24', 'Clinic closed every year'],
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-31', 'Clinic closed every year'],
    ['2027-01-01', "New Year's Day"],
    ['2026-07-03', "Independence Day (observed)"],
    ['2026-07-04', 'Independence Day'],
    ['2027-01-18', 'Birthday of Martin Luther King, Jr.'],
  ])('closes %s (%s)', (date, reason) => {
    expect(closedReason(shipped, date)).toBe(reason);
  });

  it.each(['2026-12-23', '2026-12-28', '2027-01-04', '2026-07-06'])('leaves %s open', (date) => {
    expect(closedReason(shipped, date)).toBeUndefined();
  });
});

describe('a step due on a closed day', () => {
  it('moves to the next open day at the opening of its window, in the recipient\'s time (Thanksgiving → Friday 09:00 Los Angeles)', async () => {
    // Tue 2026-11-24 10:00 in Los Angeles: "symptoms" (P2D, weekdays 09:00–17:00) falls on Thanksgiving.
    const { dueAt, welcome } = await symptomsDueAfterWelcomeAt('2026-11-24T18:00:00Z', 'America/Los_Angeles');

    expect(welcome).toBe(1);
    expect(local(dueAt, 'America/Los_Angeles')).toBe('Fri 2026-11-27 09:00');
  });

  it('keeps its nominal time when an admin re-opens the day (the edit reaches scheduling at once)', async () => {
    const { dueAt } = await symptomsDueAfterWelcomeAt('2026-11-24T18:00:00Z', 'America/Los_Angeles', (d) => changeClosedDate(d.ctx, admin, '2026-11-26', 'open'));

    expect(local(dueAt, 'America/Los_Angeles')).toBe('Thu 2026-11-26 10:00');
  });

  it('reads the date where the recipient lives: New York\'s Christmas Eve morning waits for Monday 09:00 New York', async () => {
    // Tue 2026-12-22 10:00 New York: "symptoms" falls on Thu Dec 24 (closed), Fri Dec 25 (Christmas), then the weekend.
    const { dueAt } = await symptomsDueAfterWelcomeAt('2026-12-22T15:00:00Z', 'America/New_York');

    expect(local(dueAt, 'America/New_York')).toBe('Mon 2026-12-28 09:00');
  });

  it('holds a step that was due before the day closed: at send time it is deferred, not sent', async () => {
    const d = memoryDomain('2026-12-21T18:00:00Z');
    const s = await d.confirmedSubscriber({}, ['email']);
    await enrollSubscriber(d.ctx, s.subscriberId, SEQ);
    // The welcome is due Mon Dec 21; the admin closes that very day before it goes out.
    await changeClosedDate(d.ctx, admin, '2026-12-21', 'close');
    await dispatchDue(d.ctx);

    const outcome = await processSendJob(d.ctx, d.queued.shift() as never);

    expect(outcome).toBe('deferred');
    expect(d.emails).toHaveLength(0);
    expect(local((await d.ctx.store.getEnrollment(s.subscriberId, SEQ))?.dueAt, 'America/Los_Angeles')).toBe('Tue 2026-12-22 08:00');
  });
});

describe('a broadcast on a closed day', () => {
  it('is refused with a field error on the date, and nothing is stored', async () => {
    const d = memoryDomain('2026-12-20T18:00:00Z');

    const attempt = scheduleBroadcast(d.ctx, admin, { name: 'Holiday news', template: 'treatment', channel: 'email', date: '2026-12-25', time: '10:00' });

    await expect(attempt).rejects.toThrow(InvalidInput);
    await expect(attempt).rejects.toMatchObject({ fields: { date: expect.stringMatching(/closed on 2026-12-25 \(Christmas Day\)/) } });
    expect(await d.ctx.store.listBroadcasts()).toEqual([]);
  });
});

describe('calendar edits', () => {
  it.each([
    { case: 'a malformed date', date: '24/12/2026', change: 'close' as const, message: /Not a calendar date/ },
    { case: 'a date that does not exist', date: '2026-02-30', change: 'close' as const, message: /Not a calendar date/ },
    { case: 'a duplicate (already closed)', date: '2026-12-25', change: 'close' as const, message: /already closed/ },
    { case: 'opening a day that is open', date: '2026-12-22', change: 'open' as const, message: /not a closed day/ },
  ])('refuses $case with a field error and changes nothing', async ({ date, change, message }) => {
    const d = memoryDomain();

    await expect(changeClosedDate(d.ctx, admin, date, change)).rejects.toMatchObject({ fields: { date: expect.stringMatching(message) } });
    expect(await d.ctx.store.getClinicProfile()).toBeUndefined();
    expect(await d.ctx.store.listAudit(10, d.ctx.clock.now())).toEqual([]);
  });

  it('closes and re-opens a date, each a new audited version', async () => {
    const d = memoryDomain();

    await changeClosedDate(d.ctx, admin, '2026-12-22', 'close');
    expect(closedReason((await d.ctx.store.getClinicProfile())?.profile.closedDays, '2026-12-22')).toBe('Clinic closed');
    await changeClosedDate(d.ctx, admin, '2026-12-22', 'open');

    const stored = await d.ctx.store.getClinicProfile();
    expect(stored?.version).toBe(2);
    expect(closedReason(stored?.profile.closedDays, '2026-12-22')).toBeUndefined();
    expect((await d.ctx.store.listAudit(10, d.ctx.clock.now())).map((a) => a.action).sort()).toEqual(['clinic.close-day', 'clinic.open-day']);
  });
});

describe('the demo series over the holidays (npm run demo starts Monday Dec 7 2026)', () => {
  it.each(['America/Los_Angeles', 'America/New_York'])('sends nothing on Dec 24, 25, 31 or Jan 1 in %s; the invite waits for Monday Dec 28', async (zone) => {
    const d = memoryDomain(DateTime.fromISO('2026-12-07T08:30', { zone: 'America/Los_Angeles' }).toUTC().toISO() as string);
    const s = await d.confirmedSubscriber({ timezone: zone }, ['email', 'sms']);
    await enrollSubscriber(d.ctx, s.subscriberId, SEQ);
    const sent: { step: string; at: string }[] = [];
    for (let guard = 0; guard < 40; guard++) {
      const e = await d.ctx.store.getEnrollment(s.subscriberId, SEQ);
      if (!e?.dueAt) break;
      d.setNow(e.dueAt);
      await dispatchDue(d.ctx);
      while (d.queued.length) {
        const job = d.queued.shift() as never as { stepId: string };
        if ((await processSendJob(d.ctx, job as never)) === 'sent') sent.push({ step: job.stepId, at: local(d.ctx.clock.now().toISOString(), zone) });
      }
    }

    expect(sent.map((x) => x.step)).toEqual(expect.arrayContaining(['consultation-invite', 'last-reminder']));
    for (const x of sent) expect(x.at).not.toMatch(/2026-12-2[45]|2026-12-31|2027-01-01/);
    expect(sent.find((x) => x.step === 'consultation-invite')?.at).toMatch(/^Mon 2026-12-28/);
    expect(sent.find((x) => x.step === 'last-reminder')?.at).toMatch(/^Mon 2027-01-04/);
  });
});
