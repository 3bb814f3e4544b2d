/**
 * The signup form's schema: validation and normalisation of what a patient submits (W7, P6).
 *
 * Unknown properties are refused (P6: no symptom fields sneak in). Addresses are normalised
 * before anything is stored or hashed; only addresses for consented channels are kept.
 */
import * as z from 'zod';
import { fieldErrorsOf } from '../core/fieldErrors.js';
import { canonicalPhone, typedEmail } from '../identity/AddressIdentity.js';
import { subscriberTimeZone } from '../identity/subscriberTimeZone.js';

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

/** The email as stored and shown (NFC, trimmed, Unicode domain); undefined when invalid. Identity: AddressIdentity. */
export const normaliseEmail = (raw: string): string | undefined => typedEmail(raw);

/** E.164 for a North American number (+1 only, S12), invisible characters and separators removed; undefined when invalid. */
export const normalisePhone = (raw: string): string | undefined => canonicalPhone(raw);

/**
 * The honeypot field (W2). Its name matches no autofill heuristic (not `website`, `url`,
 * `company`, `name`…), so identity autofill and password managers leave it empty.
 */
export const HONEYPOT_FIELD = 'hp_leave_empty';

export const SignupBody = z
  .object({
    firstName: optionalText(100),
    email: optionalText(254),
    phone: optionalText(32),
    language: z.enum(['en', 'es'], { error: 'Choose English or Español' }),
    timezone: optionalText(64),
    consentEmail: checkbox,
    consentSms: checkbox,
    /** The old honeypot name: pages already open still send it; identity autofill can fill it, so it is ignored. */
    website: z.string().max(500).optional(),
    [HONEYPOT_FIELD]: z.string().max(500).optional(),
    /** Signed render time of the form (W2 time trap). Required: a post without one answers form_expired (issue 12). */
    formToken: z.string().max(512).optional(),
  })
  .strict();

export interface SignupRequest {
  firstName?: string;
  email?: string;
  phone?: string;
  language: 'en' | 'es';
  timezone: string;
  /** Where the zone came from: the browser, the phone's area code, or the clinic (fallback). */
  timezoneSource: 'browser' | 'area-code' | 'clinic';
  smsZones?: string[];
  consentEmail: boolean;
  consentSms: boolean;
  honeypotFilled: boolean;
  formToken?: string;
}

export const DEFAULT_TIMEZONE = 'America/Los_Angeles';

/** Validates a parsed body; returns the normalised request or the per-field messages. */
export const readSignup = (body: unknown, clinicTimeZone: string = DEFAULT_TIMEZONE): { ok: true; value: SignupRequest } | { ok: false; fields: Record<string, string> } => {
  const parsed = SignupBody.safeParse(body);
  if (!parsed.success) return { ok: false, fields: fieldErrorsOf(parsed.error) };
  const fields: Record<string, string> = {};
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
  // An unusable browser zone (Etc/Unknown, PST8PDT, none) never fails a signup: the person cannot see or fix it.
  const zone = subscriberTimeZone(v.timezone, v.consentSms ? phone : undefined, clinicTimeZone);
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: {
      ...(v.firstName ? { firstName: v.firstName } : {}),
      ...(v.consentEmail && email ? { email } : {}),
      ...(v.consentSms && phone ? { phone } : {}),
      language: v.language,
      timezone: zone.zone,
      timezoneSource: zone.source,
      ...(zone.smsZones ? { smsZones: zone.smsZones } : {}),
      consentEmail: v.consentEmail,
      consentSms: v.consentSms,
      honeypotFilled: typeof v[HONEYPOT_FIELD] === 'string' && v[HONEYPOT_FIELD].trim() !== '',
      ...(v.formToken ? { formToken: v.formToken } : {}),
    },
  };
};
