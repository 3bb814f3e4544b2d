/**
 * Issue 11's numbered cases through HTTP against local mode: each is the input that went wrong,
 * kept as a test of the kind of fault behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD } from '../../functions/domain/signup/SignupForm.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { clickLinkIn, nextPhone, oneClick, subscriberRow, unsubscribeUrlFor } from '../support/recipientActions.js';
import { confirmByEmail, confirmLinkFor, itemsOfType, nextTestIp, postJson, postSignupForm, pressConfirm, sent, signupBody, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const ownerOf = async (channel: 'email' | 'sms', address: string) => {
  const d = await domainContext();
  return d.store.findSubscriberIdByAddress(channel, d.hasher.hash(channel, address), stack.clock.now());
};
const ledger = async (subscriberId: string) => (await domainContext()).store.listConsent(subscriberId);
const dripEmails = (to: string) => sent(stack, { channel: 'email', to }).filter((m) => m.tags?.sequence);
/** Someone who signed up by text only and replied YES; returns their profile id. */
const textOnlySubscriber = async (phone: string, firstName: string) => {
  await postJson(stack, '/api/subscribe', { language: 'en', firstName, phone, consentSms: true, timezone: 'America/Los_Angeles' });
  await stack.settle();
  await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' });
  await stack.settle();
  return (await ownerOf('sms', phone)) as string;
};
const formTokenOf = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)?.[1];

describe('case 1: profile takeover (unauthenticated merge)', () => {
  it('a signup with Rosa\'s phone and someone else\'s email never touches Rosa: the email becomes its own profile', async () => {
    const rosaPhone = nextPhone();
    const rosaId = await textOnlySubscriber(rosaPhone, 'Rosa');
    const rosaBefore = await subscriberRow(stack, rosaId);
    const ledgerBefore = await ledger(rosaId);
    const textsBefore = sent(stack, { to: rosaPhone }).length;
    expect(rosaBefore).toMatchObject({ smsStatus: 'confirmed', firstName: 'Rosa' });

    const intruder = `mallory+${Date.now()}@example.net`;
    const r = await postJson(stack, '/api/subscribe', { language: 'en', firstName: 'Mallory', phone: rosaPhone, email: intruder, consentSms: true, consentEmail: true, timezone: 'America/Los_Angeles' });
    expect(r.status).toBe(202);
    await stack.settle();

    // Rosa's profile, ledger and phone: unchanged, nothing sent.
    expect(await subscriberRow(stack, rosaId)).toEqual(rosaBefore);
    expect(await ledger(rosaId)).toEqual(ledgerBefore);
    expect(sent(stack, { to: rosaPhone })).toHaveLength(textsBefore);
    // The email is its own pending profile, and confirming it gives that profile, not Rosa's.
    const intruderId = await ownerOf('email', intruder);
    expect(intruderId).toBeDefined();
    expect(intruderId).not.toBe(rosaId);
    expect(await subscriberRow(stack, intruderId as string)).toMatchObject({ emailStatus: 'pending', smsStatus: 'none', firstName: 'Mallory' });
    expect((await subscriberRow(stack, intruderId as string))?.phone).toBeUndefined();
    await confirmByEmail(stack, intruder);
    await stack.advance('P2D');
    const mails = dripEmails(intruder);
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) expect(`${m.text}${m.html}`).not.toContain('Rosa');
    const unsub = new URL(unsubscribeUrlFor(stack, intruder));
    const claims = JSON.parse(Buffer.from(unsub.pathname.split('/').at(-1)?.split('.')[1] as string, 'base64url').toString()) as { s: string };
    expect(claims.s).toBe(intruderId);
  });

  it('typing someone\'s address on the booking form records nothing on their profile and sends them nothing', async () => {
    const phone = nextPhone();
    const rosaId = await textOnlySubscriber(phone, 'Rosa');
    const textsBefore = sent(stack, { to: phone }).length;

    const r = await postJson(stack, '/api/book', { language: 'en', firstName: 'Rosa', phone, location: 'orange', preferredTimes: 'You owe us money, call now', consentContact: true }, { origin: stack.baseUrl });
    expect(r.status).toBe(201);
    await stack.settle();

    expect(await (await domainContext()).store.listBookings(rosaId)).toHaveLength(0);
    expect(sent(stack, { to: phone })).toHaveLength(textsBefore);
  });

  it('a booking link never prefills email or phone', async () => {
    const phone = nextPhone();
    const body = signupBody({ firstName: 'Rosa', phone, consentSms: true });
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    await confirmByEmail(stack, body.email as string);
    await stack.advance('PT12H');
    const welcome = sent(stack, { to: body.email as string }).find((m) => m.tags?.step === 'welcome');
    const page = await (await fetch(clickLinkIn(welcome?.text))).text();
    expect(page).toContain('value="Rosa"');
    expect(page).not.toContain(body.email as string);
    expect(page).not.toContain(phone.slice(2));
  });
});

describe('case 2: a confirmation link is bound to the address and request it was sent for', () => {
  it('a kept link never confirms a later re-subscription, and writes no confirmation nobody gave', async () => {
    const body = signupBody();
    const email = body.email as string;
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const kept = confirmLinkFor(stack, email);
    await pressConfirm(kept);
    const id = (await ownerOf('email', email)) as string;
    await stack.advance('PT1H');
    expect((await oneClick(unsubscribeUrlFor(stack, email))).status).toBe(200);
    expect((await subscriberRow(stack, id))?.emailStatus).toBe('unsubscribed');

    await stack.advance('PT11M');
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const fresh = confirmLinkFor(stack, email);
    expect(fresh).not.toBe(kept);
    const confirmationsBefore = (await ledger(id)).filter((c) => c.action === 'confirmed').length;

    const replay = await pressConfirm(kept);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('This link did not work');
    expect((await subscriberRow(stack, id))?.emailStatus).toBe('pending');
    expect((await ledger(id)).filter((c) => c.action === 'confirmed')).toHaveLength(confirmationsBefore);

    expect((await pressConfirm(fresh)).status).toBe(200);
    expect((await subscriberRow(stack, id))?.emailStatus).toBe('confirmed');
  });

  it('a link signed for one address never confirms another, even on the same profile id', async () => {
    const a = signupBody();
    const b = signupBody();
    await postJson(stack, '/api/subscribe', a);
    await postJson(stack, '/api/subscribe', b);
    await stack.settle();
    const d = await domainContext();
    const bId = (await ownerOf('email', b.email as string)) as string;
    const crossed = d.tokens.sign({ p: 'confirm', s: bId, c: 'email', h: d.hasher.hash('email', a.email as string), n: 'n-1' }, stack.clock.now());
    const r = await fetch(`${stack.baseUrl}/api/confirm?token=${encodeURIComponent(crossed)}`);
    expect(r.status).toBe(400);
    const post = await postJson(stack, '/api/confirm', { token: crossed });
    expect(post.status).toBe(400);
    expect((await post.json()).error.code).toBe('token_invalid');
    expect((await subscriberRow(stack, bId))?.emailStatus).toBe('pending');
  });
});

describe('case 3: mail scanners (GET and HEAD change nothing)', () => {
  it('GET and HEAD of the link, any number of times, leave the address pending; the button confirms and records IP, user agent and time', async () => {
    const body = signupBody();
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const link = confirmLinkFor(stack, body.email as string);
    const id = (await ownerOf('email', body.email as string)) as string;
    const rowsBefore = (await tableItems(stack)).length;
    for (const method of ['GET', 'HEAD', 'GET', 'HEAD']) {
      const r = await fetch(link, { method, headers: { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks scanner)' } });
      // GET shows the button page; HEAD has no route of its own (404 here and in API Gateway): neither writes.
      expect(r.status).toBe(method === 'GET' ? 200 : 404);
    }
    expect((await tableItems(stack)).length).toBe(rowsBefore);
    expect((await subscriberRow(stack, id))?.emailStatus).toBe('pending');
    expect((await itemsOfType(stack, 'enrollment')).filter((e) => e.subscriberId === id)).toHaveLength(0);

    const ip = nextTestIp();
    const done = await pressConfirm(link, { 'x-carecast-test-ip': ip, 'user-agent': 'PatientBrowser/2.0' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are confirmed');
    const confirmed = (await ledger(id)).filter((c) => c.action === 'confirmed');
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]).toMatchObject({ channel: 'email', ip, userAgent: 'PatientBrowser/2.0', source: 'email-link-button' });
    expect(Date.parse(confirmed[0]?.at as string)).toBeLessThanOrEqual(stack.clock.now().getTime());
    expect((await itemsOfType(stack, 'enrollment')).filter((e) => e.subscriberId === id)).toHaveLength(1);
  });
});

describe('case 4: letter case does not split one mailbox', () => {
  it('Pat.Doe@ then pat.doe@ is one subscriber, one confirmation, and every drip email once', async () => {
    const tag = Date.now();
    await postJson(stack, '/api/subscribe', signupBody({ email: `Pat.Doe+${tag}@Example.org` }));
    await postJson(stack, '/api/subscribe', signupBody({ email: `pat.doe+${tag}@example.org` }));
    await stack.settle();
    const subs = (await itemsOfType(stack, 'subscriber')).filter((s) => String(s.email).toLowerCase() === `pat.doe+${tag}@example.org`);
    expect(subs).toHaveLength(1);
    expect(subs[0]?.email).toBe(`Pat.Doe+${tag}@example.org`); // stored as typed
    const all = stack.outbox.all().filter((m) => m.to.toLowerCase() === `pat.doe+${tag}@example.org`);
    expect(all).toHaveLength(1);
    await confirmByEmail(stack, `Pat.Doe+${tag}@example.org`);
    await stack.advance('P7D');
    const drip = stack.outbox.all().filter((m) => m.to.toLowerCase() === `pat.doe+${tag}@example.org` && m.tags?.sequence);
    expect(drip.length).toBeGreaterThan(0);
    expect(new Set(drip.map((m) => m.tags?.step)).size).toBe(drip.length);
  });

  it('a suppressed mailbox cannot be signed up again by changing case, including suppressions hashed before issue 11', async () => {
    const d = await domainContext();
    const tag = Date.now();
    await d.store.suppress(d.hasher.hash('email', `Sue.Roe+${tag}@example.org`), 'email', 'complaint', stack.clock.now().toISOString());
    // A suppression written before issue 11 under the exact-string hash (dual read).
    const legacy = d.hasher.hashes('email', `Old.Roe+${tag}@example.org`)[1] as string;
    await d.store.suppress(legacy, 'email', 'complaint', stack.clock.now().toISOString());
    // The old row matches the spelling it was written with (an HMAC cannot be case-folded: see docs/subscriber-lifecycle.md).
    for (const email of [`SUE.ROE+${tag}@EXAMPLE.ORG`, `sue.roe+${tag}@example.org`, `Old.Roe+${tag}@Example.org`]) {
      expect((await postJson(stack, '/api/subscribe', signupBody({ email }))).status).toBe(202);
    }
    await stack.settle();
    expect(stack.outbox.all().filter((m) => m.to.toLowerCase().includes(`roe+${tag}@`))).toHaveLength(0);
  });

  it('accepts a Unicode domain: shown as typed, sent to its ASCII (IDNA) form', async () => {
    const tag = Date.now();
    expect((await postJson(stack, '/api/subscribe', signupBody({ email: `Jose+${tag}@Bücher.example` }))).status).toBe(202);
    await stack.settle();
    expect((await itemsOfType(stack, 'subscriber')).some((s) => s.email === `Jose+${tag}@bücher.example`)).toBe(true);
    const mail = stack.outbox.all().filter((m) => m.to.includes(`+${tag}@`));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.headers?.To).toContain(`@xn--bcher-kva.example`);
  });
});

describe('case 5: coming back after opting out', () => {
  it('subscribe, confirm, one-click unsubscribe, sign up again, confirm again: the series starts again and is sent', async () => {
    const body = signupBody();
    const email = body.email as string;
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    await confirmByEmail(stack, email);
    await stack.advance('P1D');
    const firstRun = dripEmails(email).length;
    expect(firstRun).toBeGreaterThan(0);
    await oneClick(unsubscribeUrlFor(stack, email));
    await stack.advance('P1D');
    expect(dripEmails(email)).toHaveLength(firstRun);

    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const again = await confirmByEmail(stack, email);
    expect(await again.text()).toContain('starts again from its first message');
    await stack.advance('P1D');
    const secondRun = dripEmails(email).slice(firstRun);
    expect(secondRun.length).toBeGreaterThan(0);
    expect(secondRun[0]?.tags?.step).toBe(dripEmails(email)[0]?.tags?.step);
  });

  it('after a text STOP, a web re-signup sends nothing and the page tells the person to text START', async () => {
    const phone = nextPhone();
    await textOnlySubscriber(phone, 'Sam');
    await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'STOP' });
    await stack.settle();
    await stack.advance('PT11M');
    const before = sent(stack, { to: phone }).length;
    const r = await postJson(stack, '/api/subscribe', { language: 'en', phone, consentSms: true, timezone: 'America/Los_Angeles' });
    expect((await r.json()).message).toMatch(/reply START/);
    await stack.settle();
    expect(sent(stack, { to: phone })).toHaveLength(before);
  });
});

describe('case 6: browser time zones', () => {
  it.each([
    { zone: 'Etc/Unknown', phone: true, expected: 'America/Los_Angeles', source: 'area-code' },
    { zone: 'PST8PDT', phone: false, expected: 'America/Los_Angeles', source: 'clinic' },
    { zone: undefined, phone: false, expected: 'America/Los_Angeles', source: 'clinic' },
    { zone: 'Mars/Olympus_Mons', phone: false, expected: 'America/Los_Angeles', source: 'clinic' },
    { zone: '+05:00', phone: true, expected: 'America/Los_Angeles', source: 'area-code' },
  ])('a browser reporting $zone still subscribes ($source zone)', async ({ zone, phone, expected, source }) => {
    const number = phone ? nextPhone() : undefined;
    const body = signupBody({ timezone: zone, ...(number ? { phone: number, consentSms: true } : {}) });
    if (zone === undefined) delete (body as Record<string, unknown>).timezone;
    const r = await postJson(stack, '/api/subscribe', body);
    expect(r.status).toBe(202);
    await stack.settle();
    const s = (await itemsOfType(stack, 'subscriber')).find((x) => x.email === body.email);
    expect(s).toMatchObject({ timezone: expected, timezoneSource: source });
  });
});

describe('the form never loses a real person', () => {
  const formPost = (fields: Record<string, string>) => postSignupForm(stack, fields);

  it('an expired or missing form token gives the form back with a fresh token and the input kept, and sends nothing', async () => {
    const token = formTokenOf(await (await fetch(`${stack.baseUrl}/`)).text()) as string;
    await stack.advance('P2D');
    const email = `overnight+${Date.now()}@example.com`;
    for (const fields of [{ formToken: token }, {}] as Record<string, string>[]) {
      const r = await formPost({ email, firstName: 'Ines', language: 'en', consentEmail: 'on', timezone: 'America/Los_Angeles', ...fields });
      expect(r.status).toBe(400);
      const html = await r.text();
      expect(html).toContain(`value="${email}"`);
      expect(html).toContain('value="Ines"');
      expect(html).toContain('press Subscribe again');
      const fresh = formTokenOf(html);
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(token);
    }
    await stack.settle();
    expect(sent(stack, { to: email })).toHaveLength(0);
    const json = await postJson(stack, '/api/subscribe', signupBody({ formToken: token }));
    expect(json.status).toBe(400);
    expect((await json.json()).error).toMatchObject({ code: 'form_expired', fields: { formToken: 'Expired' } });
  });

  it('a double click or a refresh sends one confirmation; the post answers 303', async () => {
    const token = formTokenOf(await (await fetch(`${stack.baseUrl}/`)).text()) as string;
    await stack.advance('PT5S');
    const email = `double+${Date.now()}@example.com`;
    const fields = { email, language: 'en', consentEmail: 'on', timezone: 'America/Los_Angeles', formToken: token };
    const answers = await Promise.all([formPost(fields), formPost(fields), formPost(fields)]);
    expect(answers.map((a) => a.status)).toEqual([303, 303, 303]);
    expect(answers[0]?.headers.get('location')).toBe('/?sent=email&lang=en');
    await stack.settle();
    expect(sent(stack, { to: email })).toHaveLength(1);
  });

  it('a bot that fills the honeypot still sees success, and nothing is written; a filled `website` field (identity autofill) is a person', async () => {
    const token = formTokenOf(await (await fetch(`${stack.baseUrl}/`)).text()) as string;
    await stack.advance('PT5S');
    const bot = `bot+${Date.now()}@example.com`;
    const person = `person+${Date.now()}@example.com`;
    const base = { language: 'en', consentEmail: 'on', timezone: 'America/Los_Angeles', formToken: token };
    expect((await formPost({ ...base, email: bot, [HONEYPOT_FIELD]: 'x' })).status).toBe(303);
    expect((await formPost({ ...base, email: person, website: 'https://example.com/me' })).status).toBe(303);
    await stack.settle();
    expect(sent(stack, { to: bot })).toHaveLength(0);
    expect(sent(stack, { to: person })).toHaveLength(1);
  });
});

describe('consent you can prove: the staff export', () => {
  it('exports every grant, confirmation and revocation with text, version, time, IP, user agent and source, and audits the export', async () => {
    const { api, staffToken, signInWithForm } = await import('../support/staffConsole.js');
    const body = signupBody();
    const email = body.email as string;
    await postJson(stack, '/api/subscribe', body, { 'user-agent': 'SignupBrowser/1.0', referer: `${stack.baseUrl}/` });
    await stack.settle();
    await confirmByEmail(stack, email, { 'user-agent': 'ConfirmBrowser/1.0' });
    await oneClick(unsubscribeUrlFor(stack, email));
    const id = (await ownerOf('email', email)) as string;
    const token = await staffToken(stack, { groups: ['staff'] });

    const r = await api(stack, token, 'GET', `/api/admin/subscribers/${id}/consent`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain(`consent-${id}.json`);
    expect(r.body).toMatchObject({ subscriberId: id, email, exportedBy: 'tester' });
    const records = r.body.records as Record<string, unknown>[];
    expect(records.map((x) => x.action)).toEqual(['granted', 'confirmed', 'revoked']);
    expect(records[0]).toMatchObject({ source: 'signup-form', userAgent: 'SignupBrowser/1.0', pageUrl: `${stack.baseUrl}/`, textVersion: 'email-consent-v1-en', textMatches: true });
    expect(String(records[0]?.text)).toMatch(/unsubscribe at any time/);
    expect(records[1]).toMatchObject({ source: 'email-link-button', userAgent: 'ConfirmBrowser/1.0' });
    expect(records[0]?.ip).toMatch(/^10\.0\./);
    expect(records[1]?.ip).toBe('127.0.0.1'); // the button was pressed from this machine

    const audit = await api(stack, await staffToken(stack), 'GET', '/api/admin/audit');
    expect((audit.body as { action: string; target: string }[]).some((a) => a.action === 'consent.export' && a.target === `subscriber:${id}`)).toBe(true);
    // The console's subscriber page links the same export.
    const cookie = await signInWithForm(stack);
    const lookup = await fetch(`${stack.baseUrl}/admin/subscribers/${id}/consent.json`, { headers: { cookie } });
    expect(lookup.status).toBe(200);
    expect(((await lookup.json()) as { records: unknown[] }).records).toHaveLength(3);

    const missing = await api(stack, token, 'GET', '/api/admin/subscribers/no-such-id/consent');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found' });
  });
});
