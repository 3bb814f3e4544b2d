/**
 * Click-through (W10) and booking a consultation (issue 5) through the local endpoints: the
 * tracked link in a sent message, the redirect, the prefilled form, the request, the clinic's
 * notification, the patient's confirmation, the conversion and the end of the invite steps.
 */
import { tableInspector } from '../../local/tableInspector.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_STEP, stepRefOf } from '../../functions/domain/core/LinkTokens.js';
import { stepSendId } from '../../functions/domain/core/sendIds.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import {
  advanceUntilNextStep,
  clickLinkIn,
  confirmedSubscriber,
  dispatchOnly,
  holdWorker,
  postForm,
  type TestSubscriber,
} from '../support/recipientActions.js';
import { itemsOfType, postJson, sent, startTestStack, PERSON_USER_AGENT } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const SEQ = 'cervical-dystonia';
const INVITES = ['consultation-invite', 'consultation-invite-sms', 'last-reminder', 'last-reminder-sms'];

/** A confirmed subscriber whose welcome email went out, and that email. */
const welcomed = async (opts: { sms?: boolean; firstName?: string } = {}) => {
  const s = await confirmedSubscriber(stack, opts);
  await stack.advance('PT12H');
  const mail = sent(stack, { to: s.email }).find((e) => e.tags?.step === 'welcome');
  if (!mail) throw new Error('welcome not sent');
  return { s, mail };
};

const follow = (url: string) => fetch(url, { redirect: 'manual' });

describe('tracked links (W10)', () => {
  it('are short enough for a text, record the click on the step and redirect with UTM parameters', async () => {
    const { s, mail } = await welcomed();
    const link = clickLinkIn(mail.text);
    expect(link.slice(link.indexOf('/c/') + 3).length).toBeLessThanOrEqual(60);

    await stack.advance('PT5M'); // a person reads before clicking (a fetch within seconds of sending is a scanner's)
    const r = await fetch(link, { redirect: 'manual', headers: { 'user-agent': PERSON_USER_AGENT } });

    expect(r.status).toBe(302);
    const location = new URL(r.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${stack.baseUrl}/book`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      utm_source: 'carecast',
      utm_medium: 'email',
      utm_campaign: SEQ,
      utm_content: 'welcome',
    });
    expect(location.searchParams.get('t')).toBeTruthy();
    // The step's events also hold SES's Delivery event (local SES publishes it, as in AWS): the clicks only.
    const clicks = (await tableInspector().listStepEvents(SEQ, 'welcome')).filter((e) => e.subscriberId === s.subscriberId && /clicked$/.test(e.kind));
    expect(clicks).toMatchObject([{ kind: 'clicked', channel: 'email', detail: 'book' }]);
  });

  it('ignore a target smuggled into the query string', async () => {
    const { mail } = await welcomed();

    const r = await follow(`${clickLinkIn(mail.text)}?url=https://evil.example/&next=//evil.example`);

    expect(new URL(r.headers.get('location') as string).origin).toBe(new URL(stack.baseUrl).origin);
  });

  it.each([
    { case: 'a protocol-relative URL', target: '//evil.example' },
    { case: 'credentials before the host', target: 'https://www.socalpaincenter.com@evil.example' },
    { case: 'javascript:', target: 'javascript:alert(1)' },
    { case: 'an encoded protocol-relative URL', target: '%2F%2Fevil.example' },
    { case: 'an encoded javascript:', target: 'javascript%3Aalert(1)' },
    { case: 'a listed id with a path', target: 'book/../../evil' },
    { case: 'a prototype property', target: '__proto__' },
    { case: 'an unlisted code', target: 'code-99' },
  ])('refuse a validly signed token naming $case as its target', async ({ target }) => {
    const { s } = await welcomed();
    const { tokens } = await domainContext();
    const token = tokens.sign({ p: 'click', s: s.subscriberId, c: `email:${NO_STEP}`, t: target }, stack.clock.now());

    const r = await follow(`${stack.baseUrl}/c/${token}`);

    expect(r.status).toBe(400);
    expect(r.headers.get('location')).toBeNull();
  });

  it('refuse an altered token and record nothing', async () => {
    const { s, mail } = await welcomed();
    const link = clickLinkIn(mail.text);
    const cut = link.length - 5;
    const altered = link.slice(0, cut) + (link[cut] === 'A' ? 'B' : 'A') + link.slice(cut + 1);

    const r = await follow(altered);

    expect(r.status).toBe(400);
    // Nothing recorded for the click (the step's SES Delivery event is there, as in AWS).
    expect((await tableInspector().listStepEvents(SEQ, 'welcome')).filter((e) => e.subscriberId === s.subscriberId && /clicked$/.test(e.kind))).toHaveLength(0);
  });

  it('the clinic website target lands on the website with UTM parameters', async () => {
    const { s } = await welcomed();
    const { tokens, settings } = await domainContext();
    const token = tokens.signClick({ subscriberId: s.subscriberId, stepRef: stepRefOf(SEQ, 'welcome'), channel: 'sms', target: 'website' }, stack.clock.now());

    const r = await follow(`${stack.baseUrl}/c/${token}`);

    expect(r.status).toBe(302);
    const location = new URL(r.headers.get('location') as string);
    expect(location.origin).toBe(new URL(settings.clinic.website).origin);
    expect(location.searchParams.get('utm_medium')).toBe('sms');
    expect(location.searchParams.get('t')).toBeNull();
  });
});

/** Follows a tracked link to the booking page and returns the booking token from the redirect. */
const bookingTokenFrom = async (link: string) => {
  const r = await follow(link);
  const location = new URL(r.headers.get('location') as string);
  return { page: `${location.pathname}${location.search}`, token: location.searchParams.get('t') as string };
};

const bookingForm = (s: TestSubscriber, token: string, over: Record<string, string> = {}) => ({
  token,
  language: 'en',
  firstName: s.firstName,
  email: s.email,
  location: 'newport-beach',
  preferredTimes: 'Weekday mornings',
  reason: 'Neck stiffness',
  consentContact: 'true',
  ...over,
});

describe('booking a consultation', () => {
  it('prefills the first name from the tracked link, never the email or phone (a forwarded email would reveal them)', async () => {
    const { s, mail } = await welcomed({ firstName: 'Marisol' });
    const { page } = await bookingTokenFrom(clickLinkIn(mail.text));

    const html = await (await fetch(`${stack.baseUrl}${page}`)).text();

    expect(html).toContain('value="Marisol"');
    expect(html).not.toContain(s.email);
    expect(html).toMatch(/name="token" value="[^"]+"/);
    for (const id of ['newport-beach', 'orange', 'whittier']) expect(html).toContain(`value="${id}"`);
  });

  it('stores the request, notifies the clinic inbox, confirms to the patient, records the conversion and ends the invite steps; earlier messages stay', async () => {
    const { s, mail } = await welcomed({ sms: true, firstName: 'Marisol' });
    const { token } = await bookingTokenFrom(clickLinkIn(mail.text));
    const messagesBefore = await (await domainContext()).store.listMessages(s.subscriberId);

    const r = await postForm(`${stack.baseUrl}/api/book`, bookingForm(s, token), { origin: stack.baseUrl });
    await stack.settle();

    expect(r.status).toBe(201);
    expect(await r.text()).toMatch(/We received your request/);
    const { store, settings } = await domainContext();
    const bookings = await store.listBookings(s.subscriberId);
    expect(bookings).toMatchObject([{ locationId: 'newport-beach', firstName: 'Marisol', sequenceId: SEQ, stepId: 'welcome' }]);
    const notice = sent(stack, { channel: 'email', to: settings.bookingInbox }).filter((e) => e.text?.includes(s.email));
    expect(notice).toHaveLength(1);
    expect(notice[0]?.text).toContain('Weekday mornings');
    expect(notice[0]?.text).toContain('Newport Beach');
    expect(notice[0]?.headers?.['List-Unsubscribe']).toBeUndefined();
    const confirmations = sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'booking-confirmation');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]?.text).toContain('Newport Beach');
    expect(sent(stack, { channel: 'sms', to: s.phone as string }).filter((t) => /consultation request/i.test(t.body ?? ''))).toHaveLength(1);
    expect((await tableInspector().listStepEvents(SEQ, 'welcome')).filter((e) => e.subscriberId === s.subscriberId && e.kind === 'booked')).toHaveLength(1);
    expect((await tableInspector().getStepStats(SEQ, 'welcome')).booked).toBeGreaterThanOrEqual(1);
    expect((await store.getEnrollment(s.subscriberId, SEQ))?.goals).toEqual(['booked']);

    await stack.advance('P40D');

    const steps = sent(stack, { to: s.email }).map((e) => e.tags?.step);
    expect(steps).toEqual(expect.arrayContaining(['welcome', 'symptoms', 'self-care', 'treatment', 'living-with']));
    for (const invite of INVITES) expect(steps).not.toContain(invite);
    const messagesAfter = await store.listMessages(s.subscriberId);
    expect(messagesAfter.filter((m) => m.state === 'SENT').map((m) => m.stepId)).toContain('self-care-sms'); // non-invite texts go on
    for (const invite of INVITES) expect(messagesAfter.map((m) => m.stepId)).not.toContain(invite);
    for (const m of messagesBefore) expect(messagesAfter).toContainEqual(m);
    expect((await store.getEnrollment(s.subscriberId, SEQ))?.status).toBe('completed');
  });

  it('refuses an invite step that was already dispatched when the person booked', async () => {
    const { s, mail } = await welcomed();
    const { token } = await bookingTokenFrom(clickLinkIn(mail.text));
    const e = await advanceUntilNextStep(stack, s.subscriberId, SEQ, 'consultation-invite');
    stack.clock.jumpTo(new Date(e.dueAt as string));
    const release = holdWorker(stack);
    await dispatchOnly();

    const r = await postJson(stack, '/api/book', { ...bookingForm(s, token), consentContact: true });
    await release();

    expect(r.status).toBe(201);
    expect(sent(stack, { to: s.email }).filter((m) => m.tags?.step === 'consultation-invite')).toHaveLength(0);
    const send = await (await domainContext()).store.getSend(stepSendId(`${s.subscriberId}.${SEQ}`, 'consultation-invite'));
    expect(send).toMatchObject({ state: 'SKIPPED', reason: 'goal reached' });
  });

  it('counts a request with a token that does not verify, unattributed and on nobody\'s profile', async () => {
    const { s } = await welcomed();
    const { tokens } = await domainContext();
    const forged = tokens.sign({ p: 'unsub', s: s.subscriberId, c: 'email' }, stack.clock.now()); // wrong purpose

    const r = await postJson(stack, '/api/book', { ...bookingForm(s, forged), consentContact: true });
    await stack.settle();

    expect(r.status).toBe(201);
    // An address typed on the form proves nothing: the booking is the clinic's, not this profile's (issue 11).
    expect(await (await domainContext()).store.listBookings(s.subscriberId)).toHaveLength(0);
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'booking-confirmation')).toHaveLength(0);
  });

  it('works without a token for someone we do not know: the clinic is told, nobody else is mailed', async () => {
    const email = `walk-in-${Date.now()}@example.com`;
    await stack.settle();
    const before = stack.outbox.all().length;

    const r = await postJson(stack, '/api/book', { firstName: 'Olga', email, location: 'whittier', preferredTimes: 'Friday afternoon', consentContact: true });
    await stack.settle();

    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ status: 'received' });
    const { settings } = await domainContext();
    const added = stack.outbox.all().slice(before);
    expect(added.map((e) => e.to)).toEqual([settings.bookingInbox]);
    expect(added[0]?.text).toContain('Whittier');
  });
});

describe('booking input (W2, W5, W7)', () => {
  const valid = { firstName: 'Olga', email: 'olga@example.com', location: 'orange', preferredTimes: 'Mornings', consentContact: true };

  it.each([
    { case: 'no first name', body: { ...valid, firstName: '' }, field: 'firstName' },
    { case: 'markup in the name', body: { ...valid, firstName: '<script>' }, field: 'firstName' },
    { case: 'neither email nor phone', body: { ...valid, email: undefined }, field: 'email' },
    { case: 'a bad email', body: { ...valid, email: 'not-an-email' }, field: 'email' },
    { case: 'a non-US phone', body: { ...valid, phone: '+44 20 7946 0958' }, field: 'phone' },
    { case: 'an office that does not exist', body: { ...valid, location: 'irvine' }, field: 'location' },
    { case: 'no preferred times', body: { ...valid, preferredTimes: '   ' }, field: 'preferredTimes' },
    { case: 'a long reason', body: { ...valid, reason: 'x'.repeat(501) }, field: 'reason' },
    { case: 'no consent to be contacted', body: { ...valid, consentContact: false }, field: 'consentContact' },
    { case: 'an unknown field', body: { ...valid, diagnosis: 'cervical dystonia' }, field: 'diagnosis' },
  ])('answers 400 naming the field for $case, and writes and sends nothing', async ({ body, field }) => {
    const items = (await itemsOfType(stack, 'booking')).length;
    const mails = stack.outbox.all().length;

    const r = await postJson(stack, '/api/book', body);
    await stack.settle();

    expect(r.status).toBe(400);
    const json = (await r.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(json.error.code).toBe('invalid_input');
    expect(Object.keys(json.error.fields)).toContain(field);
    expect((await itemsOfType(stack, 'booking')).length).toBe(items);
    expect(stack.outbox.all().length).toBe(mails);
  });

  it('answers a bot that filled the honeypot like anyone else, and stores nothing', async () => {
    const items = (await itemsOfType(stack, 'booking')).length;
    const mails = stack.outbox.all().length;

    const r = await postJson(stack, '/api/book', { ...valid, website: 'http://spam.example' });
    await stack.settle();

    expect(r.status).toBe(201);
    expect((await itemsOfType(stack, 'booking')).length).toBe(items);
    expect(stack.outbox.all().length).toBe(mails);
  });

  it('refuses a form posted from another site', async () => {
    const r = await postForm(`${stack.baseUrl}/api/book`, { ...valid, consentContact: 'true' }, { origin: 'https://evil.example' });

    expect(r.status).toBe(403);
  });

  it('is rate-limited per client address (W1)', async () => {
    const { reloadConfig } = await import('../../functions/config.js');
    process.env.CARECAST_RATE_LIMIT_PER_MINUTE = '3';
    reloadConfig();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await postJson(stack, '/api/book', { ...valid, firstName: '' }, { 'x-carecast-test-ip': '10.9.9.9' })).status);

      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    } finally {
      process.env.CARECAST_RATE_LIMIT_PER_MINUTE = '100000';
      reloadConfig();
    }
  });

  it('re-renders the no-JS form with the errors and the values typed', async () => {
    const r = await postForm(`${stack.baseUrl}/api/book`, { firstName: 'Olga', email: 'bad', location: 'orange', preferredTimes: 'Mornings' }, { origin: stack.baseUrl });

    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="Olga"');
    expect(html).toMatch(/id="consentContact-error"[^>]*>Tick the box/);
  });
});
