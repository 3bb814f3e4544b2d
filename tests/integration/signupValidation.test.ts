/**
 * Every malformed signup gets a 400 with a field-level message and writes nothing (W7, W8, P6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { postJson, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const ok = { email: 'valid@example.com', language: 'en', consentEmail: true };

const MALFORMED: { case: string; body: unknown; field: string }[] = [
  { case: 'email without @', body: { ...ok, email: 'no-at-sign.example.com' }, field: 'email' },
  { case: 'email with two @', body: { ...ok, email: 'a@b@example.com' }, field: 'email' },
  { case: 'email with spaces inside', body: { ...ok, email: 'ana lopez@example.com' }, field: 'email' },
  { case: 'email with no domain dot', body: { ...ok, email: 'ana@localhost' }, field: 'email' },
  { case: 'email local part over 64', body: { ...ok, email: `${'a'.repeat(65)}@example.com` }, field: 'email' },
  { case: 'email over 254 characters', body: { ...ok, email: `a@${'b'.repeat(250)}.com` }, field: 'email' },
  { case: 'email header injection', body: { ...ok, email: 'ana@example.com\r\nBcc: victim@example.com' }, field: 'email' },
  { case: 'email as a number', body: { ...ok, email: 12345 }, field: 'email' },
  { case: 'email as an array', body: { ...ok, email: ['ana@example.com'] }, field: 'email' },
  { case: 'email consent without an email', body: { language: 'en', consentEmail: true }, field: 'email' },
  { case: 'phone too short', body: { language: 'en', phone: '555-01', consentSms: true }, field: 'phone' },
  { case: 'phone with letters', body: { language: 'en', phone: '714-CALL-NOW', consentSms: true }, field: 'phone' },
  { case: 'phone outside North America', body: { language: 'en', phone: '+44 20 7946 0958', consentSms: true }, field: 'phone' },
  { case: 'phone not a valid US number', body: { language: 'en', phone: '(000) 000-0000', consentSms: true }, field: 'phone' },
  { case: 'phone as an object', body: { language: 'en', phone: { n: '7145550123' }, consentSms: true }, field: 'phone' },
  { case: 'sms consent without a phone', body: { language: 'en', consentSms: true }, field: 'phone' },
  { case: 'no consent at all', body: { email: 'ana@example.com', language: 'en' }, field: 'consentEmail' },
  { case: 'consents both false', body: { email: 'ana@example.com', phone: '7145550123', language: 'en', consentEmail: false, consentSms: false }, field: 'consentEmail' },
  { case: 'consent as a number', body: { ...ok, consentEmail: 1 }, field: 'consentEmail' },
  { case: 'consent as an unknown word', body: { ...ok, consentEmail: 'sure' }, field: 'consentEmail' },
  { case: 'missing language', body: { email: 'ana@example.com', consentEmail: true }, field: 'language' },
  { case: 'unsupported language', body: { ...ok, language: 'fr' }, field: 'language' },
  { case: 'language as a boolean', body: { ...ok, language: true }, field: 'language' },
  // A made-up or offset time zone is not refused: the person cannot see or fix the hidden field, so it
  // falls back to the area-code or clinic zone (issue 11; tests/integration/subscriberIdentity.test.ts).
  { case: 'time zone as a number', body: { ...ok, timezone: 5 }, field: 'timezone' },
  { case: 'script injection in the name', body: { ...ok, firstName: '<script>alert(1)</script>' }, field: 'firstName' },
  { case: 'markup in the name', body: { ...ok, firstName: 'Ana<img src=x onerror=alert(1)>' }, field: 'firstName' },
  { case: 'line break in the name', body: { ...ok, firstName: 'Ana\r\nBcc: x@example.com' }, field: 'firstName' },
  { case: 'name over 100 characters', body: { ...ok, firstName: 'A'.repeat(101) }, field: 'firstName' },
  { case: 'name as a number', body: { ...ok, firstName: 42 }, field: 'firstName' },
  { case: 'name of digits', body: { ...ok, firstName: '12345' }, field: 'firstName' },
  { case: 'unknown symptom field (P6)', body: { ...ok, symptoms: 'neck pain' }, field: 'symptoms' },
  { case: 'unknown date of birth field (P6)', body: { ...ok, dateOfBirth: '1970-01-01' }, field: 'dateOfBirth' },
  { case: 'JSON array body', body: '[1,2,3]', field: 'body' },
  { case: 'JSON string body', body: '"hello"', field: 'body' },
  { case: 'broken JSON', body: '{"email": "ana@example.com",', field: 'body' },
  { case: 'JSON null', body: 'null', field: 'body' },
];

describe('malformed signups', () => {
  it('has at least thirty cases', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(30);
  });

  it.each(MALFORMED)('refuses $case with 400, names the field and writes nothing', async ({ body, field }) => {
    const before = await tableItems(stack);
    const sentBefore = stack.outbox.all().length;
    const r = await postJson(stack, '/api/subscribe', body);
    expect(r.status).toBe(400);
    const answer = (await r.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
    expect(answer.error.code).toBe('invalid_input');
    expect(typeof answer.error.message).toBe('string');
    expect(Object.keys(answer.error.fields).join(',')).toContain(field);
    expect(answer.error.fields[Object.keys(answer.error.fields).find((k) => k.includes(field)) as string]).toMatch(/\w{3}/);
    await stack.settle();
    expect(await tableItems(stack)).toEqual(before);
    expect(stack.outbox.all().length).toBe(sentBefore);
  });

  it('refuses a body over 8 KB with 413 and writes nothing', async () => {
    const before = (await tableItems(stack)).length;
    const r = await postJson(stack, '/api/subscribe', { ...ok, firstName: 'A', padding: 'x'.repeat(9000) });
    expect(r.status).toBe(413);
    expect((await r.json()).error.code).toBe('payload_too_large');
    expect((await tableItems(stack)).length).toBe(before);
  });

  it('never echoes a stack trace or internals in an error', async () => {
    const r = await postJson(stack, '/api/subscribe', '{"email":');
    const text = await r.text();
    expect(text).not.toMatch(/at \w+ \(|node_modules|Error:|\.ts:/);
  });
});

