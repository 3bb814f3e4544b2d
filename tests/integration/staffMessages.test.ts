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
import { api, staffToken } from '../support/staffConsole.js';
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
