/** Signed link tokens (W9, E4) and the compact click token that fits in a text (issue 5). */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenInvalid } from '../../../../functions/domain/core/errors.js';
import { LinkTokens, NO_STEP, stepRefOf } from '../../../../functions/domain/core/LinkTokens.js';

const SECRET = 'test-signing-secret-0123456789abcdefghijkl';
const tokens = new LinkTokens({ currentKeyId: 'k1', keys: { k1: SECRET } });
const T = new Date('2026-03-01T10:00:00Z');
const days = (n: number) => new Date(T.getTime() + n * 86_400_000);
const SUB = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';

const flipAt = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('unsubscribe tokens', () => {
  it('verify 31 days after they were minted (E4)', () => {
    const token = tokens.sign({ p: 'unsub', s: SUB, c: 'email' }, T);

    expect(tokens.verify(token, 'unsub', days(31))).toMatchObject({ p: 'unsub', s: SUB, c: 'email' });
  });

  it('live at least 365 days and then expire', () => {
    const token = tokens.sign({ p: 'unsub', s: SUB, c: 'email' }, T);

    expect(tokens.verify(token, 'unsub', days(365)).s).toBe(SUB);
    expect(() => tokens.verify(token, 'unsub', days(401))).toThrow(TokenInvalid);
  });

  it.each([
    { case: 'a flipped payload byte', make: (t: string) => flipAt(t, 8) },
    { case: 'a flipped MAC byte', make: (t: string) => flipAt(t, t.length - 2) },
    { case: 'an unknown key id', make: (t: string) => `k2${t.slice(2)}` },
    { case: 'a missing part', make: (t: string) => t.split('.').slice(0, 2).join('.') },
    { case: 'a key of another deployment', make: () => new LinkTokens({ currentKeyId: 'k1', keys: { k1: 'another-secret-0123456789abcdefghijklmn' } }).sign({ p: 'unsub', s: SUB, c: 'email' }, T) },
  ])('are refused with $case, with the same generic error', ({ make }) => {
    const token = make(tokens.sign({ p: 'unsub', s: SUB, c: 'email' }, T));

    expect(() => tokens.verify(token, 'unsub', T)).toThrow(new TokenInvalid());
  });

  it('are refused for another purpose', () => {
    const confirm = tokens.sign({ p: 'confirm', s: SUB, c: 'email' }, T);

    expect(() => tokens.verify(confirm, 'unsub', T)).toThrow(TokenInvalid);
  });
});

describe('click tokens', () => {
  const claims = { subscriberId: SUB, stepRef: stepRefOf('cervical-dystonia', 'consultation-invite-sms'), channel: 'sms' as const, target: 'book' as const };

  it('fit in a text: at most 60 characters, URL-safe', () => {
    const token = tokens.signClick(claims, T);

    expect(token.length).toBeLessThanOrEqual(60);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it('name the subscriber, the step, the channel and the target', () => {
    const token = tokens.signClick(claims, T);

    expect(tokens.verifyClick(token, days(30))).toEqual({ ...claims, issuedAt: T.getTime() / 1000, expiresAt: T.getTime() / 1000 + 400 * 86_400 });
  });

  it('expire after their lifetime', () => {
    const token = tokens.signClick(claims, T);

    expect(() => tokens.verifyClick(token, days(401))).toThrow(TokenInvalid);
  });

  it('are refused when any character is altered', () => {
    const token = tokens.signClick(claims, T);

    for (let i = 3; i < token.length; i++) {
      const altered = flipAt(token, i);
      if (altered === token) continue;
      expect(() => tokens.verifyClick(altered, T), `position ${i}`).toThrow(TokenInvalid);
    }
  });

  it('are not accepted as unsubscribe tokens, nor unsubscribe tokens as clicks', () => {
    const click = tokens.signClick(claims, T);
    const unsub = tokens.sign({ p: 'unsub', s: SUB, c: 'email' }, T);

    expect(() => tokens.verify(click, 'unsub', T)).toThrow(TokenInvalid);
    expect(() => tokens.verifyClick(unsub, T)).toThrow(TokenInvalid);
  });

  it('fall back to the long format for a subscriber id that is not a UUID, and still verify', () => {
    const token = tokens.signClick({ ...claims, subscriberId: 'legacy-42' }, T);

    expect(tokens.verifyClick(token, T)).toMatchObject({ subscriberId: 'legacy-42', stepRef: claims.stepRef, channel: 'sms', target: 'book' });
  });

  it('report a target code that is not on the list as an unlisted id, for the allow-list to refuse', () => {
    // Built by hand with the real key, as someone holding it could: code 99 is on no list.
    const payload = Buffer.alloc(26);
    payload.writeUInt8(0x11, 0);
    Buffer.from(SUB.replace(/-/g, ''), 'hex').copy(payload, 1);
    Buffer.from(claims.stepRef, 'hex').copy(payload, 17);
    payload.writeUInt8(99, 21);
    payload.writeUInt32BE(T.getTime() / 1000, 22);
    const mac = createHmac('sha256', SECRET).update(Buffer.concat([Buffer.from('click\u0000k1\u0000'), payload])).digest().subarray(0, 16);

    const verified = tokens.verifyClick(`k1.${Buffer.concat([payload, mac]).toString('base64url')}`, T);

    expect(verified.target).toBe('code-99');
  });

  it('refuse to sign a target that is not listed', () => {
    expect(() => tokens.signClick({ ...claims, target: 'evil' as 'book' }, T)).toThrow();
  });

  it('keep verifying after the signing key rotates (W9)', () => {
    const token = tokens.signClick(claims, T);
    const rotated = new LinkTokens({ currentKeyId: 'k2', keys: { k1: SECRET, k2: 'the-next-secret-0123456789abcdefghijklmn' } });

    expect(rotated.verifyClick(token, T).subscriberId).toBe(SUB);
    expect(rotated.signClick(claims, T).startsWith('k2.')).toBe(true);
  });
});

describe('step references', () => {
  it('are 8 hex characters, stable and distinct per step', () => {
    const a = stepRefOf('cervical-dystonia', 'welcome');

    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(stepRefOf('cervical-dystonia', 'welcome')).toBe(a);
    expect(stepRefOf('cervical-dystonia', 'welcome-sms')).not.toBe(a);
    expect(stepRefOf(undefined, undefined)).toBe(NO_STEP);
  });
});
