/**
 * Sequences staff create in the console (issue 14) through the real handlers against DynamoDB
 * Local: create blank or as a copy, bad edits refused field by field with nothing changed, the
 * builder form's plain-language waits saved as a version, entry points, archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { api, confirmedEmailSubscriber, page, postForm, signInWithForm, staffToken } from '../support/staffConsole.js';
import { itemsOfType, postJson, startTestStack } from '../support/testStack.js';
import { stepsOf } from '../../functions/domain/scheduling/stepsOf.js';
import type { Enrollment } from '../../functions/domain/core/model.js';
import { domainContext } from '../../functions/wiring.js';

let stack: LocalStack;
let admin: string;
beforeAll(async () => {
  stack = await startTestStack();
  admin = await staffToken(stack, { username: 'editor' });
});
afterAll(() => stack?.stop());

const detail = async (id: string) => (await api(stack, admin, 'GET', `/api/admin/sequences/${id}`)).body;
const auditCount = async () => ((await api(stack, admin, 'GET', '/api/admin/audit?limit=1000')).body as unknown[]).length;

/** A three-step sequence: email now, email 2 days later, a text on day 3. */
const threeSteps = [
  { id: 'hello', after: 'PT0S', channel: 'email', template: 'welcome' },
  { id: 'signs', after: 'P2D', channel: 'email', template: 'symptoms' },
  { id: 'nudge', from: 'start', after: 'P3D', channel: 'sms', template: 'self-care' },
];

describe('creating sequences', () => {
  it('creates a blank sequence as version 1 with one welcome email right after joining', async () => {
    const r = await api(stack, admin, 'POST', '/api/admin/sequences', { name: 'Neck pain basics' });

    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ sequenceId: 'neck-pain-basics', version: 1, createdBy: 'editor' });
    expect(r.body.definition.steps).toEqual([{ id: 'step-1', after: 'PT0S', channel: 'email', template: 'welcome' }]);
    const heads = (await api(stack, admin, 'GET', '/api/admin/sequences')).body as { sequenceId: string }[];
    expect(heads.map((h) => h.sequenceId)).toContain('neck-pain-basics');
  });

  it('duplicates another sequence under a new id, the copy keeping every step', async () => {
    const r = await api(stack, admin, 'POST', '/api/admin/sequences', { name: 'Neck pain basics', duplicateOf: 'cervical-dystonia' });

    expect(r.status).toBe(201);
    expect(r.body.sequenceId).toBe('neck-pain-basics-2');
    expect(r.body.definition.steps).toEqual((await detail('cervical-dystonia')).definition.steps);
  });

  it.each([
    { case: 'an empty name', body: { name: '  ' }, field: 'name' },
    { case: 'a copy of a sequence that does not exist', body: { name: 'X', duplicateOf: 'nope' }, field: 'duplicateOf' },
  ])('refuses $case with a field error and creates nothing', async ({ body, field }) => {
    const before = (await api(stack, admin, 'GET', '/api/admin/sequences')).body.length;
    const r = await api(stack, admin, 'POST', '/api/admin/sequences', body);
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toContain(field);
    expect((await api(stack, admin, 'GET', '/api/admin/sequences')).body).toHaveLength(before);
  });
});

describe('bad sequence edits', () => {
  const SEQ = 'neck-pain-basics';
  const cases: { case: string; edit: (d: any) => void; field: string; message?: RegExp }[] = [
    { case: 'a step waiting for itself (a loop)', edit: (d) => (d.steps[1].from = 'signs'), field: 'definition.steps.1.from', message: /loop/ },
    { case: 'a step waiting for a later step (a loop)', edit: (d) => (d.steps[0].from = 'nudge'), field: 'definition.steps.0.from', message: /loop/ },
    { case: 'a step waiting for a step that does not exist', edit: (d) => (d.steps[1].from = 'ghost'), field: 'definition.steps.1.from' },
    { case: 'a wait of minus one day', edit: (d) => (d.steps[1].after = 'P-1D'), field: 'definition.steps.1.after', message: /negative/ },
    { case: '"on day 1" after a step on day 2', edit: (d) => (d.steps[2].after = 'P1D'), field: 'definition.steps.2.after', message: /before step 2/ },
    { case: 'an unknown message', edit: (d) => (d.steps[1].template = 'no-such-message'), field: 'definition.steps.1.template', message: /No email message/ },
    { case: 'an email message on a text step', edit: (d) => (d.steps[2].template = 'symptoms'), field: 'definition.steps.2.template', message: /No text message/ },
    { case: 'a message of its own flow (the confirmation)', edit: (d) => (d.steps[0].template = 'confirm-email'), field: 'definition.steps.0.template' },
    { case: 'an empty name', edit: (d) => (d.name = ''), field: 'definition.name', message: /name/ },
    { case: 'a duplicate step', edit: (d) => (d.steps[2].id = 'signs'), field: 'definition.steps.2.id', message: /Duplicate/ },
    { case: 'a send window that ends before it starts', edit: (d) => (d.steps[0].sendWindow = { days: ['mon'], start: '17:00', end: '09:00' }), field: 'definition.steps.0.sendWindow.end' },
    { case: 'a text window starting before 08:00', edit: (d) => (d.steps[2].sendWindow = { days: ['mon'], start: '07:00', end: '12:00' }), field: 'definition.steps.2.sendWindow.start', message: /08:00/ },
    { case: 'a text window ending after 21:00', edit: (d) => (d.steps[2].sendWindow = { days: ['mon'], start: '10:00', end: '22:30' }), field: 'definition.steps.2.sendWindow.end', message: /21:00/ },
    { case: 'a window with no day', edit: (d) => (d.steps[0].sendWindow = { days: [], start: '09:00', end: '17:00' }), field: 'definition.steps.0.sendWindow.days' },
    { case: 'no steps at all', edit: (d) => (d.steps = []), field: 'definition.steps' },
    { case: 'a step id "start" (reserved)', edit: (d) => (d.steps[0].id = 'start'), field: 'definition.steps.0.id' },
    { case: 'a wait that is not a duration', edit: (d) => (d.steps[1].after = 'soon'), field: 'definition.steps.1.after' },
    { case: 'an exit goal naming no step', edit: (d) => (d.exitGoals = { booked: { endsSteps: ['ghost'] } }), field: 'definition.exitGoals.booked.endsSteps.0' },
  ];

  it('saves the three-step sequence (the base of every bad edit below)', async () => {
    const d = await detail(SEQ);
    const r = await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/versions`, { basedOn: d.head.latestVersion, definition: { ...d.definition, steps: threeSteps } });
    expect(r.status).toBe(201);
    expect(r.body.version).toBe(2);
  });

  /** Posts `edit` applied to the current definition; what came back and whether anything changed. */
  const tryEdit = async (edit: (d: any) => void) => {
    const before = { detail: await detail(SEQ), audits: await auditCount() };
    const definition = structuredClone(before.detail.definition);
    edit(definition);
    const r = await api(stack, admin, 'POST', `/api/admin/sequences/${SEQ}/versions`, { basedOn: before.detail.head.latestVersion, definition });
    const after = { detail: await detail(SEQ), audits: await auditCount() };
    return { status: r.status, code: r.body.error?.code, fields: (r.body.error?.fields ?? {}) as Record<string, string>, unchanged: JSON.stringify(after) === JSON.stringify(before) };
  };

  it.each(cases)('refuses $case: 400 with a field error, no version, no audit row', async ({ edit, field, message }) => {
    const answer = await tryEdit(edit);

    expect(answer).toMatchObject({ status: 400, code: 'invalid_input', unchanged: true });
    expect(answer.fields[field]).toMatch(message ?? /./);
  });
});

describe('the builder form', () => {
  it('saves plain-language waits and an SMS window as a version, and refuses a wait of minus one day beside its field', async () => {
    const cookie = await signInWithForm(stack);
    const { csrf, html } = await page(stack, cookie, '/admin/sequences/neck-pain-basics/edit');
    expect(html).toContain('On day 3 (day 0 is the day they join)');
    const fields = {
      _csrf: csrf,
      basedOn: '2',
      name: 'Neck pain basics',
      'step.0.id': 'hello', 'step.0.channel': 'email', 'step.0.template': 'welcome', 'step.0.wait': 'right-after',
      'step.0.weekday.mon': 'on', 'step.0.weekday.tue': 'on', 'step.0.weekday.wed': 'on', 'step.0.weekday.thu': 'on', 'step.0.weekday.fri': 'on', 'step.0.start': '09:00', 'step.0.end': '17:00',
      'step.1.id': 'signs', 'step.1.channel': 'email', 'step.1.template': 'symptoms', 'step.1.wait': 'after', 'step.1.amount': '-1', 'step.1.unit': 'days',
      'step.1.weekday.mon': 'on', 'step.1.start': '09:00', 'step.1.end': '17:00', 'step.1.exit': 'on',
      'step.2.id': 'nudge', 'step.2.channel': 'sms', 'step.2.template': 'self-care', 'step.2.wait': 'on-day', 'step.2.day': '9',
      'step.2.weekday.sat': 'on', 'step.2.start': '10:00', 'step.2.end': '12:00', 'step.2.exit': 'on',
      intent: 'save',
    };

    const bad = await postForm(stack, cookie, '/admin/sequences/neck-pain-basics/edit', fields);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="step\.1\.wait-error">A wait cannot be negative/);
    expect((await detail('neck-pain-basics')).head.latestVersion).toBe(2);

    const good = await postForm(stack, cookie, '/admin/sequences/neck-pain-basics/edit', { ...fields, 'step.1.amount': '1', 'step.1.unit': 'weeks' });
    expect(good.status).toBe(303);
    const d = await detail('neck-pain-basics');
    expect(d.head.latestVersion).toBe(3);
    expect(d.definition.steps).toEqual([
      { id: 'hello', after: 'PT0S', channel: 'email', template: 'welcome' },
      { id: 'signs', after: 'P7D', channel: 'email', template: 'symptoms', sendWindow: { days: ['mon'], start: '09:00', end: '17:00' } },
      { id: 'nudge', after: 'P9D', from: 'start', channel: 'sms', template: 'self-care', sendWindow: { days: ['sat'], start: '10:00', end: '12:00' } },
    ]);
    expect(d.definition.exitGoals).toEqual({ booked: { endsSteps: ['signs', 'nudge'] } });
  });

  it('adds, moves and removes steps without saving until Save', async () => {
    const cookie = await signInWithForm(stack);
    const { csrf } = await page(stack, cookie, '/admin/sequences/neck-pain-basics/edit');
    const base = { _csrf: csrf, basedOn: '3', name: 'Neck pain basics', 'step.0.id': 'a', 'step.0.channel': 'email', 'step.0.template': 'welcome', 'step.1.id': 'b', 'step.1.channel': 'sms', 'step.1.template': 'welcome' };

    const added = await (await postForm(stack, cookie, '/admin/sequences/neck-pain-basics/edit', { ...base, intent: 'add' })).text();
    expect(added.match(/<fieldset class="step"/g)).toHaveLength(3);
    const moved = await (await postForm(stack, cookie, '/admin/sequences/neck-pain-basics/edit', { ...base, intent: 'down:0' })).text();
    expect(moved.indexOf('name="step.0.id" value="b"')).toBeGreaterThan(-1);
    const removed = await (await postForm(stack, cookie, '/admin/sequences/neck-pain-basics/edit', { ...base, intent: 'remove:0' })).text();
    expect(removed.match(/<fieldset class="step"/g)).toHaveLength(1);
    expect((await detail('neck-pain-basics')).head.latestVersion).toBe(3);
  });
});

describe('entry points and archive', () => {
  it('enrolls people who confirm from the signup form into the sequence staff chose', async () => {
    const phone = '+17145550188';
    const earlier = await confirmedEmailSubscriber(stack, { phone, consentSms: true });

    const r = await api(stack, admin, 'POST', '/api/admin/entry-points/signup-form', { sequenceId: 'neck-pain-basics' });
    expect(r.status).toBe(200);
    expect((await api(stack, admin, 'GET', '/api/admin/entry-points')).body).toEqual([expect.objectContaining({ id: 'signup-form', sequenceId: 'neck-pain-basics', updatedBy: 'editor' })]);

    const { email } = await confirmedEmailSubscriber(stack);

    const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === email);
    const enrollments = (await itemsOfType(stack, 'enrollment')).filter((e) => e.subscriberId === sub?.subscriberId);
    expect(enrollments.map((e) => [e.sequenceId, e.sequenceVersion])).toEqual([['neck-pain-basics', 3]]);
    // The "on day 9" text is kept as 9 days minus the 7 days before it.
    expect((await stepsOf(await domainContext(), enrollments[0] as unknown as Enrollment)).map((s) => s.after)).toEqual(['PT0S', 'P7D', 'P2D']);

    // Someone who started before the change and confirms a second channel now stays in the series they started.
    await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' });
    await stack.settle();
    const before = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === earlier.email);
    expect(before?.smsStatus).toBe('confirmed');
    const theirs = (await itemsOfType(stack, 'enrollment')).filter((e) => e.subscriberId === before?.subscriberId);
    expect(theirs.map((e) => e.sequenceId)).toEqual(['cervical-dystonia']);
  });

  it.each([
    { case: 'a sequence that does not exist', sequenceId: 'nope', status: 400 },
    { case: 'an entry point that does not exist', sequenceId: 'cervical-dystonia', status: 404, path: '/api/admin/entry-points/popup' },
  ])('refuses $case', async ({ sequenceId, status, path }) => {
    const r = await api(stack, admin, 'POST', path ?? '/api/admin/entry-points/signup-form', { sequenceId });
    expect(r.status).toBe(status);
    expect((await api(stack, admin, 'GET', '/api/admin/entry-points')).body[0].sequenceId).toBe('neck-pain-basics');
  });

  it('will not archive the sequence an entry point leads to; archives and restores another', async () => {
    const refused = await api(stack, admin, 'POST', '/api/admin/sequences/neck-pain-basics/archive', { archived: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.sequence).toMatch(/Signup form/);
    expect((await detail('neck-pain-basics')).head.archived).toBeUndefined();

    const archived = await api(stack, admin, 'POST', '/api/admin/sequences/neck-pain-basics-2/archive', { archived: true });
    expect(archived.body).toMatchObject({ archived: true });
    const toArchived = await api(stack, admin, 'POST', '/api/admin/entry-points/signup-form', { sequenceId: 'neck-pain-basics-2' });
    expect(toArchived.status).toBe(400);
    expect(toArchived.body.error.fields.sequenceId).toMatch(/archived/);

    const restored = await api(stack, admin, 'POST', '/api/admin/sequences/neck-pain-basics-2/archive', { archived: false });
    expect(restored.body.archived).toBe(false);
    expect(restored.body.archivedAt).toBeUndefined();
  });
});
