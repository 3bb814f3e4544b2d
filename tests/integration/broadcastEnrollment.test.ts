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
import { api, confirmedEmailSubscriber, nextOpenDay, staffToken } from '../support/staffConsole.js';
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
