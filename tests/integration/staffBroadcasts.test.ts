/**
 * One-off broadcasts through the real dispatcher and worker: scheduled in the clinic's zone,
 * cancellable until they start, sent once to the matching audience only, through the same
 * consent and suppression gates as the drip (E3, E7, S6) and, for texts, inside each
 * recipient's quiet hours (S8).
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { advanceToLocal, api, confirmedEmailSubscriber, confirmedSmsSubscriber, nextOpenDay, staffToken } from '../support/staffConsole.js';
import { itemsOfType, postJson, sent, signupBody, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
let admin: string;
beforeAll(async () => {
  stack = await startTestStack();
  admin = await staffToken(stack, { username: 'marketer' });
});
afterAll(async () => {
  await stack?.stop();
});

const ZONE = 'America/Los_Angeles';
const tomorrow = () => nextOpenDay(stack.clock.now());
const broadcastMail = (to?: string) => sent(stack, { channel: 'email', ...(to ? { to } : {}) }).filter((m) => m.tags?.sequence === 'broadcast');
const subscriberIdOf = async (match: (s: Record<string, unknown>) => boolean) => (await itemsOfType(stack, 'subscriber')).find(match)?.subscriberId as string;
const schedule = (body: Record<string, unknown>) => api(stack, admin, 'POST', '/api/admin/broadcasts', { name: 'News', template: 'treatment', channel: 'email', date: tomorrow(), time: '11:00', ...body });

describe('scheduling', () => {
  it.each([
    { case: 'a start in the past', body: { date: '2020-01-01' }, field: 'time' },
    { case: 'a template the channel does not have', body: { template: 'symptoms', channel: 'sms' }, field: 'template' },
    { case: 'a system template', body: { template: 'confirm-email' }, field: 'template' },
    { case: 'a status without a sequence', body: { status: 'active' }, field: 'status' },
    { case: 'a time that is not HH:mm', body: { time: '25:00' }, field: 'time' },
  ])('refuses $case with 400 and a field error', async ({ body, field }) => {
    const r = await schedule(body);
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toContain(field);
  });

  it('stores the start in UTC from the date and time typed in the clinic zone', async () => {
    const r = await schedule({ name: 'Zone check', time: '09:30' });
    expect(r.status).toBe(201);
    expect(r.body.startAt).toBe(DateTime.fromISO(`${tomorrow()}T09:30`, { zone: ZONE }).toUTC().toISO());
    expect(r.body.localStart).toEqual({ date: tomorrow(), time: '09:30', timeZone: ZONE });
    await api(stack, admin, 'POST', `/api/admin/broadcasts/${r.body.broadcastId}/cancel`);
  });

  it('cancels a broadcast before it starts; it then never sends, and a second cancel is a 409', async () => {
    await confirmedEmailSubscriber(stack);
    const b = (await schedule({ name: 'To cancel' })).body;

    const cancel = await api(stack, admin, 'POST', `/api/admin/broadcasts/${b.broadcastId}/cancel`);
    await stack.advance('P2D');

    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect(broadcastMail()).toHaveLength(0);
    expect((await tableItems(stack)).filter((i) => i.pk === `BCAST#${b.broadcastId}`)).toHaveLength(0);
    expect((await api(stack, admin, 'POST', `/api/admin/broadcasts/${b.broadcastId}/cancel`)).status).toBe(409);
    const actions = (await itemsOfType(stack, 'audit')).filter((a) => a.target === `broadcast:${b.broadcastId}`).map((a) => a.action);
    expect(actions.sort()).toEqual(['broadcast.cancel', 'broadcast.schedule']);
  });
});

describe('sending', () => {
  it('emails the matching audience once at the start, and nobody who is unconfirmed, unsubscribed, suppressed or out of the audience', async () => {
    // Prepare
    const yes = await confirmedEmailSubscriber(stack, { language: 'en' });
    const spanish = await confirmedEmailSubscriber(stack, { language: 'es' });
    const optedOut = await confirmedEmailSubscriber(stack, { language: 'en' });
    const suppressed = await confirmedEmailSubscriber(stack, { language: 'en' });
    const pending = signupBody({ language: 'en' });
    await postJson(stack, '/api/subscribe', pending);
    await stack.settle();
    const d = await domainContext();
    await d.store.transitionChannel(await subscriberIdOf((s) => s.email === optedOut.email), 'email', ['confirmed'], 'unsubscribed', false);
    await d.store.suppress(d.hasher.hash('email', suppressed.email), 'email', 'bounce', d.clock.now().toISOString());
    const b = (await schedule({ name: 'English news', language: 'en', sequenceId: 'cervical-dystonia', status: 'active' })).body;

    // Act 1: up to a minute before the start
    await stack.advance(`PT${Math.floor((Date.parse(b.startAt) - stack.clock.now().getTime()) / 1000) - 60}S`);
    expect(broadcastMail()).toHaveLength(0);
    // Act 2: past the start, twice
    await stack.advance('PT2M');
    await stack.advance('PT1H');

    // Assess
    expect(broadcastMail(yes.email)).toHaveLength(1);
    expect(broadcastMail(yes.email)[0]?.tags).toMatchObject({ sequence: 'broadcast', step: b.broadcastId });
    for (const who of [spanish.email, optedOut.email, suppressed.email, pending.email as string]) expect(broadcastMail(who)).toHaveLength(0);
    const recipients = (await tableItems(stack)).filter((i) => i.pk === `BCAST#${b.broadcastId}`);
    const stateOf = async (email: string) => {
      const id = await subscriberIdOf((s) => s.email === email);
      return recipients.find((r) => r.subscriberId === id)?.state;
    };
    expect(await stateOf(yes.email)).toBe('sent');
    expect(await stateOf(suppressed.email)).toBe('skipped');
    expect(await stateOf(spanish.email)).toBeUndefined();
    const listed = (await api(stack, admin, 'GET', '/api/admin/broadcasts')).body.find((x: { broadcastId: string }) => x.broadcastId === b.broadcastId);
    expect(listed).toMatchObject({ status: 'queued' });
    expect((await api(stack, admin, 'POST', `/api/admin/broadcasts/${b.broadcastId}/cancel`)).status).toBe(409);
    const results = await api(stack, admin, 'GET', '/api/admin/sequences/broadcast/results');
    const sentRecipients = recipients.filter((r) => r.state === 'sent').length;
    expect(sentRecipients).toBeGreaterThanOrEqual(1);
    expect(broadcastMail().filter((m) => m.tags?.step === b.broadcastId)).toHaveLength(sentRecipients);
    expect(results.body.steps.find((s: { stepId: string }) => s.stepId === b.broadcastId).counters.sent).toBe(sentRecipients);
  });

  it('texts each recipient only inside their own quiet hours (S8)', async () => {
    // Prepare: one recipient in New York, one in Los Angeles
    const east = '+12125550143';
    const west = '+17145550144';
    await confirmedSmsSubscriber(stack, east, 'America/New_York');
    await confirmedSmsSubscriber(stack, west, 'America/Los_Angeles');
    const eastId = await subscriberIdOf((s) => s.phone === east);
    const westId = await subscriberIdOf((s) => s.phone === west);
    await advanceToLocal(stack, '21:00');
    const b = (await schedule({ name: 'Early text', channel: 'sms', template: 'self-care', time: '07:00', date: tomorrow() })).body;
    const broadcastTexts = async (id: string) => (await itemsOfType(stack, 'message')).filter((m) => m.sequenceId === 'broadcast' && m.stepId === b.broadcastId && m.subscriberId === id);

    // Act 1: 07:05 in Los Angeles is 10:05 in New York
    await advanceToLocal(stack, '07:05');
    const eastTexts = await broadcastTexts(eastId);
    const westEarly = await broadcastTexts(westId);
    // Act 2: past 08:00 in Los Angeles
    await advanceToLocal(stack, '08:30');
    const westTexts = await broadcastTexts(westId);

    // Assess
    expect(eastTexts).toHaveLength(1);
    expect(westEarly).toHaveLength(0);
    expect(westTexts).toHaveLength(1);
    const westLocal = DateTime.fromISO(westTexts[0]?.at as string, { zone: 'America/Los_Angeles' });
    expect(westLocal.toFormat('HH:mm') >= '08:00' && westLocal.toFormat('HH:mm') < '21:00').toBe(true);
    const eastLocal = DateTime.fromISO(eastTexts[0]?.at as string, { zone: 'America/New_York' });
    expect(eastLocal.toFormat('HH:mm') >= '08:00' && eastLocal.toFormat('HH:mm') < '21:00').toBe(true);
  });
});
