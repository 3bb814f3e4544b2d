/**
 * Sequence versions, moves, opening dates, and pause/resume through the real handlers,
 * dispatcher and worker against DynamoDB Local (issue 6).
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDue } from '../../functions/domain/scheduling/dispatchDue.js';
import { processSendJob } from '../../functions/domain/sending/processSendJob.js';
import { stepSendId } from '../../functions/domain/core/sendIds.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { api, confirmedEmailSubscriber, staffToken } from '../support/staffConsole.js';
import { itemsOfType, sent, startTestStack, tableItems } from '../support/testStack.js';
import { stepsOf } from '../../functions/domain/scheduling/stepsOf.js';
import type { Enrollment } from '../../functions/domain/core/model.js';

let stack: LocalStack;
let admin: string;
beforeAll(async () => {
  stack = await startTestStack();
  admin = await staffToken(stack, { username: 'editor' });
});
afterAll(async () => {
  await stack?.stop();
});

const SEQ = 'cervical-dystonia';
const ZONE = 'America/Los_Angeles';

const enrollmentOf = async (email: string) => {
  const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === email);
  const item = (await itemsOfType(stack, 'enrollment')).find((e) => e.subscriberId === sub?.subscriberId);
  if (!item) return item as unknown as Record<string, any>;
  // The item stores its sequence version, not a copy of the steps (issue 15): they come from the version.
  expect(item.steps).toBeUndefined();
  return { ...item, steps: await stepsOf(await domainContext(), item as unknown as Enrollment) } as Record<string, any>;
};
const dripMailTo = (email: string) => sent(stack, { channel: 'email', to: email }).filter((m) => !m.text?.includes('/api/confirm?'));
const detail = async () => (await api(stack, admin, 'GET', `/api/admin/sequences/${SEQ}`)).body;
/** Advances simulated time to the next `hh:mm` in the clinic zone. */
const advanceToLocal = async (hhmm: string) => {
  const now = DateTime.fromJSDate(stack.clock.now(), { zone: ZONE });
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  let target = now.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  if (target <= now) target = target.plus({ days: 1 });
  await stack.advance(`PT${Math.ceil(target.diff(now).as('seconds'))}S`);
};

describe('sequence versions', () => {
  it('seeds the shipped JSON as version 1 on first use', async () => {
    const d = await detail();
    expect(d.head).toMatchObject({ sequenceId: SEQ, currentVersion: 1, latestVersion: 1, paused: false });
    expect(d.versions).toEqual([expect.objectContaining({ version: 1, createdBy: 'shipped' })]);
    expect(d.definition.steps[2]).toMatchObject({ id: 'symptoms', after: 'P2D' });
  });

  it.each([
    { case: 'a delay that is not a duration', edit: (s: any) => (s.steps[2].after = 'two days'), field: 'definition.steps.2.after' },
    { case: 'a template the channel does not have', edit: (s: any) => (s.steps[2].channel = 'sms'), field: 'definition.steps.2.template' },
    { case: 'a duplicate step id', edit: (s: any) => (s.steps[3].id = 'symptoms'), field: 'definition.steps.3.id' },
    { case: 'a window that closes before it opens', edit: (s: any) => (s.steps[0].sendWindow = { days: ['mon'], start: '18:00', end: '09:00' }), field: 'definition.steps.0.sendWindow.end' },
    { case: 'a template of another flow', edit: (s: any) => (s.steps[2].template = 'confirm-email'), field: 'definition.steps.2.template' },
    { case: 'an unknown property', edit: (s: any) => (s.steps[1].colour = 'red'), field: 'definition.steps.1.colour' },
  ])('refuses $case with 400 and a field error, creating no version', async ({ edit, field }) => {
    const d = await detail();
    const definition = structuredClone(d.definition);
    edit(definition);

    const r = await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/versions`, { basedOn: d.head.latestVersion, definition });

    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_input');
    expect(Object.keys(r.body.error.fields)).toContain(field);
    expect((await detail()).versions).toHaveLength(d.versions.length);
  });

  it('saves an edit as a new version; running enrollments keep theirs, new ones get it', async () => {
    // Prepare: A enrolls on version 1
    const a = await confirmedEmailSubscriber(stack);
    const d = await detail();
    const definition = structuredClone(d.definition);
    definition.steps[2].after = 'P4D';

    // Act
    const r = await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/versions`, { basedOn: 1, note: 'Slower start', definition });
    const b = await confirmedEmailSubscriber(stack);

    // Assess
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ version: 2, createdBy: 'editor', note: 'Slower start' });
    expect((await detail()).head).toMatchObject({ currentVersion: 2, latestVersion: 2 });
    const ea = await enrollmentOf(a.email);
    const eb = await enrollmentOf(b.email);
    expect(ea.sequenceVersion).toBe(1);
    expect(ea.steps[2]).toMatchObject({ id: 'symptoms', after: 'P2D' });
    expect(eb.sequenceVersion).toBe(2);
    expect(eb.steps[2]).toMatchObject({ id: 'symptoms', after: 'P4D' });
    const versionRows = (await tableItems(stack)).filter((i) => i.pk === `SEQ#${SEQ}`);
    expect(versionRows.map((v) => v.sk)).toEqual(['V#000001', 'V#000002']);
    const audit = (await itemsOfType(stack, 'audit')).find((x) => x.action === 'sequence.version.create');
    expect(audit).toMatchObject({ target: `sequence:${SEQ}`, before: { version: 1 }, after: { version: 2 } });
  });

  it('refuses an edit based on an old version with 409', async () => {
    const d = await detail();
    const r = await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/versions`, { basedOn: 1, definition: d.definition });
    expect(r.status).toBe(409);
    expect((await detail()).head.latestVersion).toBe(d.head.latestVersion);
  });

  it('moves running enrollments to another version only when asked, keeping their place', async () => {
    const a = await confirmedEmailSubscriber(stack, { language: 'es' });
    await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/move`, { toVersion: 1 });
    const before = await enrollmentOf(a.email);
    expect(before.sequenceVersion).toBe(1);

    const r = await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/move`, { toVersion: 2, fromVersion: 1 });

    expect(r.status).toBe(200);
    expect(r.body.moved).toBeGreaterThanOrEqual(1);
    const after = await enrollmentOf(a.email);
    expect(after.sequenceVersion).toBe(2);
    expect(after.steps[2].after).toBe('P4D');
    expect(after.steps[after.nextStepIndex].id).toBe(before.steps[before.nextStepIndex].id);
    expect((await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/move`, { toVersion: 9 })).status).toBe(400);
  });
});

describe('opening date', () => {
  it('starts a new enrollment on the opening date, not before', async () => {
    const opening = DateTime.fromJSDate(stack.clock.now(), { zone: ZONE }).plus({ days: 10 }).toISODate() as string;
    expect((await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/schedule`, { openFrom: '2025-02-30' })).status).toBe(400);

    const r = await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/schedule`, { openFrom: opening });
    const c = await confirmedEmailSubscriber(stack);

    expect(r.status).toBe(200);
    expect(r.body.openFrom).toBe(opening);
    const e = await enrollmentOf(c.email);
    expect(DateTime.fromISO(e.dueAt, { zone: ZONE }).toISODate()! >= opening).toBe(true);
    await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/schedule`, { openFrom: null });
    expect((await detail()).head.openFrom).toBeUndefined();
  });
});

describe('pause and resume', () => {
  it('sends nothing while paused, keeps the place, and resumes inside the window without a burst', async () => {
    // Prepare: a subscriber past the welcome email
    const p = await confirmedEmailSubscriber(stack);
    await stack.advance('P1D');
    const welcomed = dripMailTo(p.email).length;
    expect(welcomed).toBe(1);
    const placeBefore = (await enrollmentOf(p.email)).nextStepIndex;

    // Act 1: pause for two weeks (several steps fall due meanwhile)
    await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/pause`);
    await stack.advance('P14D');

    // Assess 1: nothing sent, parked at the same step, out of the due index
    expect(dripMailTo(p.email)).toHaveLength(welcomed);
    const parked = await enrollmentOf(p.email);
    expect(parked.nextStepIndex).toBe(placeBefore);
    expect(parked.parkedAt).toBeDefined();
    expect(parked.dueAt).toBeUndefined();
    expect((await tableItems(stack)).some((i) => i.pk === `PARKED#${SEQ}` && i.subscriberId === parked.subscriberId)).toBe(true);

    // Act 2: resume late at night (outside every email window)
    await advanceToLocal('23:30');
    const resumedAt = stack.clock.now();
    const r = await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/resume`);
    await stack.runDispatcher();

    // Assess 2: nothing at 23:30; due at the next weekday 09:00–17:00 opening
    expect(r.status).toBe(200);
    expect(dripMailTo(p.email)).toHaveLength(welcomed);
    const resumed = await enrollmentOf(p.email);
    expect(resumed.parkedAt).toBeUndefined();
    const due = DateTime.fromISO(resumed.dueAt, { zone: ZONE });
    expect(due.toJSDate() > resumedAt).toBe(true);
    expect(due.weekday).toBeLessThanOrEqual(5);
    expect(due.toFormat('HH:mm') >= '09:00' && due.toFormat('HH:mm') < '17:00').toBe(true);

    // Act 3: two days on
    await stack.advance('P2D');

    // Assess 3: exactly one more step went, at its window, and the next waits for its full delay
    const mails = dripMailTo(p.email);
    expect(mails).toHaveLength(welcomed + 1);
    const sentAt = DateTime.fromISO(mails.at(-1)?.sentAt as string, { zone: ZONE });
    expect(sentAt.toFormat('HH:mm') >= '09:00').toBe(true);
    const next = await enrollmentOf(p.email);
    const gapDays = DateTime.fromISO(next.dueAt).diff(sentAt, 'days').days;
    expect(gapDays).toBeGreaterThanOrEqual(2.9);
  });

  it('has the dispatcher park due enrollments of a paused sequence instead of queueing them', async () => {
    // Prepare: an enrollment due now, in a paused sequence
    await advanceToLocal('10:00');
    const q = await confirmedEmailSubscriber(stack);
    expect(Date.parse((await enrollmentOf(q.email)).dueAt)).toBeLessThanOrEqual(stack.clock.now().getTime());
    await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/pause`);
    const queued: unknown[] = [];
    const d = await domainContext();

    // Act: one dispatcher run with a queue that only records
    await dispatchDue({ ...d, queue: { enqueue: async (jobs) => void queued.push(...jobs) } });

    // Assess
    expect(queued).toEqual([]);
    expect((await enrollmentOf(q.email)).parkedAt).toBeDefined();
    await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/resume`);
  });

  it('has the worker park a job that was queued before the pause instead of sending it', async () => {
    // Prepare: an enrollment whose step was dispatched (a job exists) just before the pause
    const q = await confirmedEmailSubscriber(stack);
    const e = await enrollmentOf(q.email);
    const step = e.steps[e.nextStepIndex];
    const job = { kind: 'step' as const, sendId: stepSendId(e.enrollmentId, step.id), subscriberId: e.subscriberId, sequenceId: SEQ, stepIndex: e.nextStepIndex, stepId: step.id };
    await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/pause`);
    const before = dripMailTo(q.email).length;

    // Act: the worker gets the job
    const outcome = await processSendJob(await domainContext(), job);

    // Assess
    expect(outcome).toBe('deferred');
    expect(dripMailTo(q.email)).toHaveLength(before);
    expect((await enrollmentOf(q.email)).parkedAt).toBeDefined();
    await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/resume`);
    expect((await enrollmentOf(q.email)).parkedAt).toBeUndefined();
  });
});
