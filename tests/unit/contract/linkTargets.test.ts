/** The click-through allow-list (W10): no open redirect, whatever the input looks like. */
import { describe, expect, it } from 'vitest';
import { isLinkTargetId, isSafeRedirect, linkTargetIdOfCode, linkTargets, resolveLinkTarget } from '../../../functions/contract/linkTargets.js';

const ctx = { publicBaseUrl: 'https://carecast.socalpaincenter.com', clinicWebsite: 'https://www.socalpaincenter.com' };
const allowed = [ctx.publicBaseUrl, ctx.clinicWebsite];

describe('resolveLinkTarget', () => {
  it('resolves each listed id to its URL on an allowed origin', () => {
    expect(resolveLinkTarget('book', ctx)).toBe('https://carecast.socalpaincenter.com/book');
    expect(resolveLinkTarget('website', ctx)).toBe('https://www.socalpaincenter.com');
  });

  it.each([
    { case: 'a protocol-relative URL', id: '//evil.example' },
    { case: 'an absolute URL', id: 'https://evil.example' },
    { case: 'credentials before the host', id: 'https://www.socalpaincenter.com@evil.example' },
    { case: 'javascript:', id: 'javascript:alert(1)' },
    { case: 'mixed-case javascript:', id: 'JaVaScRiPt:alert(1)' },
    { case: 'an encoded protocol-relative URL', id: '%2F%2Fevil.example' },
    { case: 'a double-encoded one', id: '%252F%252Fevil.example' },
    { case: 'an encoded javascript:', id: 'javascript%3Aalert(1)' },
    { case: 'a data: URL', id: 'data:text/html,<script>alert(1)</script>' },
    { case: 'a backslash trick', id: '/\\evil.example' },
    { case: 'a listed id with a suffix', id: 'book/../evil' },
    { case: 'a listed id in capitals', id: 'BOOK' },
    { case: 'a listed id with spaces', id: ' book' },
    { case: 'a prototype property', id: '__proto__' },
    { case: 'an inherited method', id: 'toString' },
    { case: 'an empty string', id: '' },
    { case: 'a number', id: 1 },
  ])('refuses $case', ({ id }) => {
    expect(isLinkTargetId(id)).toBe(false);
    expect(resolveLinkTarget(id, ctx)).toBeUndefined();
  });

  it('refuses a listed id whose configured URL would leave the allowed origins', () => {
    expect(resolveLinkTarget('website', { ...ctx, clinicWebsite: 'javascript:alert(1)' })).toBeUndefined();
  });
});

describe('isSafeRedirect', () => {
  it.each([
    '//evil.example/',
    'https://www.socalpaincenter.com@evil.example/',
    'https://user:pass@www.socalpaincenter.com/',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'java\tscript:alert(1)',
    '%2F%2Fevil.example',
    'https:%2F%2Fevil.example',
    'https://evil.example\\@www.socalpaincenter.com/',
    'https://www.socalpaincenter.com.evil.example/',
    'http://www.socalpaincenter.com/',
    'ftp://www.socalpaincenter.com/',
    'https://www.socalpaincenter.com/\r\nSet-Cookie: x=1',
    '/book',
  ])('refuses %s', (url) => {
    expect(isSafeRedirect(url, allowed)).toBe(false);
  });

  it.each(['https://carecast.socalpaincenter.com/book?t=abc', 'https://www.socalpaincenter.com/', 'HTTPS://WWW.SOCALPAINCENTER.COM/contact'])('allows %s', (url) => {
    expect(isSafeRedirect(url, allowed)).toBe(true);
  });
});

describe('target codes', () => {
  it('are unique, fit in one byte, and map back to their ids', () => {
    const codes = Object.values(linkTargets).map((t) => t.code);

    expect(new Set(codes).size).toBe(codes.length);
    for (const [id, t] of Object.entries(linkTargets)) {
      expect(t.code).toBeGreaterThan(0);
      expect(t.code).toBeLessThan(256);
      expect(linkTargetIdOfCode(t.code)).toBe(id);
    }
    expect(linkTargetIdOfCode(0)).toBeUndefined();
    expect(linkTargetIdOfCode(255)).toBeUndefined();
  });
});
