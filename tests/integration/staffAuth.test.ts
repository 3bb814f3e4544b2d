/**
 * Staff console access (P9, W5, W11): every staff route checks the JWT itself (issuer,
 * audience, expiry, signature, cognito:groups), the role each route needs comes from
 * routes.ts, cookie sessions need the CSRF token and an allowed Origin, and every change is
 * written to the append-only audit log.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/contract/routes.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { api, page, postForm, signInWithForm, staffToken } from '../support/staffConsole.js';
import { itemsOfType, nextTestIp, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const SEQ = 'cervical-dystonia';

describe('staff authentication and roles', () => {
  it('answers 401 to every staff route without a token, API and pages alike', async () => {
    // Prepare
    const staffRoutes = routes.filter((r) => r.auth !== 'public');
    expect(staffRoutes.length).toBeGreaterThan(30);

    // Act
    const answers = await Promise.all(
      staffRoutes.map(async (r) => {
        const path = r.path.replace('{id}', SEQ).replace('{version}', '1');
        const res = await fetch(`${stack.baseUrl}${path}`, { method: r.method, headers: { 'x-carecast-test-ip': nextTestIp() }, redirect: 'manual' });
        return { key: `${r.method} ${r.path}`, status: res.status };
      }),
    );

    // Assess
    expect(answers.filter((a) => a.status !== 401)).toEqual([]);
  });

  it.each([
    { case: 'an expired token', over: { issuedAt: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 3600 } },
    { case: 'another issuer', over: { issuer: 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_evil' } },
    { case: 'another audience', over: { audience: 'someone-elses-app' } },
    { case: 'a token signed with another key', over: { key: randomBytes(32).toString('base64url') } },
  ])('refuses $case with 401', async ({ over }) => {
    const token = await staffToken(stack, over);
    const r = await api(stack, token, 'GET', '/api/admin/sequences');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });

  it('refuses an unsigned (alg none) token with 401', async () => {
    const good = await staffToken(stack);
    const [, payload] = good.split('.');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect((await api(stack, unsigned, 'GET', '/api/admin/sequences')).status).toBe(401);
  });

  it('answers 403 to a valid token that is in no staff group', async () => {
    const token = await staffToken(stack, { groups: ['patients'] });
    const r = await api(stack, token, 'GET', '/api/admin/sequences');
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
  });

  it('lets the staff group read but answers 403 on admin-only actions, changing nothing', async () => {
    const token = await staffToken(stack, { groups: ['staff'] });
    expect((await api(stack, token, 'GET', '/api/admin/sequences')).status).toBe(200);

    const pause = await api(stack, token, 'POST', `/api/admin/sequences/${SEQ}/pause`);
    expect(pause.status).toBe(403);
    expect((await api(stack, token, 'GET', '/api/admin/audit')).status).toBe(403);
    const head = await api(stack, await staffToken(stack), 'GET', `/api/admin/sequences/${SEQ}`);
    expect(head.body.head.paused).toBe(false);
  });

  it('issues a local token for the printed credentials and refuses a wrong password with 401', async () => {
    const bad = await api(stack, undefined, 'POST', '/api/admin/login', { username: 'admin', password: 'not-it' });
    expect(bad.status).toBe(401);

    const good = await api(stack, undefined, 'POST', '/api/admin/login', { username: 'admin', password: stack.staff.created?.password });
    expect(good.status).toBe(200);
    expect(good.body.tokenType).toBe('Bearer');
    const claims = JSON.parse(Buffer.from(good.body.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: stack.staff.issuer, aud: stack.staff.audience, 'cognito:groups': ['admin'], token_use: 'id' });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
    expect((await api(stack, good.body.token, 'GET', '/api/admin/sequences')).status).toBe(200);
  });
});

describe('browser sessions', () => {
  it('keeps the session in an HttpOnly, SameSite=Strict cookie and serves pages with a strict CSP (W11)', async () => {
    const r = await fetch(`${stack.baseUrl}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl, 'x-carecast-test-ip': nextTestIp() },
      body: new URLSearchParams({ username: 'admin', password: stack.staff.created?.password ?? '' }).toString(),
    });
    expect(r.status).toBe(303);
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^carecast-staff=ey/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const home = await page(stack, cookie.split(';')[0] as string, '/admin');
    expect(home.status).toBe(200);
    const csp = home.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a cookie POST without the CSRF token, or from another origin, with 403', async () => {
    const cookie = await signInWithForm(stack);
    const { csrf } = await page(stack, cookie, `/admin/sequences/${SEQ}`);
    expect(csrf).not.toBe('');

    const noToken = await postForm(stack, cookie, `/admin/sequences/${SEQ}/pause`, {});
    const wrongToken = await postForm(stack, cookie, `/admin/sequences/${SEQ}/pause`, { _csrf: `${csrf.slice(0, -2)}xx` });
    const foreign = await postForm(stack, cookie, `/admin/sequences/${SEQ}/pause`, { _csrf: csrf }, { origin: 'https://evil.example' });
    expect([noToken.status, wrongToken.status, foreign.status]).toEqual([403, 403, 403]);
    expect((await api(stack, await staffToken(stack), 'GET', `/api/admin/sequences/${SEQ}`)).body.head.paused).toBe(false);

    const ok = await postForm(stack, cookie, `/admin/sequences/${SEQ}/pause`, { _csrf: csrf });
    expect(ok.status).toBe(303);
    expect((await api(stack, await staffToken(stack), 'GET', `/api/admin/sequences/${SEQ}`)).body.head.paused).toBe(true);
    await api(stack, await staffToken(stack), 'POST', `/api/admin/sequences/${SEQ}/resume`);
  });

  it('serves Chart.js and the chart script from its own origin, and nothing else under /admin/assets', async () => {
    const chart = await fetch(`${stack.baseUrl}/admin/assets/chart.umd.min.js`);
    const script = await fetch(`${stack.baseUrl}/admin/assets/console.js`);
    const other = await fetch(`${stack.baseUrl}/admin/assets/..%2Fpackage.json`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await chart.text()).toMatch(/Chart\.js v4/);
    expect(await script.text()).toContain("getElementById('results-data')");
    expect(other.status).toBe(404);
  });

  it('signs out by clearing the cookie', async () => {
    const cookie = await signInWithForm(stack);
    const { csrf } = await page(stack, cookie, '/admin');
    const r = await postForm(stack, cookie, '/admin/logout', { _csrf: csrf });
    expect(r.status).toBe(303);
    expect(r.headers.get('set-cookie')).toMatch(/^carecast-staff=; .*Max-Age=0/);
  });
});

describe('audit log (P9)', () => {
  it('writes who, what, when, before and after for a change', async () => {
    // Prepare
    const token = await staffToken(stack, { username: 'dr-audit' });
    const before = (await itemsOfType(stack, 'audit')).length;

    // Act
    await api(stack, token, 'POST', `/api/admin/sequences/${SEQ}/pause`);
    await api(stack, token, 'POST', `/api/admin/sequences/${SEQ}/resume`);

    // Assess
    const rows = (await itemsOfType(stack, 'audit')).filter((r) => (r.actor as { name: string }).name === 'dr-audit');
    expect(rows.length).toBe(2);
    const pause = rows.find((r) => r.action === 'sequence.pause');
    expect(pause).toMatchObject({ target: `sequence:${SEQ}`, before: { paused: false }, after: { paused: true } });
    expect(Date.parse(pause?.at as string)).not.toBeNaN();
    expect((await itemsOfType(stack, 'audit')).length).toBe(before + 2);
    const listed = await api(stack, token, 'GET', '/api/admin/audit');
    expect(listed.body.map((e: { action: string }) => e.action).slice(0, 2)).toEqual(['sequence.resume', 'sequence.pause']);
  });

  it('never overwrites an audit row (append-only)', async () => {
    const store = (await domainContext()).store;
    const entry = { auditId: 'fixed-id', at: '2030-01-01T00:00:00.000Z', actor: { sub: 's', name: 'n' }, action: 'x', target: 'y', after: { v: 1 } };
    await store.appendAudit(entry);
    await expect(store.appendAudit({ ...entry, after: { v: 2 } })).rejects.toThrow();
    const row = (await itemsOfType(stack, 'audit')).find((r) => r.auditId === 'fixed-id');
    expect(row?.after).toEqual({ v: 1 });
  });
});
