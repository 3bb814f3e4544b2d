/**
 * Signup with double opt-in through the real handlers, DynamoDB Local and the local SES/SMS
 * endpoints (S1, S2, S3, W2–W9, P5–P7).
 */
import { HONEYPOT_FIELD } from '../../functions/domain/signup/SignupForm.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { confirmByEmail, confirmLinkFor, itemsOfType, postJson, pressConfirm, sent, signupBody, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('patient signup', () => {
  it('stores a normalised subscriber, records consent and sends only a confirmation email (S1, S2, W3)', async () => {
    const body = signupBody({ email: '  Maria.Lopez@EXAMPLE.com ', firstName: 'María' });
    const r = await postJson(stack, '/api/subscribe', body, { 'user-agent': 'TestBrowser/1.0', referer: `${stack.baseUrl}/` });
    expect(r.status).toBe(202);
    await stack.settle();

    const subs = (await itemsOfType(stack, 'subscriber')).filter((s) => s.email === 'Maria.Lopez@example.com');
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ firstName: 'María', language: 'en', timezone: 'America/Los_Angeles', emailStatus: 'pending', smsStatus: 'none' });
    expect(subs[0]?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 6.9 * 86400);

    const consent = (await itemsOfType(stack, 'consent')).filter((c) => c.subscriberId === subs[0]?.subscriberId);
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatchObject({ channel: 'email', action: 'granted', userAgent: 'TestBrowser/1.0', pageUrl: `${stack.baseUrl}/`, source: 'signup-form' });
    expect(consent[0]?.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(consent[0]?.textVersion).toBe('email-consent-v1-en');
    expect(consent[0]?.ip).toMatch(/^10\.0\./);

    const mail = sent(stack, { to: 'Maria.Lopez@example.com' });
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toMatch(/confirm/i);
    expect(mail[0]?.headers?.['List-Unsubscribe-Post'] ?? mail[0]?.headers?.['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('confirms from the email link, enrolls once, and a second click changes nothing', async () => {
    const body = signupBody();
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const link = confirmLinkFor(stack, body.email as string);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Yes, confirm my subscription');
    const done = await pressConfirm(link);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are confirmed');
    const again = await pressConfirm(link);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('already confirmed');

    const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === body.email);
    expect(sub?.emailStatus).toBe('confirmed');
    expect(sub?.expiresAt).toBeUndefined();
    const enrollments = (await itemsOfType(stack, 'enrollment')).filter((e) => e.subscriberId === sub?.subscriberId);
    expect(enrollments).toHaveLength(1);
    expect(enrollments[0]).toMatchObject({ sequenceId: 'cervical-dystonia', nextStepIndex: 0, status: 'active' });
  });

  it('resubmitting the form never creates a second subscriber or enrollment', async () => {
    const body = signupBody({ phone: '(714) 555-0142', consentSms: true });
    for (let i = 0; i < 3; i++) expect((await postJson(stack, '/api/subscribe', body)).status).toBe(202);
    await stack.settle();
    await confirmByEmail(stack, body.email as string);
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const subs = (await itemsOfType(stack, 'subscriber')).filter((s) => s.email === body.email);
    expect(subs).toHaveLength(1);
    expect((await itemsOfType(stack, 'enrollment')).filter((e) => e.subscriberId === subs[0]?.subscriberId)).toHaveLength(1);
  });

  it('answers a bad or tampered confirmation token with a clear page and changes nothing', async () => {
    const body = signupBody();
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const link = new URL(confirmLinkFor(stack, body.email as string));
    const token = link.searchParams.get('token') as string;
    const [kid, payload, mac] = token.split('.') as [string, string, string];
    const forged = `${kid}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), s: 'someone-else' })).toString('base64url')}.${mac}`;
    for (const bad of ['nonsense', forged, `${token}x`, '']) {
      const r = await fetch(`${stack.baseUrl}/api/confirm?token=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(400);
      expect(await r.text()).toContain('This link did not work');
    }
    const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === body.email);
    expect(sub?.emailStatus).toBe('pending');
  });

  it('refuses a confirmation link after 72 hours (W9)', async () => {
    const body = signupBody();
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const link = confirmLinkFor(stack, body.email as string);
    await stack.advance('PT73H');
    const r = await fetch(link);
    expect(r.status).toBe(400);
    const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === body.email);
    expect(sub?.emailStatus).toBe('pending');
  });

  it('texts an opt-in confirmation and sends no drip text until the number replies YES (S2, S3)', async () => {
    const phone = '+17145550177';
    const r = await postJson(stack, '/api/subscribe', { language: 'en', phone: '714-555-0177', consentSms: true, timezone: 'America/Los_Angeles' });
    expect(r.status).toBe(202);
    await stack.settle();
    const texts = sent(stack, { channel: 'sms', to: phone });
    expect(texts).toHaveLength(1);
    const optin = texts[0]?.body ?? '';
    expect(optin).toMatch(/SoCal Pain Center/);
    expect(optin).toMatch(/Msg & data rates may apply/);
    expect(optin).toMatch(/YES/);
    expect(optin).toMatch(/STOP/);
    expect(optin).toMatch(/HELP/);
    expect(optin.length).toBeLessThanOrEqual(160);

    await stack.advance('P3D');
    expect(sent(stack, { channel: 'sms', to: phone })).toHaveLength(1);

    await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: ' Yes! ' });
    const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.phone === phone);
    expect(sub?.smsStatus).toBe('confirmed');
    expect((await itemsOfType(stack, 'enrollment')).filter((e) => e.subscriberId === sub?.subscriberId)).toHaveLength(1);
  });

  it('gives a filled honeypot the same answer and writes nothing (W2)', async () => {
    const before = (await tableItems(stack)).length;
    const sentBefore = stack.outbox.all().length;
    const r = await postJson(stack, '/api/subscribe', signupBody({ [HONEYPOT_FIELD]: 'http://spam.example' }));
    expect(r.status).toBe(202);
    expect((await r.json()).status).toBe('pending_confirmation');
    await stack.settle();
    expect((await tableItems(stack)).length).toBe(before);
    expect(stack.outbox.all().length).toBe(sentBefore);
  });

  it('answers the same for new, pending and confirmed addresses (W4)', async () => {
    const body = signupBody();
    const first = await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const second = await postJson(stack, '/api/subscribe', body);
    await confirmByEmail(stack, body.email as string);
    const third = await postJson(stack, '/api/subscribe', body);
    const texts = await Promise.all([first, second, third].map((r) => r.text()));
    expect([first.status, second.status, third.status]).toEqual([202, 202, 202]);
    expect(new Set(texts).size).toBe(1);
  });

  it('sends at most three confirmation emails per address per day (W3)', async () => {
    const body = signupBody();
    for (let i = 0; i < 5; i++) {
      await postJson(stack, '/api/subscribe', body);
      await stack.settle();
      await stack.advance('PT11M'); // past the double-click window: each is a deliberate new request
    }
    expect(sent(stack, { to: body.email as string })).toHaveLength(3);
  });

  it('accepts the no-JavaScript form post and answers with a page (POST/redirect/GET)', async () => {
    const body = signupBody();
    const formToken = /name="formToken" value="([^"]+)"/.exec(await (await fetch(`${stack.baseUrl}/?lang=es`)).text())?.[1] as string;
    await stack.advance('PT5S');
    const form = new URLSearchParams({ email: body.email as string, language: 'es', consentEmail: 'true', timezone: 'America/Los_Angeles', formToken });
    const post = () =>
      fetch(`${stack.baseUrl}/api/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl },
        body: form,
        redirect: 'manual',
      });
    const posted = await post();
    expect(posted.status).toBe(303);
    const r = await fetch(new URL(posted.headers.get('location') as string, stack.baseUrl));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toContain('lang="es"');
    await stack.settle();
    expect(sent(stack, { to: body.email as string })[0]?.html).toContain('lang="es"');
  });

  it('re-renders the no-JavaScript form with field errors and the values typed (400)', async () => {
    const r = await fetch(`${stack.baseUrl}/api/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl },
      body: new URLSearchParams({ email: 'not-an-email', language: 'en', consentEmail: 'on' }),
    });
    expect(r.status).toBe(400);
    const page = await r.text();
    expect(page).toContain('Enter a valid email address');
    expect(page).toContain('value="not-an-email"');
  });

  it('refuses a cross-site form post and a non-JSON, non-form body (W5)', async () => {
    const before = (await tableItems(stack)).length;
    const cross = await postJson(stack, '/api/subscribe', signupBody(), { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect((await cross.json()).error.code).toBe('origin_not_allowed');
    const plain = await fetch(`${stack.baseUrl}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(signupBody()) });
    expect(plain.status).toBe(415);
    expect((await tableItems(stack)).length).toBe(before);
  });

  it('serves the signup page with every consent element TCPA and CTIA ask for (S1)', async () => {
    const r = await fetch(`${stack.baseUrl}/`);
    const page = await r.text();
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    for (const must of ['SoCal Pain Center', 'recurring automated', 'Up to 4 msgs/month', 'Msg &amp; data rates may apply', 'Reply STOP to cancel, HELP for help', 'not a condition of purchase', 'href="/terms?lang=en"', 'href="/privacy?lang=en"', `name="${HONEYPOT_FIELD}"`]) {
      expect(page).toContain(must);
    }
    expect(page).not.toMatch(/<input[^>]+name="consentSms"[^>]+checked/);
    // Identity autofill fills fields named like `website`: the honeypot is named like nothing a browser fills.
    expect(page).not.toContain('name="website"');
  });

  it('asks a form sent back faster than a person could fill it to press again, and drops a forged form token without telling (W2, issue 11)', async () => {
    stack.clock.hold(); // the post arrives 0 s after the page, whatever the CPU load
    const page = await (await fetch(`${stack.baseUrl}/`)).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(page)?.[1] as string;
    expect(formToken).toMatch(/^k1\./);
    const before = (await tableItems(stack)).length;

    const fast = await postJson(stack, '/api/subscribe', signupBody({ formToken }));
    const forged = await postJson(stack, '/api/subscribe', signupBody({ formToken: `${formToken.slice(0, -3)}abc` }));
    stack.clock.release();
    expect([fast.status, forged.status]).toEqual([400, 202]);
    expect((await fast.json()).error.code).toBe('form_too_fast');
    await stack.settle();
    expect((await tableItems(stack)).length).toBe(before);

    await stack.advance('PT5S');
    const human = signupBody({ formToken });
    expect((await postJson(stack, '/api/subscribe', human)).status).toBe(202);
    await stack.settle();
    expect((await itemsOfType(stack, 'subscriber')).some((s) => s.email === human.email)).toBe(true);
  });

  it('accepts a form token once: a replayed token writes nothing (issue 12)', async () => {
    const page = await (await fetch(`${stack.baseUrl}/`)).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(page)?.[1] as string;
    await stack.advance('PT5S');
    const first = signupBody({ formToken });
    const replay = signupBody({ formToken });

    expect((await postJson(stack, '/api/subscribe', first)).status).toBe(202);
    expect((await postJson(stack, '/api/subscribe', replay)).status).toBe(202);
    await stack.settle();

    const emails = (await itemsOfType(stack, 'subscriber')).map((s) => s.email);
    expect(emails).toContain(first.email);
    expect(emails).not.toContain(replay.email);
  });

  it('answers CORS preflights for the site origin only, POST and OPTIONS only (W6)', async () => {
    const allowed = await fetch(`${stack.baseUrl}/api/subscribe`, {
      method: 'OPTIONS',
      headers: { origin: stack.baseUrl, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(stack.baseUrl);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

    const evil = await fetch(`${stack.baseUrl}/api/subscribe`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('forgets an unconfirmed signup after 7 days: expired rows are not read, and the address can sign up afresh (P7)', async () => {
    const body = signupBody();
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const first = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === body.email);
    expect(first?.expiresAt).toBeDefined();
    await stack.advance('P8D');
    const { domainContext } = await import('../../functions/wiring.js');
    const d = await domainContext();
    expect(await d.store.getSubscriber(first?.subscriberId as string, stack.clock.now())).toBeUndefined();

    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    const rows = (await itemsOfType(stack, 'subscriber')).filter((s) => s.email === body.email);
    const fresh = rows.find((s) => s.subscriberId !== first?.subscriberId);
    expect(fresh).toBeDefined();
    expect(await d.store.getSubscriber(fresh?.subscriberId as string, stack.clock.now())).toMatchObject({ emailStatus: 'pending' });
  });
});
