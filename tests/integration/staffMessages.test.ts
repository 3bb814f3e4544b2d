/**
 * Console messages through the JSON API on DynamoDB Local (issue 14): bad edits answer 400 with
 * `{ error: { code, message, fields } }` and write nothing; a draft is published only when an
 * admin other than its author approves it (a second approval is a 409); the send path reads the
 * published, compiled version from the table (Liquid only, no MJML at send time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeEmail } from '../../functions/domain/sending/composeMessage.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { api, page, postForm, signInWithForm, staffToken } from '../support/staffConsole.js';
import { itemsOfType, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
let writer: string;
let writerAdmin: string;
let reviewer: string;
let messageId = '';

const copy = (over: Partial<Record<string, string>> = {}) => ({
  subject: 'Winter and your neck',
  preheader: 'Three short tips for cold days, and how to reach us.',
  body: "# Winter and your neck\n\nHi {{ subscriber.firstName | default: 'there' }},\n\n- Keep your neck warm.",
  ctaLabel: 'Ask for a visit',
  ctaLink: '{{ links.booking }}',
  ...over,
});
const draft = (revision: number, en: Partial<Record<string, string>> = {}) => ({
  revision,
  name: 'Winter check-in',
  content: { channel: 'email', sources: ['S1'], copy: { en: copy(en), es: copy({ subject: 'El invierno y su cuello', body: '# El invierno\n\nMantenga el cuello abrigado.' }) } },
});

beforeAll(async () => {
  stack = await startTestStack();
  writer = await staffToken(stack, { username: 'writer', groups: ['staff'] });
  writerAdmin = await staffToken(stack, { username: 'writer', groups: ['admin'] });
  reviewer = await staffToken(stack, { username: 'reviewer', groups: ['admin'] });
  const r = await api(stack, writer, 'POST', '/api/admin/messages', { name: 'Winter check-in', channel: 'email' });
  expect(r.status).toBe(201);
  messageId = r.body.messageId;
});
afterAll(async () => {
  await stack?.stop();
});

describe('message API on DynamoDB', () => {
  it.each([
    { case: 'an empty subject', en: { subject: '' }, field: 'copy.en.subject' },
    { case: 'a link off the allow-list', en: { body: 'See [this](https://evil.example/)' }, field: 'copy.en.body' },
    { case: 'a removed merge field', en: { body: 'At {{ clinic.address }}' }, field: 'copy.en.body' },
    { case: 'a button without its URL', en: { ctaLink: '' }, field: 'copy.en.ctaLink' },
  ])('refuses $case with 400, a field error and no write', async ({ en, field }) => {
    const r = await api(stack, writer, 'POST', `/api/admin/messages/${messageId}/draft`, draft(1, en));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_input');
    expect(typeof r.body.error.message).toBe('string');
    expect(Object.keys(r.body.error.fields)).toContain(field);
    const head = (await itemsOfType(stack, 'messageHead')).find((h) => h.messageId === messageId);
    expect(head).toMatchObject({ revision: 1 });
    expect(head?.draft).toBeUndefined();
  });

  it('previews without saving: the same checks, and each language rendered', async () => {
    const r = await api(stack, writer, 'POST', `/api/admin/messages/${messageId}/preview`, draft(1, { subject: '' }).content);
    expect(r.status).toBe(200);
    expect(r.body.fields['copy.en.subject']).toMatch(/Write a subject/);
    expect(r.body.previews[1]).toMatchObject({ language: 'es', subject: 'El invierno y su cuello' });
  });

  it('saves, submits, refuses the author\'s approval and a staff approval, publishes on a second admin\'s', async () => {
    const saved = await api(stack, writer, 'POST', `/api/admin/messages/${messageId}/draft`, draft(1));
    expect(saved.status).toBe(200);
    const submitted = await api(stack, writer, 'POST', `/api/admin/messages/${messageId}/submit`, { revision: saved.body.revision });
    expect(submitted.status).toBe(200);
    const approval = { revision: submitted.body.revision, displayName: 'Ana Ruiz, MD', showInEmail: true, reviewAgainBy: '2099-01-01' };

    expect((await api(stack, writer, 'POST', `/api/admin/messages/${messageId}/approve`, approval)).status).toBe(403);
    const own = await api(stack, writerAdmin, 'POST', `/api/admin/messages/${messageId}/approve`, approval);
    expect(own.status).toBe(400);
    expect(own.body.error.fields.approve).toMatch(/another admin/);
    expect(await itemsOfType(stack, 'publishedMessage')).toEqual([]);

    const ok = await api(stack, reviewer, 'POST', `/api/admin/messages/${messageId}/approve`, approval);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ version: 1, review: { displayName: 'Ana Ruiz, MD' } });
    const again = await api(stack, reviewer, 'POST', `/api/admin/messages/${messageId}/approve`, { ...approval, revision: submitted.body.revision + 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already published/);

    const list = await api(stack, writer, 'GET', '/api/admin/messages');
    expect(list.body.find((m: { id: string }) => m.id === messageId)).toMatchObject({ status: 'published', publishedVersion: 1, source: 'console' });
    expect(list.body.find((m: { id: string }) => m.id === 'symptoms')).toMatchObject({ source: 'shipped' });
    const audit = await api(stack, reviewer, 'GET', '/api/admin/audit');
    expect(audit.body.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['message.draft.save', 'message.submit', 'message.approve']));
  });

  it('the send path renders the published version from the table', async () => {
    const d = await domainContext();
    const email = await composeEmail(
      d,
      { subscriberId: 'sub-x', email: 'pat@example.com', firstName: 'Rosa', language: 'en', timezone: 'America/Los_Angeles', emailStatus: 'confirmed', smsStatus: 'none', createdAt: new Date().toISOString() },
      messageId,
      { sendId: 'send-1', sequenceId: 'seq', stepId: 'a' },
    );
    expect(email.subject).toBe('Winter and your neck');
    expect(email.html).toContain('Hi Rosa,');
    expect(email.html).toMatch(/Reviewed by Ana Ruiz, MD on/);
    expect(email.text).toContain('Keep your neck warm.');
  });
});

describe('withdrawing a published message', () => {
  /** A new email message, written by `writer` and published by `reviewer`, as the flow above. */
  const publishedMessage = async (name: string): Promise<string> => {
    const id = (await api(stack, writer, 'POST', '/api/admin/messages', { name, channel: 'email' })).body.messageId as string;
    const saved = await api(stack, writer, 'POST', `/api/admin/messages/${id}/draft`, { ...draft(1), name });
    const submitted = await api(stack, writer, 'POST', `/api/admin/messages/${id}/submit`, { revision: saved.body.revision });
    const ok = await api(stack, reviewer, 'POST', `/api/admin/messages/${id}/approve`, { revision: submitted.body.revision, displayName: 'Ana Ruiz, MD', showInEmail: false, reviewAgainBy: '2099-01-01' });
    expect(ok.status).toBe(201);
    return id;
  };
  const headOf = async (id: string) => (await itemsOfType(stack, 'messageHead')).find((h) => h.messageId === id) as Record<string, unknown>;
  const withdrawals = async (id: string) => (await itemsOfType(stack, 'audit')).filter((a) => a.action === 'message.withdraw' && a.target === `message:${id}`);
  const useIn = async (sequenceId: string, template: string) => {
    const d = (await api(stack, reviewer, 'GET', `/api/admin/sequences/${sequenceId}`)).body;
    const steps = d.definition.steps.map((st: Record<string, unknown>, i: number) => (i === 0 ? { ...st, template } : st));
    const r = await api(stack, reviewer, 'POST', `/api/admin/sequences/${sequenceId}/versions`, { basedOn: d.head.latestVersion, definition: { ...d.definition, steps } });
    return r;
  };

  it('refuses while a running sequence version uses it, naming the sequence on the API and beside the button, and writes nothing', async () => {
    // Prepare: a published message, sent by step 1 of a sequence's current version
    const id = await publishedMessage('Spring stretches');
    const sequenceId = (await api(stack, reviewer, 'POST', '/api/admin/sequences', { name: 'Stretch series' })).body.sequenceId as string;
    expect((await useIn(sequenceId, id)).status).toBe(201);
    const before = await headOf(id);

    // Act
    const refused = await api(stack, reviewer, 'POST', `/api/admin/messages/${id}/withdraw`, { revision: before.revision });
    const cookie = await signInWithForm(stack);
    const { csrf, html } = await page(stack, cookie, `/admin/messages/${id}`);
    const onPage = await postForm(stack, cookie, `/admin/messages/${id}/withdraw`, { _csrf: csrf, revision: String(before.revision) });
    const onPageHtml = await onPage.text();
    const byStaff = await api(stack, writer, 'POST', `/api/admin/messages/${id}/withdraw`, { revision: before.revision });

    // Assess
    expect(html).toContain('id="withdraw-form"');
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields.withdraw).toMatch(/Used by Sequence “Stretch series” \(v2, step step-1\)/);
    expect(onPage.status).toBe(409);
    expect(/<p class="error" id="withdraw-error">([^<]*)<\/p>/.exec(onPageHtml)?.[1]).toMatch(/Sequence “Stretch series”/);
    expect(byStaff.status).toBe(403);
    expect(await headOf(id)).toEqual(before);
    expect(await withdrawals(id)).toEqual([]);
  });

  it('withdraws one nothing running uses: audited, no longer offered to steps, its published copy and sends stay; a new approval publishes it again', async () => {
    // Prepare: used once, then the sequence moved to another message (its old version still names it)
    const id = await publishedMessage('Autumn tips');
    const sequenceId = (await api(stack, reviewer, 'POST', '/api/admin/sequences', { name: 'Autumn series' })).body.sequenceId as string;
    expect((await useIn(sequenceId, id)).status).toBe(201);
    expect((await useIn(sequenceId, 'welcome')).status).toBe(201);
    const before = await headOf(id);
    expect((await api<string>(stack, reviewer, 'GET', `/admin/sequences/${sequenceId}/edit`)).body).toContain(`value="${id}"`);

    // Act
    const r = await api(stack, reviewer, 'POST', `/api/admin/messages/${id}/withdraw`, { revision: before.revision });

    // Assess
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ withdrawnBy: { name: 'reviewer' } });
    expect(await withdrawals(id)).toHaveLength(1);
    const list = await api(stack, writer, 'GET', '/api/admin/messages');
    expect(list.body.find((m: { id: string }) => m.id === id)).toMatchObject({ status: 'withdrawn', publishedVersion: 1 });
    const builder = await api<string>(stack, reviewer, 'GET', `/admin/sequences/${sequenceId}/edit`);
    expect(builder.body).not.toContain(`value="${id}"`);
    const reuse = await useIn(sequenceId, id);
    expect(reuse.status).toBe(400);
    expect(JSON.stringify(reuse.body.error.fields)).toMatch(/template/);
    expect(await itemsOfType(stack, 'publishedMessage')).toContainEqual(expect.objectContaining({ messageId: id, version: 1 }));
    // An enrollment still on the version that named it is sent the last published copy.
    const subscriber = { subscriberId: 'sub-y', email: 'pat@example.com', language: 'en', timezone: 'America/Los_Angeles', emailStatus: 'confirmed', smsStatus: 'none', createdAt: new Date().toISOString() } as const;
    expect((await composeEmail(await domainContext(), subscriber, id, { sendId: 'send-2', sequenceId, stepId: 'step-1' })).subject).toBe('Winter and your neck');
    const again = await api(stack, reviewer, 'POST', `/api/admin/messages/${id}/withdraw`, { revision: (await headOf(id)).revision });
    expect(again.status).toBe(409);
    expect(again.body.error.fields.withdraw).toMatch(/Withdrawn on/);

    // A new version approved by another admin publishes it again.
    const saved = await api(stack, writer, 'POST', `/api/admin/messages/${id}/draft`, { ...draft((await headOf(id)).revision as number), name: 'Autumn tips' });
    const submitted = await api(stack, writer, 'POST', `/api/admin/messages/${id}/submit`, { revision: saved.body.revision });
    await api(stack, reviewer, 'POST', `/api/admin/messages/${id}/approve`, { revision: submitted.body.revision, displayName: 'Ana Ruiz, MD', showInEmail: false, reviewAgainBy: '2099-01-01' });
    expect(await headOf(id)).not.toHaveProperty('withdrawnAt');
    expect((await useIn(sequenceId, id)).status).toBe(201);
  });
});
