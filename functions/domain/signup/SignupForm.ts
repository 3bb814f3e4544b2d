/**
 * The signup form's schema: validation and normalisation of what a patient submits (W7, P6).
 *
 * Unknown properties are refused (P6: no symptom fields sneak in). Addresses are normalised
 * before anything is stored or hashed; only addresses for consented channels are kept.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import * as z from 'zod';
import { isRealTimeZone } from './timeZones.js';

/** A checkbox from JSON (boolean) or a form (`on`, `true`…); unticked or absent is false. */
export const checkbox = z
  .union([z.boolean(), z.enum(['true', 'false', 'on', 'off', 'yes', 'no', '1', '0', ''])])
  .optional()
  .transform((v) => v === true || v === 'true' || v === 'on' || v === 'yes' || v === '1');

const optionalText = (max: number) =>
  z
    .string({ error: 'Must be text' })
    .max(max * 4, `At most ${max} characters`)
    .optional()
    .transform((v) => (v === undefined ? undefined : v.normalize('NFC').trim()))
    .transform((v) => (v === '' ? undefined : v));

/** Letters (any script), spaces, apostrophes, hyphens and periods: no markup, no control characters (W8). */
export const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M}' .\u2019-]*$/u;

export const normaliseEmail = (raw: string): string | undefined => {
  const value = raw.normalize('NFC').trim();
  if (value.length > 254) return undefined;
  const at = value.lastIndexOf('@');
  if (at < 1) return undefined;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  if (local.length > 64) return undefined;
  const candidate = `${local}@${domain}`;
  return z.email().safeParse(candidate).success ? candidate : undefined;
};

/** E.164 for a North American number (+1 only, S12); undefined when it is not a valid one. */
export const normalisePhone = (raw: string): string | undefined => {
  const value = raw.normalize('NFC').trim();
  if (value.length > 32 || /[^\d+().\-\s]/.test(value)) return undefined;
  const parsed = parsePhoneNumberFromString(value, 'US');
  if (!parsed?.isValid() || parsed.countryCallingCode !== '1') return undefined;
  return parsed.number;
};

export const SignupBody = z
  .object({
    firstName: optionalText(100),
    email: optionalText(254),
    phone: optionalText(32),
    language: z.enum(['en', 'es'], { error: 'Choose English or Español' }),
    timezone: optionalText(64),
    consentEmail: checkbox,
    consentSms: checkbox,
    website: z.string().max(500).optional(),
    /** Signed render time of the form (W2 time trap); API clients may omit it. */
    formToken: z.string().max(512).optional(),
  })
  .strict();

export interface SignupRequest {
  firstName?: string;
  email?: string;
  phone?: string;
  language: 'en' | 'es';
  timezone: string;
  consentEmail: boolean;
  consentSms: boolean;
  honeypotFilled: boolean;
  formToken?: string;
}

export const DEFAULT_TIMEZONE = 'America/Los_Angeles';

/** Validates a parsed body; returns the normalised request or the per-field messages. */
export const readSignup = (body: unknown): { ok: true; value: SignupRequest } | { ok: false; fields: Record<string, string> } => {
  const parsed = SignupBody.safeParse(body);
  const fields: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : String(issue.path[0] ?? 'body');
      fields[key] ??= issue.code === 'unrecognized_keys' ? 'Unknown field' : issue.message;
    }
    return { ok: false, fields };
  }
  const v = parsed.data;
  if (v.firstName !== undefined && (v.firstName.length > 100 || !NAME_PATTERN.test(v.firstName))) {
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
    if (!phone) fields.phone = 'Enter a valid US mobile number, like (714) 555-0123';
  }
  if (v.consentEmail && v.email === undefined) fields.email = 'Enter your email address to get emails';
  if (v.consentSms && v.phone === undefined) fields.phone = 'Enter your mobile number to get texts';
  if (!v.consentEmail && !v.consentSms) {
    fields.consentEmail = 'Tick at least one way to hear from us, and give that address';
  }
  const timezone = v.timezone ?? DEFAULT_TIMEZONE;
  if (!isRealTimeZone(timezone)) fields.timezone = 'Unknown time zone';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: {
      ...(v.firstName ? { firstName: v.firstName } : {}),
      ...(v.consentEmail && email ? { email } : {}),
      ...(v.consentSms && phone ? { phone } : {}),
      language: v.language,
      timezone,
      consentEmail: v.consentEmail,
      consentSms: v.consentSms,
      honeypotFilled: typeof v.website === 'string' && v.website.trim() !== '',
      ...(v.formToken ? { formToken: v.formToken } : {}),
    },
  };
};
