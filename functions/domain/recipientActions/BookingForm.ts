/**
 * The consultation request form's schema (issue 5): validated and normalised like signup (W7,
 * W8, P6). Unknown properties are refused; email and phone are normalised before anything is
 * stored; at least one way to reach the person is required, and consent to be contacted.
 */
import * as z from 'zod';
import { fieldErrorsOf } from '../core/fieldErrors.js';
import type { Language } from '../core/model.js';
import { checkbox, NAME_PATTERN, normaliseEmail, normalisePhone } from '../signup/SignupForm.js';

/** Free text: NFC, trimmed, control characters other than line breaks removed (W8). */
const text = (max: number) =>
  z
    .string({ error: 'Must be text' })
    .max(max * 4, `At most ${max} characters`)
    .optional()
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .transform((v) => (v === undefined ? undefined : v.normalize('NFC').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '').replace(/\r\n?/g, '\n').trim()))
    .transform((v) => (v === '' ? undefined : v));

/** A booking form's request id: 16 to 64 URL-safe characters (the page issues 22: 128 random bits). */
export const REQUEST_ID = /^[A-Za-z0-9_-]{16,64}$/;

export const BOOKING_LIMITS = { firstName: 100, preferredTimes: 300, reason: 500 } as const;

export const BookingBody = z
  .object({
    token: z.string().max(512).optional(),
    /** The form's request id (a hidden field, issue 16): a retried post of the same form books once. */
    requestId: z.string().regex(REQUEST_ID, 'Reload the page and send the form again').optional(),
    firstName: text(BOOKING_LIMITS.firstName),
    email: text(254),
    phone: text(32),
    location: z.string({ error: 'Choose an office' }).max(64).optional(),
    preferredTimes: text(BOOKING_LIMITS.preferredTimes),
    reason: text(BOOKING_LIMITS.reason),
    consentContact: checkbox,
    language: z.enum(['en', 'es'], { error: 'Choose English or Español' }).optional(),
    website: z.string().max(500).optional(),
  })
  .strict();

export interface BookingFormRequest {
  token?: string;
  /** Idempotency key of this form instance: the booking id is derived from it (requestConsultation.ts). */
  requestId?: string;
  firstName: string;
  email?: string;
  phone?: string;
  locationId: string;
  preferredTimes: string;
  reason?: string;
  language: Language;
  honeypotFilled: boolean;
}

/** Validates a parsed body against the clinic's office ids; the normalised request or per-field messages. */
export const readBooking = (
  body: unknown,
  locationIds: readonly string[],
): { ok: true; value: BookingFormRequest } | { ok: false; fields: Record<string, string> } => {
  const parsed = BookingBody.safeParse(body);
  if (!parsed.success) return { ok: false, fields: fieldErrorsOf(parsed.error) };
  const fields: Record<string, string> = {};
  const v = parsed.data;
  if (!v.firstName) fields.firstName = 'Enter your first name';
  else if (v.firstName.length > BOOKING_LIMITS.firstName || !NAME_PATTERN.test(v.firstName)) {
    fields.firstName = 'Use letters, spaces, hyphens or apostrophes (at most 100)';
  }
  let email: string | undefined;
  if (v.email !== undefined) {
    email = normaliseEmail(v.email);
    if (!email) fields.email = 'Enter a valid email address, like name@example.com';
  }
  let phone: string | undefined;
  if (v.phone !== undefined) {
    phone = normalisePhone(v.phone);
    if (!phone) fields.phone = 'Enter a valid US phone number, like (714) 555-0123';
  }
  if (v.email === undefined && v.phone === undefined) fields.email = 'Give an email address or a phone number so we can reach you';
  if (!v.location || !locationIds.includes(v.location)) fields.location = 'Choose one of our offices';
  if (!v.preferredTimes) fields.preferredTimes = 'Tell us which days and times suit you';
  else if (v.preferredTimes.length > BOOKING_LIMITS.preferredTimes) fields.preferredTimes = `At most ${BOOKING_LIMITS.preferredTimes} characters`;
  if (v.reason !== undefined && v.reason.length > BOOKING_LIMITS.reason) fields.reason = `At most ${BOOKING_LIMITS.reason} characters`;
  if (!v.consentContact) fields.consentContact = 'Tick the box so we may contact you about this request';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: {
      ...(v.token ? { token: v.token } : {}),
      ...(v.requestId ? { requestId: v.requestId } : {}),
      firstName: v.firstName as string,
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      locationId: v.location as string,
      preferredTimes: v.preferredTimes as string,
      ...(v.reason ? { reason: v.reason } : {}),
      language: v.language ?? 'en',
      honeypotFilled: typeof v.website === 'string' && v.website.trim() !== '',
    },
  };
};
