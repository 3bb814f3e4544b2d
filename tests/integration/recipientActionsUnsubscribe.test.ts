/**
 * Unsubscribe and preferences through the local endpoints (issue 5): RFC 8058 one-click
 * (E3–E5, E10, W9), the preferences page's forms (S7), and "delete my data" (P8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.js';
import { LinkTokens } from '../../functions/domain/core/LinkTokens.js';
import { stepSendId } from '../../functions/domain/core/sendIds.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import {
  confirmedSubscriber,
  dispatchOnly,
  holdWorker,
  oneClick,
  postForm,
  rawPost,
  subscriberRow,
  unsubscribeUrlFor,
} from '../support/recipientActions.js';
import { itemsOfType, postJson, sent, signupBody, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const revocations = async (subscriberId: string) =>
  (await (await domainContext()).store.listConsent(subscriberId)).filter((r) => r.action === 'revoked');

describe('one-click unsubscribe (RFC 8058, E10)', () => {
  it.each([
    { case: 'urlencoded', body: 'urlencoded' as const },
    { case: 'multipart/form-data', body: 'multipart' as const },
  ])('unsubscribes the email channel at once with a $case POST, answering 200 and no cookie', async ({ body }) => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);

    const r = await oneClick(url, body);

    expect(r.status).toBe(200);
    expect(r.headers.get('location')).toBeNull();
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(await r.text()).toMatch(/unsubscribed/i);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('unsubscribed');
    const revoked = await revocations(s.subscriberId);
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ channel: 'email', source: 'one-click' });
  });

  it('is idempotent: repeats answer 200 and add nothing to the ledger', async () => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);

    const answers = [await oneClick(url), await oneClick(url, 'multipart'), await oneClick(url)];

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await revocations(s.subscriberId)).toHaveLength(1);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('unsubscribed');
  });

  it('never unsubscribes on GET, however often a link scanner fetches it (E5, E10)', async () => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);

    const pages = await Promise.all([1, 2, 3].map(() => fetch(url, { redirect: 'manual' })));

    for (const p of pages) expect(p.status).toBe(200);
    const html = await pages[0]?.text();
    expect(html).toContain('name="action" value="stop-email"');
    expect(html).toContain('name="action" value="delete"');
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('confirmed');
    expect(await revocations(s.subscriberId)).toHaveLength(0);
  });

  it('refuses a preferences-page form naming an action we do not offer, and changes nothing', async () => {
    const s = await confirmedSubscriber(stack);

    const r = await postForm(unsubscribeUrlFor(stack, s.email), { action: 'subscribe-friend' });

    expect(r.status).toBe(400);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('confirmed');
    expect(await revocations(s.subscriberId)).toHaveLength(0);
  });

  it('refuses a body over 8 KB and changes nothing', async () => {
    const s = await confirmedSubscriber(stack);

    const r = await rawPost(unsubscribeUrlFor(stack, s.email), { 'content-type': 'text/plain' }, 'x'.repeat(9000));

    expect(r.status).toBe(413);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('confirmed');
  });

  it('still works 31 days after the message was sent (E4)', async () => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);

    await stack.advance('P31D');
    const r = await oneClick(url);

    expect(r.status).toBe(200);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('unsubscribed');
  });
});

describe('one-click unsubscribe from the POSTs real mail clients send (issue 11, case 7; RFC 8058 §3.1)', () => {
  // The signed token is the authority: whatever the body, a POST to the List-Unsubscribe URL unsubscribes.
  const multipartCrlf = '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b1--\r\n';
  it.each<{ case: string; headers: Record<string, string>; body: string }>([
    { case: 'no body and no content type', headers: {}, body: '' },
    { case: 'an empty urlencoded body', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' },
    { case: 'text/plain', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: 'List-Unsubscribe=One-Click' },
    { case: 'a urlencoded body with a trailing CRLF', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click\r\n' },
    { case: 'an odd charset', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=windows-1252' }, body: 'List-Unsubscribe=One-Click' },
    { case: 'a body with no content type', headers: {}, body: 'List-Unsubscribe=One-Click' },
    { case: 'multipart with its own boundary', headers: { 'content-type': 'multipart/form-data; boundary=b1' }, body: multipartCrlf },
    { case: 'multipart whose boundary does not match', headers: { 'content-type': 'multipart/form-data; boundary=zz' }, body: multipartCrlf },
    { case: 'JSON', headers: { 'content-type': 'application/json' }, body: '{"List-Unsubscribe":"One-Click"}' },
    { case: 'another field value', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=Yes' },
  ])('unsubscribes on a POST with $case, answering 200 with a page and no redirect', async ({ headers, body }) => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);

    const r = await rawPost(url, headers, body);

    expect(r.status).toBe(200);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).toMatch(/You are unsubscribed/);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('unsubscribed');
    expect(await revocations(s.subscriberId)).toEqual([expect.objectContaining({ channel: 'email', source: 'one-click' })]);
  });

  it('never deletes data from a one-click body that also names a page action', async () => {
    const s = await confirmedSubscriber(stack);

    const r = await postForm(unsubscribeUrlFor(stack, s.email), { 'List-Unsubscribe': 'One-Click', action: 'delete', confirm: 'yes' });

    expect(r.status).toBe(200);
    expect(await subscriberRow(stack, s.subscriberId)).toMatchObject({ emailStatus: 'unsubscribed', email: s.email });
  });

  it('changes nothing on GET or HEAD, and "delete my data" from the emailed link asks once more before a POST deletes', async () => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);

    expect((await fetch(url, { method: 'HEAD' })).status).toBeLessThan(500);
    const page = await (await fetch(url)).text();
    expect(page).toMatch(/<form method="post"><input type="hidden" name="action" value="delete"><button type="submit">Delete my data…<\/button>/);
    const ask = await postForm(url, { action: 'delete' });
    expect(await ask.text()).toMatch(/<input type="hidden" name="confirm" value="yes"><button type="submit">Yes, delete my data<\/button>/);
    expect(await subscriberRow(stack, s.subscriberId)).toMatchObject({ emailStatus: 'confirmed', email: s.email });

    expect((await postForm(url, { action: 'delete', confirm: 'yes' })).status).toBe(200);
    expect((await subscriberRow(stack, s.subscriberId))?.email).toBeUndefined();
  });
});

describe('tokens that were forged, altered or expired (W9)', () => {
  it('answer with one generic page and change nothing', async () => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);
    const base = url.slice(0, url.indexOf('/u/') + 3);
    const token = url.slice(base.length);
    const [kid, payload, mac] = token.split('.') as [string, string, string];
    const { tokens } = await domainContext();
    const now = stack.clock.now();
    const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
    const otherKey = new LinkTokens({ currentKeyId: kid, keys: { [kid]: 'not-the-real-signing-key-0123456789abcdef' } });
    const variants = {
      alteredPayload: `${kid}.${flip(payload, 10)}.${mac}`,
      alteredMac: `${kid}.${payload}.${flip(mac, 3)}`,
      otherSubscriber: `${kid}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), s: 'someone-else' })).toString('base64url')}.${mac}`,
      forged: otherKey.sign({ p: 'unsub', s: s.subscriberId, c: 'email' }, now),
      wrongPurpose: tokens.sign({ p: 'confirm', s: s.subscriberId, c: 'email' }, now),
      expired: tokens.sign({ p: 'unsub', s: s.subscriberId, c: 'email' }, new Date(now.getTime() - 401 * 86_400_000)),
      unknownKey: `k9.${payload}.${mac}`,
      garbage: 'not-a-token',
    };

    const bodies: string[] = [];
    for (const t of Object.values(variants)) {
      const post = await oneClick(`${base}${t}`);
      const get = await fetch(`${base}${t}`);
      expect(post.status).toBe(400);
      expect(get.status).toBe(400);
      bodies.push(await post.text(), await get.text());
    }

    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toMatch(/invalid or has expired/);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('confirmed');
    expect(await revocations(s.subscriberId)).toHaveLength(0);
  });
});

describe('unsubscribe before the next send (E3, R5)', () => {
  it('stops a step that was already dispatched and waiting in the queue', async () => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);
    const sendId = stepSendId(`${s.subscriberId}.cervical-dystonia`, 'welcome');
    const enrollment = await (await domainContext()).store.getEnrollment(s.subscriberId, 'cervical-dystonia');
    stack.clock.jumpTo(new Date(enrollment?.dueAt as string));
    const release = holdWorker(stack);
    await dispatchOnly();
    expect(stack.queue.depth).toBeGreaterThan(0);

    expect((await oneClick(url)).status).toBe(200);
    await release();

    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(0);
    expect(await (await domainContext()).store.getSend(sendId)).toMatchObject({ state: 'SKIPPED', reason: 'channel unsubscribed' });
  });

  it('sends nothing more in the rest of the series', async () => {
    const s = await confirmedSubscriber(stack);
    await stack.advance('PT12H');
    const before = sent(stack, { to: s.email }).length;

    await oneClick(unsubscribeUrlFor(stack, s.email));
    await stack.advance('P30D');

    expect(sent(stack, { to: s.email })).toHaveLength(before);
  });
});

describe('the preferences page (S7)', () => {
  it('stops texts only, and confirms the web opt-out with one text', async () => {
    const s = await confirmedSubscriber(stack, { sms: true });
    const url = unsubscribeUrlFor(stack, s.email);
    const textsBefore = sent(stack, { channel: 'sms', to: s.phone }).length;

    const r = await postForm(url, { action: 'stop-sms' });
    await stack.settle();

    expect(r.status).toBe(200);
    const row = await subscriberRow(stack, s.subscriberId);
    expect(row).toMatchObject({ emailStatus: 'confirmed', smsStatus: 'unsubscribed' });
    const texts = sent(stack, { channel: 'sms', to: s.phone }).slice(textsBefore);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.body).toMatch(/opted out/i);
    expect((await revocations(s.subscriberId)).map((x) => x.channel)).toEqual(['sms']);
  });

  it('stops everything with one form', async () => {
    const s = await confirmedSubscriber(stack, { sms: true });

    const r = await postForm(unsubscribeUrlFor(stack, s.email), { action: 'stop-all' });

    expect(r.status).toBe(200);
    expect(await subscriberRow(stack, s.subscriberId)).toMatchObject({ emailStatus: 'unsubscribed', smsStatus: 'unsubscribed' });
  });

  it('switches the language of the page and of later messages', async () => {
    const s = await confirmedSubscriber(stack);
    const url = unsubscribeUrlFor(stack, s.email);

    const r = await postForm(url, { action: 'language', language: 'es' });

    expect(r.status).toBe(200);
    expect(await r.text()).toContain('lang="es"');
    expect((await subscriberRow(stack, s.subscriberId))?.language).toBe('es');
    expect(await (await fetch(url)).text()).toContain('Sus preferencias');
    await stack.advance('PT12H');
    expect(sent(stack, { to: s.email }).find((e) => e.tags?.step === 'welcome')?.html).toContain('<html lang="es"');
  });

  it('refuses a language it does not offer and changes nothing', async () => {
    const s = await confirmedSubscriber(stack);

    const r = await postForm(unsubscribeUrlFor(stack, s.email), { action: 'language', language: 'fr' });

    expect(r.status).toBe(400);
    expect((await subscriberRow(stack, s.subscriberId))?.language).toBe('en');
  });
});

describe('delete my data (P8)', () => {
  it('asks first, then leaves no plaintext email, phone or name, and never contacts the addresses again', async () => {
    const s = await confirmedSubscriber(stack, { sms: true, firstName: 'Zelphinia' });
    await postJson(stack, '/api/dev/sms/inbound', { from: s.phone, body: 'Hi, this is Zelphinia, my email is ' + s.email });
    expect((await postJson(stack, '/api/book', { firstName: 'Zelphinia', email: s.email, location: 'orange', preferredTimes: 'Mondays', reason: 'Zelphinia neck', consentContact: true })).status).toBe(201);
    await stack.settle();
    const url = unsubscribeUrlFor(stack, s.email);
    const ledgerBefore = (await (await domainContext()).store.listConsent(s.subscriberId)).length;

    const ask = await postForm(url, { action: 'delete' });
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('name="confirm" value="yes"');
    expect((await subscriberRow(stack, s.subscriberId))?.email).toBe(s.email); // asking changed nothing

    const done = await postForm(url, { action: 'delete', confirm: 'yes' });
    expect(done.status).toBe(200);

    const everything = JSON.stringify(await tableItems(stack));
    const digits = (s.phone as string).slice(2);
    expect(everything).not.toContain(s.email);
    expect(everything).not.toContain(digits);
    expect(everything).not.toContain('Zelphinia');
    const { hasher, store } = await domainContext();
    const emailHash = hasher.hash('email', s.email);
    const phoneHash = hasher.hash('sms', s.phone as string);
    const suppressions = await itemsOfType(stack, 'suppression');
    expect(suppressions.find((x) => x.pk === keys.suppression(emailHash).pk)).toMatchObject({ reason: 'deleted' });
    expect(suppressions.find((x) => x.pk === keys.suppression(phoneHash).pk)).toMatchObject({ reason: 'deleted' });
    expect(await store.findSubscriberIdByAddress('email', emailHash, stack.clock.now())).toBeUndefined();
    expect((await store.listConsent(s.subscriberId)).length).toBe(ledgerBefore + 2); // kept, plus the withdrawals (S10)
    expect((await store.getEnrollment(s.subscriberId, 'cervical-dystonia'))?.status).toBe('exited');

    // Later: the series sends nothing, and a new signup with the same address gets no message.
    const mailsBefore = sent(stack, { to: s.email }).length;
    const textsBefore = sent(stack, { to: s.phone }).length;
    await stack.advance('P30D');
    expect((await postJson(stack, '/api/subscribe', signupBody({ email: s.email }))).status).toBe(202);
    await stack.settle();
    expect(sent(stack, { to: s.email })).toHaveLength(mailsBefore);
    expect(sent(stack, { to: s.phone })).toHaveLength(textsBefore);
    expect(await (await fetch(url)).text()).toMatch(/no longer hold/);
  });
});
