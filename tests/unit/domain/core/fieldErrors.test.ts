/** One rule for naming bad fields in a 400, shared by the signup and booking forms and the HTTP layer. */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../../functions/domain/core/fieldErrors.js';
import { readSignup } from '../../../../functions/domain/signup/SignupForm.js';

const errorOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error;
};

describe('fieldErrorsOf', () => {
  const Form = z.strictObject({ email: z.string().email('Enter an email'), steps: z.array(z.strictObject({ after: z.string() })) });

  it('keys each message by its dotted path, first message per field', () => {
    expect(fieldErrorsOf(errorOf(Form, { email: 'x', steps: [{ after: 1 }] }))).toEqual({ email: 'Enter an email', 'steps.0.after': expect.any(String) });
  });

  it('names unknown fields themselves, and a value that is not an object as body', () => {
    expect(fieldErrorsOf(errorOf(Form, { email: 'a@b.co', steps: [], symptoms: 'pain' }))).toEqual({ symptoms: 'Unknown field' });
    expect(Object.keys(fieldErrorsOf(errorOf(Form, 'text')))).toEqual(['body']);
  });

  it('puts a prefix before every key but body', () => {
    expect(fieldErrorsOf(errorOf(Form, { email: 'x', steps: [] }), 'form')).toEqual({ 'form.email': 'Enter an email' });
  });

  it('is what the signup form answers for a field zod refuses and for an unknown field', () => {
    const r = readSignup({ email: 'ana@example.com', consentEmail: true, language: 'klingon', diagnosis: 'cervical dystonia' });
    expect(r).toEqual({ ok: false, fields: { diagnosis: 'Unknown field', language: 'Choose English or Español' } });
  });
});
