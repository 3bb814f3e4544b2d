/**
 * Helpers for staff console tests: mint local staff tokens (the same claims a Cognito ID token
 * carries), call the JSON API with a Bearer token, sign in through the form for a cookie
 * session, and read the CSRF token off a page. No assertions about product behaviour.
 */
import { DateTime } from 'luxon';
import { signLocalStaffToken } from '../../functions/auth/StaffTokens.js';
import { closedReason } from '../../functions/domain/scheduling/clinicCalendar.js';
import { loadDefaultClinicProfile } from '../../functions/rendering/clinicProfile.js';
import type { LocalStack } from '../../local/localStack.js';
import { nextTestIp } from './testStack.js';

export interface TokenOptions {
  groups?: string[];
  ttlSeconds?: number;
  issuedAt?: Date;
  issuer?: string;
  audience?: string;
  key?: string;
  username?: string;
  email?: string;
  /** The token's email_verified claim (default true). */
  emailVerified?: boolean;
}

export const staffToken = async (stack: LocalStack, o: TokenOptions = {}): Promise<string> =>
  (
    await signLocalStaffToken({
      key: o.key ?? stack.staff.signingKey,
      issuer: o.issuer ?? stack.staff.issuer,
      audience: o.audience ?? stack.staff.audience,
      username: o.username ?? 'tester',
      groups: o.groups ?? ['admin'],
      email: o.email ?? 'staff@carecast.local',
      emailVerified: o.emailVerified ?? true,
      ...(o.ttlSeconds !== undefined ? { ttlSeconds: o.ttlSeconds } : {}),
      ...(o.issuedAt ? { issuedAt: o.issuedAt } : {}),
    })
  ).token;

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export const api = async <T = any>(stack: LocalStack, token: string | undefined, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer<T>> => {
  const r = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: {
      'x-carecast-test-ip': nextTestIp(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // HTML or CSV
  }
  return { status: r.status, body: parsed as T, headers: r.headers };
};

/** Signs in through the local login form; returns the session cookie pair (`name=value`). */
export const signInWithForm = async (stack: LocalStack): Promise<string> => {
  const r = await fetch(`${stack.baseUrl}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl, 'x-carecast-test-ip': nextTestIp() },
    body: new URLSearchParams({ username: 'admin', password: stack.staff.created?.password ?? '' }).toString(),
  });
  const setCookie = r.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] ?? '';
};

/** GETs a console page with a cookie session; returns status, HTML and the page's CSRF token. */
export const page = async (stack: LocalStack, cookie: string, path: string) => {
  const r = await fetch(`${stack.baseUrl}${path}`, { headers: { cookie, 'x-carecast-test-ip': nextTestIp() }, redirect: 'manual' });
  const html = await r.text();
  return { status: r.status, html, headers: r.headers, csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
};

export const postForm = (stack: LocalStack, cookie: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl, 'x-carecast-test-ip': nextTestIp(), ...headers },
    body: new URLSearchParams(fields).toString(),
  });

/** A subscriber confirmed on email (signup + confirmation link), enrolled in the default sequence. */
export const confirmedEmailSubscriber = async (stack: LocalStack, over: Record<string, unknown> = {}) => {
  const { postJson, signupBody, confirmByEmail } = await import('./testStack.js');
  const body = signupBody(over);
  await postJson(stack, '/api/subscribe', body);
  await stack.settle();
  await confirmByEmail(stack, body.email as string);
  await stack.settle();
  return body as { email: string; language: string; timezone: string };
};

/** Advances simulated time to the next `hh:mm` in `zone` (the dispatcher runs on the way). */
export const advanceToLocal = async (stack: LocalStack, hhmm: string, zone = 'America/Los_Angeles') => {
  const { DateTime } = await import('luxon');
  const now = DateTime.fromJSDate(stack.clock.now(), { zone });
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  let target = now.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  if (target <= now) target = target.plus({ days: 1 });
  await stack.advance(`PT${Math.ceil(target.diff(now).as('seconds'))}S`);
};

/** A subscriber confirmed on SMS only (signup + YES reply). */
export const confirmedSmsSubscriber = async (stack: LocalStack, phone: string, timezone: string) => {
  const { postJson } = await import('./testStack.js');
  await postJson(stack, '/api/subscribe', { language: 'en', phone, consentSms: true, timezone });
  await stack.settle();
  await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' });
  await stack.settle();
};

/** The first day after `now` (clinic zone, yyyy-MM-dd) the shipped clinic calendar keeps open: broadcasts cannot start on a closed day. */
export const nextOpenDay = (now: Date): string => {
  const clinic = loadDefaultClinicProfile();
  let day = DateTime.fromJSDate(now, { zone: clinic.timezone }).plus({ days: 1 });
  while (closedReason(clinic.closedDays, day.toISODate() as string)) day = day.plus({ days: 1 });
  return day.toISODate() as string;
};
