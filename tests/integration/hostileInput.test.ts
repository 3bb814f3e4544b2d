/**
 * Hostile input (issue 8; W5, W7, W8, W9, W11, E4, P5, P6): fast-check throws arbitrary JSON,
 * form and multipart bodies, raw bytes, headers, cookies, bearer tokens and path parameters at
 * every deployed route, and forged, truncated, expired, re-signed and swapped link tokens at the
 * token routes. Never a 5xx, never a write on a 4xx, never an internal detail in the answer.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadConfig } from '../../functions/config.js';
import { deployedRoutes } from '../../functions/contract/routes.js';
import { LinkTokens, stepRefOf, TOKEN_LIFETIME_SECONDS } from '../../functions/domain/core/LinkTokens.js';
import { htmlPage } from '../../functions/http/responses.js';
import { publicRoute } from '../../functions/middleware/publicRoute.js';
import { staffRoute } from '../../functions/middleware/staffRoute.js';
import { setRuntimeOverrides } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { hostileRequest, INTERNAL_DETAIL, send, tableSnapshot } from '../support/hostileRequests.js';
import { confirmedSubscriber, type TestSubscriber } from '../support/recipientActions.js';
import { page, signInWithForm, staffToken } from '../support/staffConsole.js';
import { nextTestIp, startTestStack } from '../support/testStack.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

const OLD_KEY = randomBytes(32).toString('base64url');
const NEW_KEY = randomBytes(32).toString('base64url');
const HASH_KEY = randomBytes(32).toString('base64url');
const secrets = (keys: Record<string, string>) => JSON.stringify({ signingKeys: keys, addressHashKey: HASH_KEY });
/** Signs as the product would with key `kid` (the test knows the keys; the stack only verifies). */
const signer = (kid: 'k0' | 'k1' | 'k9') => new LinkTokens({ currentKeyId: kid, keys: { k0: OLD_KEY, k1: NEW_KEY, k9: randomBytes(32).toString('base64url') } });

let stack: LocalStack;
let alice: TestSubscriber;
let adminBearer: string;

beforeAll(async () => {
  // k1 signs new links; k0 is the retired key, still accepted (W9 rotation).
  stack = await startTestStack({ CARECAST_SIGNING_KEYS: secrets({ k0: OLD_KEY, k1: NEW_KEY }), CARECAST_SIGNING_KEY_ID: 'k1' });
  alice = await confirmedSubscriber(stack, { sms: true });
  adminBearer = await staffToken(stack, { groups: ['admin'] });
}, LOAD_BOUND_MS);
afterAll(async () => {
  await stack?.stop();
});

/** Sends one request and checks the three promises; returns the answer for further checks. */
const expectHarmless = async (r: Parameters<typeof send>[1]) => {
  await stack.settle();
  const before = await tableSnapshot(stack);
  const answer = await send(stack, r);
  expect(answer.status, `${r.method} ${r.path}`).toBeLessThan(500);
  expect(answer.body, `${r.method} ${r.path}`).not.toMatch(INTERNAL_DETAIL);
  if (answer.status >= 400) {
    await stack.settle();
    expect(await tableSnapshot(stack), `${r.method} ${r.path} answered ${answer.status} but wrote`).toBe(before);
  }
  return answer;
};

describe('every deployed route under hostile input', () => {
  it('never answers 5xx, never leaks internals, never writes on a 4xx (W5, W7, W8, P5, P6)', async () => {
    expect(deployedRoutes.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...deployedRoutes).chain((route) => hostileRequest(route, stack.baseUrl, adminBearer)),
        async (r) => {
          await expectHarmless(r);
        },
      ),
      { numRuns: 350 },
    );
  }, LOAD_BOUND_MS);
});

type TokenRoute = 'confirm' | 'one-click' | 'preferences' | 'click';
const now = () => stack.clock.now();
const validToken = (route: TokenRoute, kid: 'k0' | 'k1' | 'k9' = 'k1', at: Date = now()): string => {
  const t = signer(kid);
  if (route === 'confirm') return t.sign({ p: 'confirm', s: alice.subscriberId, c: 'email' }, at);
  if (route === 'click') return t.signClick({ subscriberId: alice.subscriberId, stepRef: stepRefOf('cervical-dystonia', 'welcome'), channel: 'email', target: 'book' }, at);
  return t.sign({ p: 'unsub', s: alice.subscriberId, c: 'email', q: 'cervical-dystonia', k: 'welcome' }, at);
};
const requestFor = (route: TokenRoute, token: string) => {
  const headers = { 'x-carecast-test-ip': nextTestIp() };
  const t = encodeURIComponent(token);
  if (route === 'confirm') return { method: 'GET' as const, path: `/api/confirm?token=${t}`, headers };
  if (route === 'click') return { method: 'GET' as const, path: `/c/${t}`, headers };
  if (route === 'preferences') return { method: 'GET' as const, path: `/u/${t}`, headers };
  return { method: 'POST' as const, path: `/u/${t}`, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' };
};
const LIFETIME: Record<TokenRoute, number> = {
  confirm: TOKEN_LIFETIME_SECONDS.confirm,
  'one-click': TOKEN_LIFETIME_SECONDS.unsub,
  preferences: TOKEN_LIFETIME_SECONDS.unsub,
  click: TOKEN_LIFETIME_SECONDS.click,
};
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Every way a token can be wrong, each built from valid tokens so only one thing differs. */
const tampered = (route: TokenRoute): fc.Arbitrary<{ how: string; token: string }> => {
  const other: TokenRoute = route === 'confirm' ? 'preferences' : 'confirm';
  return fc.oneof(
    fc.nat().map((n) => {
      const t = validToken(route);
      // At least one character: an empty token is a missing path segment (another route), not a truncated one.
      return { how: 'truncated', token: t.slice(0, 1 + (n % (t.length - 1))) };
    }),
    fc.tuple(fc.nat(), fc.nat(63)).map(([at, c]) => {
      const t = validToken(route);
      const i = at % t.length;
      const swap = B64URL[c] === t[i] ? B64URL[(c + 1) % 64] : B64URL[c];
      return { how: `byte ${i} changed`, token: `${t.slice(0, i)}${swap}${t.slice(i + 1)}` };
    }),
    fc.constant(null).map(() => ({ how: 'expired', token: validToken(route, 'k1', new Date(now().getTime() - (LIFETIME[route] + 60) * 1000)) })),
    fc.constant(null).map(() => ({ how: 'signed with a key that is not configured', token: validToken(route, 'k9') })),
    fc.constant(null).map(() => ({ how: `a ${other} token at the ${route} route`, token: validToken(other) })),
    fc.constantFrom(1, 2).map((part) => {
      // Swap the payload or the MAC with the same part of another valid token.
      const a = validToken(route).split('.');
      const b = (route === 'click' ? signer('k1').sign({ p: 'click', s: alice.subscriberId, c: 'email:00000000', t: '2' }, now()) : validToken(other)).split('.');
      const parts = [...a];
      if (part < parts.length) parts[part] = b[part] ?? '';
      else parts.push(b[part] ?? '');
      return { how: `part ${part} swapped`, token: parts.join('.') };
    }),
    fc.constant(null).map(() => {
      // The same payload and MAC under the other key id: the kid is covered by the MAC.
      const [, ...rest] = validToken(route, 'k1').split('.');
      return { how: 'kid swapped', token: ['k0', ...rest].join('.') };
    }),
  );
};

describe('link tokens through HTTP (W9, E4)', () => {
  it.each<{ route: TokenRoute; ok: number }>([
    { route: 'confirm', ok: 200 },
    { route: 'preferences', ok: 200 },
    { route: 'click', ok: 302 },
  ])('accepts a valid $route token, and one signed with the retired key while it is configured', async ({ route, ok }) => {
    expect((await send(stack, requestFor(route, validToken(route)))).status).toBe(ok);
    expect((await send(stack, requestFor(route, validToken(route, 'k0')))).status).toBe(ok);
  });

  it.each<TokenRoute>(['confirm', 'one-click', 'preferences', 'click'])(
    'refuses forged, truncated, expired and swapped %s tokens with one generic answer and no write',
    async (route) => {
      const generic = await send(stack, requestFor(route, 'not-a-token'));
      expect(generic.status).toBe(400);
      await fc.assert(
        fc.asyncProperty(tampered(route), async ({ how, token }) => {
          const answer = await expectHarmless(requestFor(route, token));
          expect(answer.status, how).toBe(400);
          // W9: the answer never says what was wrong with the token.
          expect(answer.body, how).toBe(generic.body);
        }),
        { numRuns: 40 },
      );
    },
    60_000,
  );

  it('unsubscribes with a link signed by the retired key, and refuses it once the key is removed (rotation)', async () => {
    // Prepare: a retired-key link that still works...
    const other = await confirmedSubscriber(stack);
    const oldLink = signer('k0').sign({ p: 'unsub', s: other.subscriberId, c: 'email' }, now());
    expect((await send(stack, requestFor('preferences', oldLink))).status).toBe(200);

    // Act: the operator removes k0 (docs/operations.md: only after every link signed with it has expired).
    process.env.CARECAST_SIGNING_KEYS = secrets({ k1: NEW_KEY });
    reloadConfig();
    setRuntimeOverrides({ queue: stack.queue, clock: stack.clock });
    try {
      // Assess: the old link is refused and changes nothing; links signed with k1 still work.
      const refused = await expectHarmless(requestFor('one-click', oldLink));
      expect(refused.status).toBe(400);
      expect((await send(stack, requestFor('preferences', signer('k1').sign({ p: 'unsub', s: other.subscriberId, c: 'email' }, now())))).status).toBe(200);
    } finally {
      process.env.CARECAST_SIGNING_KEYS = secrets({ k0: OLD_KEY, k1: NEW_KEY });
      reloadConfig();
      setRuntimeOverrides({ queue: stack.queue, clock: stack.clock });
    }
  });
});

describe('security headers (W11, P10)', () => {
  it('sends CSP with frame-ancestors none, nosniff and a referrer policy on every page and answer', async () => {
    const paths = ['/', '/terms', '/privacy', '/book', `/u/${validToken('preferences')}`, '/u/bad', '/api/confirm?token=bad', '/c/bad', '/no-such-page'];
    for (const path of paths) {
      const r = await send(stack, { method: 'GET', path, headers: { 'x-carecast-test-ip': nextTestIp() } });
      if (r.status === 404 && path === '/no-such-page') continue; // the gateway's own 404, no page
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).not.toMatch(/https?:\/\//);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), path).toMatch(/^(same-origin|no-referrer|strict-origin)/);
      // Plain http in local mode: HSTS would be meaningless there (AWS only).
      expect(r.headers.get('strict-transport-security'), path).toBeNull();
    }
    const api = await send(stack, { method: 'POST', path: '/api/subscribe', headers: { 'content-type': 'application/json', 'x-carecast-test-ip': nextTestIp() }, body: '{' });
    expect(api.status).toBe(400);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('adds HSTS in AWS mode, to answers and to error answers alike', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { CARECAST_MODE: 'aws', CARECAST_PUBLIC_BASE_URL: 'https://clinic.example', CARECAST_ORIGIN_VERIFY: 'o'.repeat(48) });
    delete process.env.CARECAST_STAFF_LOCAL_KEY;
    reloadConfig();
    try {
      const event = { headers: {}, routeKey: 'GET /admin', requestContext: { http: { method: 'GET', sourceIp: '10.9.9.9' } }, rawPath: '/' } as unknown as APIGatewayProxyEventV2;
      const ok = await publicRoute(async () => htmlPage(200, '<p>ok</p>'))(event, {} as Context);
      const failed = await publicRoute(async () => {
        throw new Error('boom');
      })(event, {} as Context);
      const signedOut = await staffRoute(async () => htmlPage(200, '<p>console</p>'))(event, {} as Context);
      expect(signedOut.statusCode).toBe(401);
      for (const r of [ok, failed, signedOut]) {
        expect(r.headers['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains/);
        expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      }
      expect(failed.statusCode).toBe(500);
      expect(failed.body).not.toMatch(INTERNAL_DETAIL);
      expect(failed.body).not.toContain('boom');
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      reloadConfig();
    }
  });
});

describe('staff console forms (W5, P9)', () => {
  const formRoutes = deployedRoutes.filter((r) => r.method === 'POST' && r.path.startsWith('/admin/'));

  it('refuses every cookie-authenticated form POST without the session CSRF token, or from another origin, and writes nothing', async () => {
    expect(formRoutes.length).toBeGreaterThan(5);
    const cookie = await signInWithForm(stack);
    const { csrf } = await page(stack, cookie, '/admin');
    expect(csrf).not.toBe('');
    const otherSession = (await page(stack, await signInWithForm(stack), '/admin')).csrf;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...formRoutes),
        fc.constantFrom<'none' | 'forged' | 'another session' | 'foreign origin'>('none', 'forged', 'another session', 'foreign origin'),
        fc.string({ maxLength: 43 }),
        fc.dictionary(fc.constantFrom('version', 'definition', 'audience', 'template', 'startAt', 'openFrom', 'query', 'confirm', 'channel'), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
        async (route, attack, forged, fields) => {
          const path = route.path.replace('{id}', 'cervical-dystonia');
          const token = attack === 'forged' ? forged : attack === 'another session' ? otherSession : attack === 'foreign origin' ? csrf : undefined;
          const answer = await expectHarmless({
            method: 'POST',
            path,
            headers: {
              cookie,
              'content-type': 'application/x-www-form-urlencoded',
              origin: attack === 'foreign origin' ? 'https://evil.example' : stack.baseUrl,
              'x-carecast-test-ip': nextTestIp(),
            },
            body: new URLSearchParams({ ...fields, ...(token !== undefined ? { _csrf: token } : {}) }).toString(),
          });
          expect(answer.status, `${attack} ${path}`).toBe(403);
        },
      ),
      { numRuns: 60 },
    );
  }, LOAD_BOUND_MS);
});
