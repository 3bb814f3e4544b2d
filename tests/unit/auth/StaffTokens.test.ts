/** The staff JWT checks the handlers make themselves (P9): issuer, audience, expiry, signature, groups. */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signLocalStaffToken, StaffTokenVerifier } from '../../../functions/auth/StaffTokens.js';
import { Forbidden } from '../../../functions/domain/core/errors.js';
import { Unauthenticated } from '../../../functions/http/httpErrors.js';

const key = randomBytes(32).toString('base64url');
const settings = { issuer: 'http://localhost:3000/local-staff', audience: 'console', localKey: key };
const verifier = new StaffTokenVerifier(settings);
const mint = (over: Partial<Parameters<typeof signLocalStaffToken>[0]> = {}) =>
  signLocalStaffToken({ key, issuer: settings.issuer, audience: settings.audience, username: 'ana', groups: ['staff'], ...over }).then((t) => t.token);

describe('StaffTokenVerifier', () => {
  it('returns the staff member and their highest role from a valid token', async () => {
    expect(await verifier.verify(await mint({ groups: ['staff', 'admin'], email: 'ana@clinic.example' }))).toEqual({ sub: 'local-ana', name: 'ana', role: 'admin', email: 'ana@clinic.example' });
    expect((await verifier.verify(await mint())).role).toBe('staff');
  });

  it('keeps the email only when the token says the pool verified it (test sends go to verified addresses only)', async () => {
    expect((await verifier.verify(await mint({ email: 'ana@clinic.example', emailVerified: false }))).email).toBeUndefined();
    expect((await verifier.verify(await mint({ email: 'ana@clinic.example', emailVerified: true }))).email).toBe('ana@clinic.example');
  });

  it.each([
    { case: 'expired', over: { issuedAt: new Date(Date.now() - 7200_000), ttlSeconds: 3600 } },
    { case: 'from another issuer', over: { issuer: 'https://evil.example' } },
    { case: 'for another audience', over: { audience: 'other-app' } },
    { case: 'signed with another key', over: { key: randomBytes(32).toString('base64url') } },
  ])('rejects a token $case as Unauthenticated', async ({ over }) => {
    await expect(verifier.verify(await mint(over))).rejects.toBeInstanceOf(Unauthenticated);
  });

  it('rejects garbage, a tampered payload and an unsigned token', async () => {
    const good = await mint();
    const [h, p, s] = good.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, 'cognito:groups': ['admin'] })).toString('base64url')}.${s}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    for (const bad of ['not.a.jwt', tampered, none, '']) await expect(verifier.verify(bad)).rejects.toBeInstanceOf(Unauthenticated);
  });

  it('accepts a Cognito-style access token whose client_id is the audience', async () => {
    const now = Math.floor(Date.now() / 1000);
    const access = await new SignJWT({ client_id: 'console', token_use: 'access', 'cognito:groups': ['admin'], username: 'bo' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(settings.issuer)
      .setSubject('abc')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(Buffer.from(key, 'base64url'));
    expect(await verifier.verify(access)).toMatchObject({ name: 'bo', role: 'admin' });
  });

  it('answers Forbidden to a valid token in no staff group', async () => {
    await expect(verifier.verify(await mint({ groups: ['patients'] }))).rejects.toBeInstanceOf(Forbidden);
  });

  it('lets nobody in when issuer, audience or keys are not configured', async () => {
    const token = await mint();
    await expect(new StaffTokenVerifier({ ...settings, audience: undefined as unknown as string }).verify(token)).rejects.toBeInstanceOf(Unauthenticated);
    await expect(new StaffTokenVerifier({ issuer: settings.issuer, audience: 'console' }).verify(token)).rejects.toBeInstanceOf(Unauthenticated);
  });
});
