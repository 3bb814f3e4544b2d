/**
 * A broadcast as an entry point (issue 14: "which signup form or broadcast enrolls into which
 * sequence"), through the real routes, dispatcher and send worker on DynamoDB Local: the broadcast
 * form offers only published sequences and refuses any other id with a field error and no write;
 * recipients are enrolled once they were sent the broadcast, only with consent, people already in
 * the sequence are left as they are, and a retry after a crash enrolls exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastSendId } from '../../functions/domain/broadcasts/dispatchBroadcasts.js';
import { processBroadcastJob } from '../../functions/domain/broadcasts/processBroadcastJob.js';
import type { DomainContext } from '../../functions/domain/core/domainContext.js';
import { enrollSubscriber } from '../../functions/domain/scheduling/enrollSubscriber.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { api, confirmedEmailSubscriber, nextOpenDay, page, postForm, signInWithForm, staffToken } from '../support/staffConsole.js';
import { itemsOfType, sent, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
let admin: string;
let followUp = '';
let archived = '';

beforeAll(async () => {
  stack = await startTestStack();
  admin = await staffToken(stack, { username: 'marketer' });
  followUp = (await api(stack, admin, 'POST', '/api/admin/sequences', { name: 'Broadcast follow-up' })).body.sequenceId;
  archived = (await api(stack, admin, 'POST', '/api/admin/sequences', { name: 'Old series' })).body.sequenceId;
  expect((await api(stack, admin, 'POST', `/api/admin/sequences/${archived}/archive`, { archived: true })).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

const schedule = (body: Record<string, unknown>) =>
  api(stack, admin, 'POST', '/api/admin/broadcasts', { name: 'News', template: 'treatment', channel: 'email', date: nextOpenDay(stack.clock.now()), time: '11:00', ...body });
const subscriberIdOf = async (email: string) => (await itemsOfType(stack, 'subscriber')).find((s) => s.email === email)?.subscriberId as string;
const enrollmentsIn = async (sequenceId: string, subscriberId: string) => (await itemsOfType(stack, 'enrollment')).filter((e) => e.sequenceId === sequenceId && e.subscriberId === subscriberId);

describe('choosing the sequence on the broadcast form', () => {
  it.each([
    { case: 'a sequence that does not exist', enrollInto: 'no-such-sequence', message: /No such sequence/ },
    { case: 'an archived sequence', enrollInto: () => archived, message: /archived/ },
    { case: 'an id that is not an id', enrollInto: '../sequences', message: /./ },
  ])('refuses $case with a field error and writes nothing', async ({ enrollInto, message }) => {
    const before = (await itemsOfType(stack, 'broadcast')).length;
    const r = await schedule({ enrollInto: typeof enrollInto === 'function' ? enrollInto() : enrollInto });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.enrollInto).toMatch(message);
    expect(await itemsOfType(stack, 'broadcast')).toHaveLength(before);
  });

  it('offers only published sequences on the console form, and shows the broadcast among the sequence page entry points', async () => {
    const form = await api<string>(stack, admin, 'GET', '/admin/broadcasts');
    const select = /<select id="enrollInto"[\s\S]*?<\/select>/.exec(form.body)?.[0] ?? '';
    expect(select).toContain(`value="${followUp}"`);
    expect(select).toContain('value="cervical-dystonia"');
    expect(select).not.toContain(`value="${archived}"`);

    const b = (await schedule({ name: 'Spring talk', enrollInto: followUp })).body;
    const sequencePage = await api<string>(stack, admin, 'GET', `/admin/sequences/${followUp}`);
    const entryPoints = /<p id="entry-points">[\s\S]*?<\/p>/.exec(sequencePage.body)?.[0] ?? '';
    expect(entryPoints).toContain('Broadcast “Spring talk”');
    const other = await api<string>(stack, admin, 'GET', '/admin/sequences/cervical-dystonia');
    expect(other.body).not.toContain('Broadcast “Spring talk”');
    expect((await api(stack, admin, 'POST', `/api/admin/broadcasts/${b.broadcastId}/cancel`)).status).toBe(200);
  });
});

describe('enrolling the recipients', () => {
  it('enrolls each person sent the broadcast once, with consent only, and leaves people already in the sequence as they are', async () => {
    // Prepare
    const fresh = await confirmedEmailSubscriber(stack, { language: 'en' });
    const inside = await confirmedEmailSubscriber(stack, { language: 'en' });
    const d = await domainContext();
    const insideId = await subscriberIdOf(inside.email);
    await enrollSubscriber(d, insideId, followUp);
    const insideBefore = await enrollmentsIn(followUp, insideId);
    const b = (await schedule({ name: 'Follow-up invite', enrollInto: followUp })).body;
    const freshId = await subscriberIdOf(fresh.email);

    // Act: past the start; then the blank sequence's first step ("right after joining") falls due
    await stack.advance(`PT${Math.ceil((Date.parse(b.startAt) - stack.clock.now().getTime()) / 1000) + 60}S`);
    await stack.advance('P3D');

    // Assess
    const broadcastTo = (email: string) => sent(stack, { channel: 'email', to: email }).filter((m) => m.tags?.step === b.broadcastId);
    expect(broadcastTo(fresh.email)).toHaveLength(1);
    expect(broadcastTo(inside.email)).toHaveLength(1);
    expect(await enrollmentsIn(followUp, freshId)).toHaveLength(1);
    // Already in the sequence: the same enrollment (not restarted, not a second one).
    const insideAfter = await enrollmentsIn(followUp, insideId);
    expect(insideBefore).toHaveLength(1);
    expect(insideAfter.map((e) => [e.createdAt, e.run])).toEqual(insideBefore.map((e) => [e.createdAt, e.run]));
    expect(sent(stack, { channel: 'email', to: fresh.email }).filter((m) => m.tags?.sequence === followUp)).toHaveLength(1);
  });

  it('does not enroll someone who is not sent the broadcast (no consent on its channel)', async () => {
    const optedOut = await confirmedEmailSubscriber(stack, { language: 'en' });
    const d = await domainContext();
    const id = await subscriberIdOf(optedOut.email);
    await d.store.transitionChannel(id, 'email', ['confirmed'], 'unsubscribed', false);
    const b = (await schedule({ name: 'Not for the unsubscribed', enrollInto: followUp })).body;

    await stack.advance(`PT${Math.ceil((Date.parse(b.startAt) - stack.clock.now().getTime()) / 1000) + 60}S`);

    expect(sent(stack, { channel: 'email', to: optedOut.email }).filter((m) => m.tags?.step === b.broadcastId)).toHaveLength(0);
    expect(await enrollmentsIn(followUp, id)).toHaveLength(0);
  });

  it('a retry after the worker failed between the send and the enrollment enrolls once and sends nothing again', async () => {
    // Prepare: a recipient due now, and a store whose first enrollment write fails (the worker dies there)
    const person = await confirmedEmailSubscriber(stack, { language: 'en' });
    const id = await subscriberIdOf(person.email);
    const b = (await schedule({ name: 'Retry check', enrollInto: followUp })).body;
    const d = await domainContext();
    const now = d.clock.now().toISOString();
    await d.store.putBroadcastRecipient({ broadcastId: b.broadcastId, subscriberId: id, state: 'pending', dueAt: now, updatedAt: now });
    const job = { kind: 'broadcast' as const, sendId: broadcastSendId(b.broadcastId, id), subscriberId: id, broadcastId: b.broadcastId };
    const store = new Proxy(d.store, {
      get: (target, key) => {
        if (key === 'addSequenceMember') return async () => Promise.reject(new Error('worker died'));
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const crashing: DomainContext = { ...d, store };

    // Act
    await expect(processBroadcastJob(crashing, job)).rejects.toThrow('worker died');
    const enrolledAfterCrash = await enrollmentsIn(followUp, id);
    const retry = await processBroadcastJob(d, job);
    const again = await processBroadcastJob(d, job);

    // Assess
    expect(enrolledAfterCrash).toHaveLength(0);
    expect(retry).toBe('duplicate');
    expect(again).toBe('stale');
    expect(await enrollmentsIn(followUp, id)).toHaveLength(1);
    expect(sent(stack, { channel: 'email', to: person.email }).filter((m) => m.tags?.step === b.broadcastId)).toHaveLength(1);
    expect((await d.store.getBroadcastRecipient(b.broadcastId, id))?.state).toBe('sent');
    await api(stack, admin, 'POST', `/api/admin/broadcasts/${b.broadcastId}/cancel`);
  });
});

describe('a broadcast as an entry point of the API, and archiving what it leads to', () => {
  it('lists a broadcast that enrolls among the entry points of GET /api/admin/entry-points, as the page does; a cancelled one leaves both', async () => {
    const b = (await schedule({ name: 'Listed talk', enrollInto: followUp })).body;

    const listed = (await api(stack, admin, 'GET', '/api/admin/entry-points')).body as Record<string, unknown>[];
    expect(listed).toContainEqual(expect.objectContaining({ id: 'signup-form', kind: 'form', enrolling: true }));
    expect(listed).toContainEqual(expect.objectContaining({ id: `broadcast:${b.broadcastId}`, kind: 'broadcast', name: 'Broadcast “Listed talk”', sequenceId: followUp, enrolling: true }));
    const html = (await api<string>(stack, admin, 'GET', '/admin/entry-points')).body;
    expect(/<ul id="broadcast-entry-points">[\s\S]*?<\/ul>/.exec(html)?.[0]).toContain('Broadcast “Listed talk”');

    expect((await api(stack, admin, 'POST', `/api/admin/broadcasts/${b.broadcastId}/cancel`)).status).toBe(200);
    const after = (await api(stack, admin, 'GET', '/api/admin/entry-points')).body as Record<string, unknown>[];
    expect(after.map((e) => e.id)).not.toContain(`broadcast:${b.broadcastId}`);
    expect((await api<string>(stack, admin, 'GET', '/admin/entry-points')).body).not.toContain('Listed talk');
  });

  it('refuses to archive a sequence a scheduled broadcast enrolls into, naming it on the API and beside the button, and writes nothing', async () => {
    // Prepare: a sequence of its own, a broadcast not yet sent that enrolls into it
    const target = (await api(stack, admin, 'POST', '/api/admin/sequences', { name: 'Winter follow-up' })).body.sequenceId as string;
    const b = (await schedule({ name: 'Winter talk', enrollInto: target })).body;
    const audits = (await itemsOfType(stack, 'audit')).length;
    const headOf = async () => (await api(stack, admin, 'GET', `/api/admin/sequences/${target}`)).body.head;
    const headBefore = await headOf();

    // Act
    const refused = await api(stack, admin, 'POST', `/api/admin/sequences/${target}/archive`, { archived: true });
    const cookie = await signInWithForm(stack);
    const { csrf } = await page(stack, cookie, `/admin/sequences/${target}`);
    const onPage = await postForm(stack, cookie, `/admin/sequences/${target}/archive`, { _csrf: csrf, archived: 'true' });
    const onPageHtml = await onPage.text();

    // Assess: a field error naming the broadcast, on both; nothing written
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(refused.body.error.fields.sequence).toMatch(/Broadcast “Winter talk” enrolls into this sequence: cancel the broadcast/);
    expect(onPage.status).toBe(400);
    expect(/<p class="error" id="sequence-error">([^<]*)<\/p>/.exec(onPageHtml)?.[1]).toMatch(/Broadcast “Winter talk”/);
    expect(await headOf()).toEqual(headBefore);
    expect(headBefore.archived).toBeUndefined();
    expect((await itemsOfType(stack, 'audit')).length).toBe(audits);

    // Once the broadcast is cancelled nothing leads there any more: the archive goes through.
    expect((await api(stack, admin, 'POST', `/api/admin/broadcasts/${b.broadcastId}/cancel`)).status).toBe(200);
    expect((await api(stack, admin, 'POST', `/api/admin/sequences/${target}/archive`, { archived: true })).body).toMatchObject({ archived: true });
  });

  it('names the signup form and every unsent broadcast together when both lead to the sequence', async () => {
    const target = (await api(stack, admin, 'POST', '/api/admin/sequences', { name: 'Shared series' })).body.sequenceId as string;
    const first = (await schedule({ name: 'One', enrollInto: target })).body;
    const second = (await schedule({ name: 'Two', enrollInto: target })).body;
    expect((await api(stack, admin, 'POST', '/api/admin/entry-points/signup-form', { sequenceId: target })).status).toBe(200);

    const refused = await api(stack, admin, 'POST', `/api/admin/sequences/${target}/archive`, { archived: true });

    expect(refused.status).toBe(400);
    const message: string = refused.body.error.fields.sequence;
    expect(message).toMatch(/^Signup form, .* enroll into this sequence: choose another sequence for the form on Entry points, and cancel the broadcast/);
    expect(message).toContain('Broadcast “One”');
    expect(message).toContain('Broadcast “Two”');
    await api(stack, admin, 'POST', '/api/admin/entry-points/signup-form', { sequenceId: 'cervical-dystonia' });
    for (const b of [first, second]) await api(stack, admin, 'POST', `/api/admin/broadcasts/${b.broadcastId}/cancel`);
  });

  it('a broadcast already sent does not hold its sequence: the archive goes through', async () => {
    // followUp's broadcasts above were all sent (queued) or cancelled; it stays listed, no longer enrolling.
    const listed = (await api(stack, admin, 'GET', '/api/admin/entry-points')).body as { kind: string; sequenceId: string; enrolling: boolean }[];
    const sentOnes = listed.filter((e) => e.kind === 'broadcast' && e.sequenceId === followUp);
    expect(sentOnes.length).toBeGreaterThan(0);
    expect(sentOnes.every((e) => !e.enrolling)).toBe(true);
    expect((await api(stack, admin, 'POST', `/api/admin/sequences/${followUp}/archive`, { archived: true })).body).toMatchObject({ archived: true });
  });
});
