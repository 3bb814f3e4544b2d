/**
 * The console's browser session: the staff JWT in an HttpOnly, SameSite=Strict cookie (Secure
 * and `__Host-` in AWS), and a CSRF token derived from it (a keyed hash of the session token),
 * which every form carries and every cookie-authenticated POST must echo. API clients send
 * `Authorization: Bearer` instead and need no CSRF token (no ambient credentials).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { headerOf } from './readBody.js';

export const sessionCookieName = (mode: 'aws' | 'local'): string => (mode === 'aws' ? '__Host-carecast-staff' : 'carecast-staff');

export const sessionCookie = (mode: 'aws' | 'local', token: string, maxAgeSeconds: number): string =>
  `${sessionCookieName(mode)}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${mode === 'aws' ? '; Secure' : ''}`;

export const clearedSessionCookie = (mode: 'aws' | 'local'): string => sessionCookie(mode, '', 0);

/** A cookie's value from API Gateway v2 `cookies` or a raw Cookie header (local mode). */
export const cookieOf = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const all = [...(event.cookies ?? []), ...(headerOf(event, 'cookie') ?? '').split(';')];
  for (const c of all) {
    const i = c.indexOf('=');
    if (i > 0 && c.slice(0, i).trim() === name) return c.slice(i + 1).trim();
  }
  return undefined;
};

export const bearerOf = (event: APIGatewayProxyEventV2): string | undefined => {
  const m = /^Bearer\s+(\S+)$/i.exec(headerOf(event, 'authorization') ?? '');
  return m?.[1];
};

/** The CSRF token of a session: only someone holding the session token can compute it. */
export const csrfTokenFor = (sessionToken: string): string => createHash('sha256').update(`carecast-csrf\u0000${sessionToken}`).digest('base64url');

export const csrfMatches = (sessionToken: string, given: string | undefined): boolean => {
  if (!given) return false;
  const a = Buffer.from(csrfTokenFor(sessionToken));
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};
