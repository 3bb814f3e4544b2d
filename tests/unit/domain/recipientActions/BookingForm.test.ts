/** The consultation request form's validation (W7, W8, P6). */
import { describe, expect, it } from 'vitest';
import { readBooking } from '../../../../functions/domain/recipientActions/BookingForm.js';

const OFFICES = ['newport-beach', 'orange', 'whittier'];
const valid = { firstName: 'Olga', email: 'Olga@Example.COM', location: 'orange', preferredTimes: 'Mornings', consentContact: true };

describe('readBooking', () => {
  it('normalises a valid request: trimmed text, lower-case email domain, E.164 phone', () => {
    const r = readBooking({ ...valid, firstName: '  Olga ', phone: '(714) 555-0123', reason: ' Neck pain\r\nsince May ', token: 'k1.a.b', language: 'es' }, OFFICES);

    expect(r).toEqual({
      ok: true,
      value: {
        token: 'k1.a.b',
        firstName: 'Olga',
        email: 'Olga@example.com',
        phone: '+17145550123',
        locationId: 'orange',
        preferredTimes: 'Mornings',
        reason: 'Neck pain\nsince May',
        language: 'es',
        honeypotFilled: false,
      },
    });
  });

  it('accepts form-encoded checkboxes and a phone without an email', () => {
    const r = readBooking({ firstName: 'Olga', phone: '714-555-0123', location: 'whittier', preferredTimes: 'Any', consentContact: 'on' }, OFFICES);

    expect(r.ok).toBe(true);
  });

  it('strips control characters from free text (W8)', () => {
    const r = readBooking({ ...valid, preferredTimes: 'Mon\u0000days\u0007' }, OFFICES);

    expect(r.ok && r.value.preferredTimes).toBe('Mondays');
  });

  it('flags a filled honeypot without refusing', () => {
    const r = readBooking({ ...valid, website: 'http://spam.example' }, OFFICES);

    expect(r.ok && r.value.honeypotFilled).toBe(true);
  });

  it.each([
    { case: 'a missing first name', body: { ...valid, firstName: undefined }, field: 'firstName' },
    { case: 'a name with markup', body: { ...valid, firstName: 'Olga<script>' }, field: 'firstName' },
    { case: 'a name too long', body: { ...valid, firstName: 'A'.repeat(101) }, field: 'firstName' },
    { case: 'no way to reach the person', body: { ...valid, email: undefined }, field: 'email' },
    { case: 'a bad email', body: { ...valid, email: 'olga@' }, field: 'email' },
    { case: 'an email with a line break', body: { ...valid, email: 'olga@example.com\r\nBcc: x@evil.example' }, field: 'email' },
    { case: 'a non-US phone', body: { ...valid, phone: '+44 20 7946 0958' }, field: 'phone' },
    { case: 'an unknown office', body: { ...valid, location: 'irvine' }, field: 'location' },
    { case: 'no office', body: { ...valid, location: undefined }, field: 'location' },
    { case: 'no preferred times', body: { ...valid, preferredTimes: '' }, field: 'preferredTimes' },
    { case: 'preferred times too long', body: { ...valid, preferredTimes: 'x'.repeat(301) }, field: 'preferredTimes' },
    { case: 'a reason too long', body: { ...valid, reason: 'x'.repeat(501) }, field: 'reason' },
    { case: 'consent not given', body: { ...valid, consentContact: false }, field: 'consentContact' },
    { case: 'consent missing', body: { ...valid, consentContact: undefined }, field: 'consentContact' },
    { case: 'an unknown field', body: { ...valid, symptoms: 'tremor' }, field: 'symptoms' },
    { case: 'a language we do not offer', body: { ...valid, language: 'fr' }, field: 'language' },
  ])('refuses $case, naming $field', ({ body, field }) => {
    const r = readBooking(body, OFFICES);

    expect(r.ok).toBe(false);
    expect(r.ok ? {} : r.fields).toHaveProperty(field);
  });

  it('checks offices against the clinic profile it is given', () => {
    expect(readBooking({ ...valid, location: 'irvine' }, [...OFFICES, 'irvine']).ok).toBe(true);
  });
});
