/**
 * The clinic profile, calendar and broadcast audiences through the console API and pages on
 * DynamoDB Local (issue 14): real addresses by default, bad edits refused field by field with
 * nothing written, a good edit reaching the public booking page, and an audience count that is
 * exactly what the broadcast then sends.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedDatesAhead } from '../../functions/domain/scheduling/clinicCalendar.js';
import { loadDefaultClinicProfile } from '../../functions/rendering/clinicProfile.js';
import type { LocalStack } from '../../local/localStack.js';
import { api, confirmedEmailSubscriber, nextOpenDay, page, postForm, signInWithForm, staffToken } from '../support/staffConsole.js';
import { itemsOfType, sent, shippedClinic, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
let admin: string;
let frontDesk: string;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_CLINIC: shippedClinic });
  admin = await staffToken(stack, { username: 'clinic-admin' });
  frontDesk = await staffToken(stack, { username: 'front-desk', groups: ['staff'] });
});
afterAll(async () => {
  await stack?.stop();
});

const profileEdit = async () => {
  const { profile } = (await api(stack, admin, 'GET', '/api/admin/clinic')).body;
  const { timezone, closedDays, ...details } = profile;
  return details;
};
const clinicRows = async () => (await itemsOfType(stack, 'clinicProfile')).length;

describe('clinic profile', () => {
  it('ships the clinic\'s three real addresses, on the booking page too', async () => {
    const r = await api(stack, frontDesk, 'GET', '/api/admin/clinic');
    const booking = await (await fetch(`${stack.baseUrl}/book`)).text();

    expect(r.status).toBe(200);
    expect(r.body.version).toBe(0);
    for (const address of ['4631 Teller Ave., Newport Beach, CA 92660', '2617 East Chapman Ave., Suite 110, Orange, CA 92869', '12472 Washington Blvd., Whittier, CA 90602']) {
      expect(r.body.profile.locations.map((l: { address: string }) => l.address)).toContain(address);
      expect(booking).toContain(address);
    }
    expect(booking).not.toMatch(/to be confirmed/i);
    expect(r.body.closed).toEqual(expect.arrayContaining([{ date: expect.stringMatching(/-12-25$/), reason: 'Christmas Day' }]));
  });

  it.each([
    { case: 'an empty name', change: { name: '' }, field: 'name' },
    { case: 'a bad web address', change: { website: 'www socalpaincenter' }, field: 'website' },
    { case: 'a bad phone number', change: { phone: '12-34' }, field: 'phone' },
  ])('refuses $case with 400 and a field error, writing nothing', async ({ change, field }) => {
    const r = await api(stack, admin, 'POST', '/api/admin/clinic', { basedOn: 0, profile: { ...(await profileEdit()), ...change } });

    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual([field]);
    expect(await clinicRows()).toBe(0);
  });

  it('refuses an edit from staff without the admin role (403)', async () => {
    const r = await api(stack, frontDesk, 'POST', '/api/admin/clinic', { basedOn: 0, profile: await profileEdit() });

    expect(r.status).toBe(403);
    expect(await clinicRows()).toBe(0);
  });

  it('shows a bad form field beside the field on the console page (400), and saves a good one as version 1', async () => {
    const cookie = await signInWithForm(stack);
    const form = await page(stack, cookie, '/admin/clinic');
    expect(form.html).toContain('4631 Teller Ave., Newport Beach, CA 92660');
    const fields = Object.fromEntries([...form.html.matchAll(/<input type="(?:text|tel|email|url)" id="([^"]+)" name="[^"]+" value="([^"]*)"/g)].map((m) => [m[1], (m[2] ?? '').replace(/&amp;/g, '&').replace(/&#39;/g, "'")]));

    const bad = await postForm(stack, cookie, '/admin/clinic', { _csrf: form.csrf, basedOn: '0', ...fields, 'locations.1.address': ' ' });
    const badHtml = await bad.text();
    expect(bad.status).toBe(400);
    expect(badHtml).toMatch(/id="locations\.1\.address-error">every location needs a postal address/);
    expect(await clinicRows()).toBe(0);

    const good = await postForm(stack, cookie, '/admin/clinic', { _csrf: form.csrf, basedOn: '0', ...fields, hours: 'Mon–Fri 8:00–17:00' });
    expect(good.status).toBe(303);
    expect((await api(stack, admin, 'GET', '/api/admin/clinic')).body).toMatchObject({ version: 1, profile: { hours: 'Mon–Fri 8:00–17:00' } });
    expect((await itemsOfType(stack, 'audit')).filter((a) => a.action === 'clinic.update')).toHaveLength(1);
  });

  it('puts a changed address on the public booking page', async () => {
    const current = (await api(stack, admin, 'GET', '/api/admin/clinic')).body;
    const details = await profileEdit();
    details.locations[2].address = '12472 Washington Blvd., Suite 2, Whittier, CA 90602';

    expect((await api(stack, admin, 'POST', '/api/admin/clinic', { basedOn: current.version, profile: details })).status).toBe(200);
    expect(await (await fetch(`${stack.baseUrl}/book`)).text()).toContain('12472 Washington Blvd., Suite 2, Whittier, CA 90602');
    expect((await api(stack, admin, 'POST', '/api/admin/clinic', { basedOn: current.version, profile: details })).status).toBe(409);
  });
});

describe('closed days', () => {
  it.each([
    { case: 'a malformed date', body: { date: '12/26/2026', change: 'close' } },
    { case: 'a duplicate', body: { date: '2026-12-25', change: 'close' } },
  ])('refuses $case with a field error on date and changes nothing', async ({ body }) => {
    const before = (await api(stack, admin, 'GET', '/api/admin/clinic')).body.version;

    const r = await api(stack, admin, 'POST', '/api/admin/clinic/closed-days', body);

    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual(['date']);
    expect((await api(stack, admin, 'GET', '/api/admin/clinic')).body.version).toBe(before);
  });

  it('lists the closed days of the next 90 days on the sequence page', async () => {
    const today = DateTime.fromJSDate(stack.clock.now(), { zone: 'America/Los_Angeles' }).toISODate() as string;
    const expected = closedDatesAhead(loadDefaultClinicProfile().closedDays, today, 90);

    const html = (await page(stack, await signInWithForm(stack), '/admin/sequences/cervical-dystonia')).html;

    expect(html).toContain('Closed days ahead');
    expect(expected.length).toBeGreaterThan(0); // every 90 days hold at least one federal holiday
    for (const c of expected) expect(html).toContain(`${c.date}: ${c.reason.replace(/'/g, '&#39;')}`);
  });
});

describe('broadcast audiences', () => {
  it('counts before scheduling exactly the people the broadcast then emails', async () => {
    await confirmedEmailSubscriber(stack, { language: 'es' });
    await confirmedEmailSubscriber(stack, { language: 'es' });
    await confirmedEmailSubscriber(stack, { language: 'en' });
    await stack.advance('P1D'); // the welcome email goes out in its window: each has reached step "welcome"
    const audience = { channel: 'email', language: 'es', sequenceId: 'cervical-dystonia', stepId: 'welcome' };

    const count = await api(stack, frontDesk, 'POST', '/api/admin/broadcasts/audience', audience);
    const b = (await api(stack, admin, 'POST', '/api/admin/broadcasts', { name: 'Spanish news', template: 'treatment', date: nextOpenDay(stack.clock.now()), time: '11:00', ...audience })).body;
    await stack.advance(`PT${Math.ceil((Date.parse(b.startAt) - stack.clock.now().getTime()) / 1000) + 120}S`);

    expect(count.status).toBe(200);
    expect(count.body.recipients).toBeGreaterThanOrEqual(2);
    expect(sent(stack, { channel: 'email' }).filter((m) => m.tags?.step === b.broadcastId)).toHaveLength(count.body.recipients);
  });

  it.each([
    { case: 'an unknown sequence', body: { sequenceId: 'nope' }, field: 'sequenceId' },
    { case: 'an unknown step', body: { sequenceId: 'cervical-dystonia', stepId: 'step-nine' }, field: 'stepId' },
    { case: 'an unknown location', body: { locationId: 'anaheim' }, field: 'locationId' },
  ])('refuses $case with a field error', async ({ body, field }) => {
    const r = await api(stack, frontDesk, 'POST', '/api/admin/broadcasts/audience', { channel: 'email', ...body });

    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual([field]);
  });
});
