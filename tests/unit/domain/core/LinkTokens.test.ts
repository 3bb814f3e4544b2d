import { describe, expect, it } from 'vitest';
import { TokenInvalid } from '../../../../functions/domain/core/errors.js';
import { LinkTokens } from '../../../../functions/domain/core/LinkTokens.js';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const T0 = new Date('2026-11-25T12:00:00Z');
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);
const keysV1 = { currentKeyId: 'k1', keys: { k1: 'a'.repeat(43) } };
const keysV2 = { currentKeyId: 'k2', keys: { k1: 'a'.repeat(43), k2: 'b'.repeat(43) } };

describe('signed link tokens (W9)', () => {
  const tokens = new LinkTokens(keysV1);

  it('round-trips its claims', () => {
    const t = tokens.sign({ p: 'unsub', s: 'sub-1', c: 'email' }, T0);
    expect(tokens.verify(t, 'unsub', T0)).toMatchObject({ p: 'unsub', s: 'sub-1', c: 'email' });
  });

  it('lets an unsubscribe link work at least 365 days after sending (E4)', () => {
    const t = tokens.sign({ p: 'unsub', s: 'sub-1', c: 'email' }, T0);
    expect(tokens.verify(t, 'unsub', days(31)).s).toBe('sub-1');
    expect(tokens.verify(t, 'unsub', days(365)).s).toBe('sub-1');
  });

  it('expires a confirmation link after 72 hours', () => {
    const t = tokens.sign({ p: 'confirm', s: 'sub-1', c: 'email' }, T0);
    expect(tokens.verify(t, 'confirm', new Date(T0.getTime() + 71 * 3600_000)).s).toBe('sub-1');
    expect(() => tokens.verify(t, 'confirm', new Date(T0.getTime() + 72 * 3600_000))).toThrow(TokenInvalid);
  });

  const good = tokens.sign({ p: 'unsub', s: 'sub-1', c: 'email' }, T0);
  const [kid, payload, mac] = good.split('.') as [string, string, string];
  const reencode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());

  it.each([
    { case: 'a flipped byte in the MAC', token: `${kid}.${payload}.${mac.slice(0, -2)}${mac.endsWith('A') ? 'B' : 'A'}${mac.slice(-1)}` },
    { case: 'a truncated token', token: good.slice(0, -5) },
    // The last base64url character of a 16-byte MAC carries 4 spare bits: a different spelling of the same bytes.
    { case: 'a non-canonical spelling of the same MAC', token: `${kid}.${payload}.${mac.slice(0, -1)}${B64URL[B64URL.indexOf(mac.at(-1) as string) ^ 1]}` },
    { case: 'a swapped subscriber', token: `${kid}.${reencode({ ...claims, s: 'sub-2' })}.${mac}` },
    { case: 'a swapped channel', token: `${kid}.${reencode({ ...claims, c: 'sms' })}.${mac}` },
    { case: 'a later expiry', token: `${kid}.${reencode({ ...claims, e: claims.e + 1000 })}.${mac}` },
    { case: 'an unknown key id', token: `k9.${payload}.${mac}` },
    { case: 'a prototype key id', token: `__proto__.${payload}.${mac}` },
    { case: 'not a token at all', token: 'hello' },
    { case: 'a non-string', token: 42 },
  ])('refuses $case with one generic error', ({ token }) => {
    expect(() => tokens.verify(token, 'unsub', T0)).toThrow(TokenInvalid);
  });

  it('refuses a token minted for another purpose', () => {
    const click = tokens.sign({ p: 'click', s: 'sub-1', t: 'book' }, T0);
    expect(() => tokens.verify(click, 'unsub', T0)).toThrow(TokenInvalid);
  });

  it('keeps old links working after the signing key rotates, and signs new ones with the new key', () => {
    const rotated = new LinkTokens(keysV2);
    expect(rotated.verify(good, 'unsub', T0).s).toBe('sub-1');
    expect(rotated.sign({ p: 'unsub', s: 'x' }, T0).startsWith('k2.')).toBe(true);
    const retired = new LinkTokens({ currentKeyId: 'k2', keys: { k2: 'b'.repeat(43) } });
    expect(() => retired.verify(good, 'unsub', T0)).toThrow(TokenInvalid);
  });
});
