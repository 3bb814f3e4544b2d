/**
 * The canonical identity of an address (issue 11): properties over generated addresses, plus the
 * inputs real people send (another letter case, Unicode domains, numbers pasted with invisible
 * characters).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressHasher } from '../../../../functions/domain/core/AddressHasher.js';
import { canonicalEmail, canonicalPhone, displayEmail, sendableEmail, typedEmail } from '../../../../functions/domain/identity/AddressIdentity.js';
import { subscriberTimeZone } from '../../../../functions/domain/identity/subscriberTimeZone.js';

const hasher = new AddressHasher('k'.repeat(32));

const localPart = fc.stringMatching(/^[a-z0-9](?:[a-z0-9._+-]{0,20}[a-z0-9])?$/).filter((s) => !s.includes('..'));
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,12}[a-z0-9])?$/);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'org', 'net', 'io')).map(([ls, tld]) => `${ls.join('.')}.${tld}`);
const email = fc.tuple(localPart, domain).map(([l, d]) => `${l}@${d}`);
/** The same address as a person might type it: random letter case, spaces around it, decomposed Unicode. */
const variantOf = (address: string) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: address.length, maxLength: address.length }), fc.constantFrom('', ' ', '\t', '\u200B'), fc.constantFrom('NFC', 'NFD', 'NFKC') as fc.Arbitrary<'NFC' | 'NFD' | 'NFKC'>).map(
    ([upper, pad, form]) => `${pad}${[...address].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')}${pad.trim() === '' ? pad : ''}`.normalize(form),
  );

describe('canonical email identity', () => {
  it('is idempotent', () => {
    fc.assert(fc.property(email, (e) => canonicalEmail(canonicalEmail(e) as string) === canonicalEmail(e)));
  });

  it('maps case and Unicode variants of one address to one identity and one hash', () => {
    fc.assert(
      fc.property(email.chain((e) => fc.tuple(fc.constant(e), variantOf(e))), ([e, v]) => {
        expect(canonicalEmail(v)).toBe(canonicalEmail(e));
        expect(hasher.hash('email', v)).toBe(hasher.hash('email', e));
      }),
    );
  });

  it('never maps two different mailboxes to one identity', () => {
    fc.assert(
      fc.property(email.chain(variantOf), email.chain(variantOf), (a, b) => {
        const differ = a.replace(/[\s\u200B]/g, '').normalize('NFC').toLowerCase() !== b.replace(/[\s\u200B]/g, '').normalize('NFC').toLowerCase();
        expect(canonicalEmail(a) !== canonicalEmail(b)).toBe(differ);
        expect(hasher.hash('email', a) !== hasher.hash('email', b)).toBe(differ);
      }),
    );
  });

  it('treats Pat.Doe@example.org and pat.doe@example.org as one mailbox (issue 11, case 4)', () => {
    expect(canonicalEmail('Pat.Doe@example.org')).toBe('pat.doe@example.org');
    expect(hasher.hash('email', 'Pat.Doe@Example.ORG')).toBe(hasher.hash('email', 'pat.doe@example.org'));
  });

  it('accepts Unicode domains: ASCII (IDNA) for sending and identity, Unicode for display', () => {
    const typed = typedEmail('José@Bücher.example');
    expect(typed).toBe('José@bücher.example');
    expect(sendableEmail(typed as string)).toBe('José@xn--bcher-kva.example');
    expect(displayEmail('jose@xn--bcher-kva.example')).toBe('jose@bücher.example');
    expect(canonicalEmail('JOSÉ@BÜCHER.example')).toBe(canonicalEmail('josé@xn--bcher-kva.example'));
    // Decomposed é (e + U+0301) is the same address as the composed one.
    expect(canonicalEmail('Jose\u0301@bücher.example')).toBe(canonicalEmail('josé@bücher.example'));
  });

  it('refuses what is not an address', () => {
    for (const bad of ['', 'no-at-sign', '@example.org', 'a@', 'a@localhost', 'a b@example.org', `${'x'.repeat(65)}@example.org`]) {
      expect(canonicalEmail(bad)).toBeUndefined();
    }
  });

  it('reads rows hashed before issue 11 (dual read): the old exact-string hash comes second', () => {
    const [canonical, legacy] = hasher.hashes('email', 'Pat.Doe@Example.org');
    expect(canonical).toBe(hasher.hash('email', 'pat.doe@example.org'));
    expect(legacy).toBeDefined();
    expect(legacy).not.toBe(canonical);
    expect(hasher.hashes('email', 'pat.doe@example.org')).toHaveLength(1);
  });
});

describe('canonical phone identity', () => {
  const national = fc.tuple(fc.constantFrom('714', '949', '213', '305', '212'), fc.integer({ min: 100, max: 199 })).map(([a, n]) => `${a}555${String(n).padStart(4, '0')}`.replace(/^(\d{3})555(\d)/, '$1555$2'));
  const pasted = (digits: string) =>
    fc.tuple(fc.constantFrom('', '+1 ', '1-', '+1'), fc.constantFrom(' ', '-', '.', '\u00A0', '\u200B', '\u2011', '\u202F', ''), fc.constantFrom('', '\u200E', '\u202A', '\uFEFF', '\u2066')).map(
      ([prefix, sep, mark]) => `${mark}${prefix}(${digits.slice(0, 3)})${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}${mark}`,
    );

  it('is idempotent and ignores invisible characters and separators', () => {
    fc.assert(
      fc.property(national.chain((d) => fc.tuple(fc.constant(d), pasted(d))), ([d, p]) => {
        const canonical = canonicalPhone(d);
        expect(canonical).toBe(`+1${d}`);
        expect(canonicalPhone(p)).toBe(canonical);
        expect(canonicalPhone(canonical as string)).toBe(canonical);
      }),
    );
  });

  it('never maps two different numbers to one identity', () => {
    fc.assert(fc.property(national, national, (a, b) => a === b || canonicalPhone(a) !== canonicalPhone(b)));
  });

  it('reads a number pasted from a contact card with bidi marks and a no-break space', () => {
    expect(canonicalPhone('\u202A+1\u00A0(714)\u00A0555\u20110142\u202C')).toBe('+17145550142');
    expect(canonicalPhone('714 555 0142 ext')).toBeUndefined();
  });
});

describe('subscriber time zone (issue 11, case 6)', () => {
  it('never fails on an unusable browser zone: area code first, then the clinic', () => {
    expect(subscriberTimeZone('Etc/Unknown', '+17145550142', 'America/New_York')).toMatchObject({ zone: 'America/Los_Angeles', source: 'area-code' });
    expect(subscriberTimeZone('PST8PDT', undefined, 'America/Los_Angeles')).toMatchObject({ zone: 'America/Los_Angeles', source: 'clinic' });
    expect(subscriberTimeZone(undefined, '+12125550142', 'America/Los_Angeles')).toMatchObject({ zone: 'America/New_York', source: 'area-code' });
    expect(subscriberTimeZone(undefined, '+18005550142', 'America/Los_Angeles')).toMatchObject({ zone: 'America/Los_Angeles', source: 'clinic' });
    expect(subscriberTimeZone('America/Chicago', '+17145550142', 'America/Los_Angeles')).toMatchObject({ zone: 'America/Chicago', source: 'browser' });
  });

  it('keeps every candidate zone of an area code that straddles a zone line', () => {
    expect(subscriberTimeZone('Etc/Unknown', '+18505550142', 'America/Los_Angeles').smsZones).toEqual(['America/New_York', 'America/Chicago']);
  });
});

describe('texting hours for a number whose zone is not known (issue 11)', () => {
  it('wait until the window is open in every candidate zone (the strictest)', async () => {
    const { dailyWindow, nextOpeningInZones, isInsideWindow } = await import('../../../../functions/domain/scheduling/sendWindows.js');
    const window = dailyWindow({ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }, 'sms');
    // 13:30 UTC on a Wednesday in January: 07:30 in Chicago (closed), 08:30 in New York (open).
    const from = new Date('2027-01-13T13:30:00Z');
    const at = nextOpeningInZones(from, ['America/Chicago', 'America/New_York'], window);
    expect(at.toISOString()).toBe('2027-01-13T14:00:00.000Z'); // 08:00 in Chicago
    // 02:30 UTC: 20:30 in Chicago (open), 21:30 in New York (closed) -> next morning 08:00 Chicago.
    const late = nextOpeningInZones(new Date('2027-01-14T02:30:00Z'), ['America/Chicago', 'America/New_York'], window);
    expect(late.toISOString()).toBe('2027-01-14T14:00:00.000Z');
    for (const zone of ['America/Chicago', 'America/New_York']) expect(isInsideWindow(late, zone, window)).toBe(true);
  });
});
