/**
 * AWS browser sign-in for the staff console: Cognito managed login with the OAuth 2.0
 * authorization code grant and PKCE (RFC 7636), for a public app client (no secret).
 *
 * `GET /admin/login` keeps a random `state` and PKCE verifier in a short-lived HttpOnly, Secure,
 * SameSite=Lax cookie (Lax: it must come back on Cognito's cross-site redirect to the callback)
 * and redirects to `<domain>/oauth2/authorize`. `GET /admin/callback` requires the `state` to
 * match the cookie, redeems the code with the verifier at `<domain>/oauth2/token`, and the handler
 * then checks the ID token with the same StaffTokenVerifier every staff route uses.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Unauthenticated } from '../http/httpErrors.js';
import { cookieOf } from '../http/staffSession.js';

export interface CognitoLoginSettings {
  /** The user pool domain's base URL, e.g. https://carecast-staff.auth.us-west-2.amazoncognito.com */
  loginUrl: string;
  clientId: string;
  callbackUrl: string;
  /** Only for a confidential client; the console's client has none. */
  clientSecret?: string;
  timeoutMs: number;
}

/** The login transaction cookie; `__Host-` so no subdomain can plant one. */
export const LOGIN_COOKIE = '__Host-carecast-login';
const LOGIN_TTL_SECONDS = 600;
export const SCOPES = 'openid email profile';

const random = (): string => randomBytes(32).toString('base64url');
export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export interface LoginStart {
  location: string;
  cookie: string;
}

/** Where to send the browser, and the cookie that remembers state and verifier. */
export const startLogin = (s: CognitoLoginSettings): LoginStart => {
  const state = random();
  const verifier = random();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: s.clientId,
    redirect_uri: s.callbackUrl,
    scope: SCOPES,
    state,
    code_challenge: pkceChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return {
    location: `${s.loginUrl}/oauth2/authorize?${query}`,
    cookie: `${LOGIN_COOKIE}=${state}.${verifier}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${LOGIN_TTL_SECONDS}`,
  };
};

export const clearedLoginCookie = `${LOGIN_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The code and PKCE verifier of a callback whose `state` matches the cookie; undefined otherwise. */
export const checkCallback = (event: APIGatewayProxyEventV2): { code: string; verifier: string } | undefined => {
  const q = event.queryStringParameters ?? {};
  const [state, verifier, ...rest] = (cookieOf(event, LOGIN_COOKIE) ?? '').split('.');
  if (!state || !verifier || rest.length > 0 || !q.state || !q.code || q.code.length > 2048) return undefined;
  return sameText(state, q.state) ? { code: q.code, verifier } : undefined;
};

/** Redeems an authorization code at the token endpoint; the ID token, or Unauthenticated. */
export const redeemCode = async (s: CognitoLoginSettings, code: string, verifier: string): Promise<string> => {
  const body = new URLSearchParams({ grant_type: 'authorization_code', client_id: s.clientId, code, redirect_uri: s.callbackUrl, code_verifier: verifier });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (s.clientSecret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(s.clientId)}:${encodeURIComponent(s.clientSecret)}`).toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(`${s.loginUrl}/oauth2/token`, { method: 'POST', headers, body, signal: AbortSignal.timeout(s.timeoutMs), redirect: 'error' });
  } catch {
    throw new Unauthenticated();
  }
  // An expired, reused or foreign code is invalid_grant (400): the sign-in has to start again.
  if (!res.ok) throw new Unauthenticated();
  const tokens = (await res.json().catch(() => ({}))) as { id_token?: unknown };
  if (typeof tokens.id_token !== 'string') throw new Unauthenticated();
  return tokens.id_token;
};

/** Seconds until a JWT's `exp` (already verified), at least 0. */
export const secondsLeft = (token: string, nowMs = Date.now()): number => {
  const exp = Number(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).exp);
  return Math.max(0, Math.floor(exp - nowMs / 1000));
};

/** Cognito's /logout: ends the managed-login session too, then returns to `logoutUri` (registered on the client). */
export const logoutLocation = (loginUrl: string, clientId: string, logoutUri: string): string =>
  `${loginUrl}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: logoutUri })}`;

/** Where sign-out leads: local mode's sign-in form, else Cognito's /logout (ends the managed-login session too) back to the site. */
export const staffLogoutLocation = (cfg: { mode: 'aws' | 'local'; publicBaseUrl: string; staff: { loginUrl?: string; clientId?: string } }): string => {
  if (cfg.mode === 'local') return '/admin/login';
  return cfg.staff.loginUrl && cfg.staff.clientId ? logoutLocation(cfg.staff.loginUrl, cfg.staff.clientId, `${cfg.publicBaseUrl}/`) : '/';
};
