/**
 * AWS browser sign-in (Cognito managed login, code + PKCE): GET /admin/login and
 * GET /admin/callback against a mocked Cognito (token endpoint and JWKS through global fetch),
 * with RS256 tokens signed by a test key the way Cognito signs them.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOGIN_COOKIE } from '../../../../functions/auth/cognitoLogin.js';
import { reloadConfig } from '../../../../functions/config.js';
import { loadDefaultClinicProfile } from '../../../../functions/rendering/clinicProfile.js';

const ISSUER = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Test';
const CLIENT_ID = 'console-client-id';
const LOGIN_URL = 'https://carecast-test-staff.auth.us-west-2.amazoncognito.com';
const BASE = 'https://learn.example-clinic.org';
const SESSION = '__Host-carecast-staff';

const ENV = {
  CARECAST_MODE: 'aws',
  CARECAST_TABLE_NAME: 'carecast-test',
  CARECAST_PUBLIC_BASE_URL: BASE,
  CARECAST_FROM_ADDRESS: 'Clinic <education@mail.example-clinic.org>',
  CARECAST_SES_CONFIGURATION_SET: 'carecast-test',
  CARECAST_BOOKING_INBOX: 'appointments@example-clinic.org',
  CARECAST_CLINIC: JSON.stringify(loadDefaultClinicProfile()),
  CARECAST_STAFF_ISSUER: ISSUER,
  CARECAST_STAFF_AUDIENCE: CLIENT_ID,
  CARECAST_STAFF_LOGIN_URL: LOGIN_URL,
  CARECAST_RATE_LIMIT_PER_MINUTE: '1000',
};
const saved: Record<string, string | undefined> = {};
/** Imported once the environment is set: publicRoute reads the config when the module loads. */
let handler: (typeof import('../../../../functions/handlers/console/adminSignIn.js'))['handler'];

let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let jwks: { keys: object[] };
/** What the mocked token endpoint answers next, and every request it received. */
let tokenAnswer: () => Response;
const tokenRequests: URLSearchParams[] = [];

const idToken = async (claims: Record<string, unknown> = {}, opts: { issuer?: string; audience?: string; ttl?: number } = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ 'cognito:groups': ['staff'], 'cognito:username': 'ana', email: 'ana@example-clinic.org', token_use: 'id', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setIssuer(opts.issuer ?? ISSUER)
    .setAudience(opts.audience ?? CLIENT_ID)
    .setSubject(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.ttl ?? 3600))
    .sign(keys.privateKey);
};
const tokensResponse = (id_token: string) => () =>
  new Response(JSON.stringify({ id_token, access_token: 'opaque-for-test', token_type: 'Bearer', expires_in: 3600 }), { status: 200, headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  reloadConfig();
  ({ handler } = await import('../../../../functions/handlers/console/adminSignIn.js'));
  keys = await generateKeyPair('RS256');
  jwks = { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] };
});

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadConfig();
});

beforeEach(() => {
  tokenRequests.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url === `${ISSUER}/.well-known/jwks.json`) return new Response(JSON.stringify(jwks), { status: 200, headers: { 'content-type': 'application/json' } });
      if (url === `${LOGIN_URL}/oauth2/token` && init?.method === 'POST') {
        tokenRequests.push(new URLSearchParams(String(init.body)));
        return tokenAnswer();
      }
      return new Response('unexpected', { status: 599 });
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

const event = (routeKey: string, opts: { query?: Record<string, string>; cookies?: string[] } = {}): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1],
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    ...(opts.cookies ? { cookies: opts.cookies } : {}),
    headers: { host: 'learn.example-clinic.org' },
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: routeKey.split(' ')[1], sourceIp: '203.0.113.9', protocol: 'HTTP/1.1', userAgent: 'test' }, routeKey, requestId: randomUUID() },
  }) as unknown as APIGatewayProxyEventV2;

type Result = { statusCode: number; headers: Record<string, string>; cookies?: string[]; body: string };
const call = (e: APIGatewayProxyEventV2) => handler(e, { awsRequestId: randomUUID(), functionName: 'adminSignIn' } as Context) as Promise<Result>;
const allCookies = (r: Result) => [...(r.cookies ?? []), ...(r.headers['set-cookie'] ? [r.headers['set-cookie']] : [])];

/** Starts a sign-in: the authorize URL and the login cookie the browser would send back. */
const startSignIn = async () => {
  const r = await call(event('GET /admin/login'));
  const location = new URL(r.headers.location ?? '');
  const loginCookie = (r.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  return { r, location, loginCookie, state: location.searchParams.get('state') ?? '' };
};

describe('GET /admin/login (AWS)', () => {
  it('redirects to managed login with state and an S256 PKCE challenge kept in a short-lived HttpOnly Secure Lax cookie', async () => {
    const { r, location, loginCookie, state } = await startSignIn();

    expect(r.statusCode).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(`${LOGIN_URL}/oauth2/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${BASE}/admin/callback`,
      code_challenge_method: 'S256',
      scope: expect.stringContaining('openid'),
    });
    expect(state.length).toBeGreaterThanOrEqual(32);
    const cookie = r.headers['set-cookie'] ?? '';
    expect(cookie).toMatch(new RegExp(`^${LOGIN_COOKIE}=`));
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/', 'Max-Age=600']) expect(cookie).toContain(attr);
    const [cookieState, verifier] = loginCookie.slice(LOGIN_COOKIE.length + 1).split('.');
    expect(cookieState).toBe(state);
    expect(location.searchParams.get('code_challenge')).toBe(createHash('sha256').update(verifier ?? '').digest('base64url'));
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('uses a fresh state and verifier for every sign-in', async () => {
    const a = await startSignIn();
    const b = await startSignIn();
    expect(a.state).not.toBe(b.state);
    expect(a.loginCookie).not.toBe(b.loginCookie);
  });
});

describe('GET /admin/callback (AWS)', () => {
  it('redeems the code with the PKCE verifier, sets the session cookie and moves on to /admin', async () => {
    const { loginCookie, state } = await startSignIn();
    const token = await idToken({ 'cognito:groups': ['admin'] });
    tokenAnswer = tokensResponse(token);

    const r = await call(event('GET /admin/callback', { query: { code: 'the-code', state }, cookies: [loginCookie] }));

    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<meta http-equiv="refresh" content="0;url=/admin">');
    const session = allCookies(r).find((c) => c.startsWith(`${SESSION}=`)) ?? '';
    expect(session).toContain(`${SESSION}=${token};`);
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) expect(session).toContain(attr);
    expect(Number(/Max-Age=(\d+)/.exec(session)?.[1])).toBeGreaterThan(3500);
    expect(allCookies(r)).toContain(`${LOGIN_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`);
    expect(tokenRequests).toHaveLength(1);
    const [verifier] = loginCookie.split('.').slice(1);
    expect(Object.fromEntries(tokenRequests[0] ?? [])).toEqual({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: 'the-code',
      redirect_uri: `${BASE}/admin/callback`,
      code_verifier: verifier,
    });
  });

  it.each<{ case: string; query: Record<string, string>; withCookie: boolean }>([
    { case: 'a state that does not match the cookie', query: { code: 'c', state: 'forged' }, withCookie: true },
    { case: 'no login cookie (another browser)', query: { code: 'c', state: 'x' }, withCookie: false },
    { case: 'no state', query: { code: 'c' }, withCookie: true },
    { case: 'an error from Cognito', query: { error: 'access_denied', state: 'x' }, withCookie: true },
  ])('answers 400 with no session cookie and never calls Cognito for $case', async ({ query, withCookie }) => {
    const { loginCookie } = await startSignIn();
    tokenAnswer = tokensResponse(await idToken());

    const r = await call(event('GET /admin/callback', { query, ...(withCookie ? { cookies: [loginCookie] } : {}) }));

    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(allCookies(r).some((c) => c.startsWith(`${SESSION}=`))).toBe(false);
    expect(tokenRequests).toHaveLength(0);
  });

  it('answers 403 with no session cookie when the token is valid but in no staff group', async () => {
    const { loginCookie, state } = await startSignIn();
    tokenAnswer = tokensResponse(await idToken({ 'cognito:groups': ['patients'] }));

    const r = await call(event('GET /admin/callback', { query: { code: 'c', state }, cookies: [loginCookie] }));

    expect(r.statusCode).toBe(403);
    expect(allCookies(r).some((c) => c.startsWith(`${SESSION}=`))).toBe(false);
  });

  it.each([
    { case: 'another issuer', make: () => idToken({}, { issuer: 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Other' }) },
    { case: 'another app client', make: () => idToken({}, { audience: 'other-client' }) },
    { case: 'an expired token', make: () => idToken({}, { ttl: -600 }) },
  ])('answers 401 with no session cookie for $case', async ({ make }) => {
    const { loginCookie, state } = await startSignIn();
    tokenAnswer = tokensResponse(await make());

    const r = await call(event('GET /admin/callback', { query: { code: 'c', state }, cookies: [loginCookie] }));

    expect(r.statusCode).toBe(401);
    expect(allCookies(r).some((c) => c.startsWith(`${SESSION}=`))).toBe(false);
  });

  it('answers 401 when Cognito refuses the code (expired or reused)', async () => {
    const { loginCookie, state } = await startSignIn();
    tokenAnswer = () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'content-type': 'application/json' } });

    const r = await call(event('GET /admin/callback', { query: { code: 'c', state }, cookies: [loginCookie] }));

    expect(r.statusCode).toBe(401);
    expect(r.body).toContain('href="/admin/login"');
    expect(allCookies(r).some((c) => c.startsWith(`${SESSION}=`))).toBe(false);
  });
});
