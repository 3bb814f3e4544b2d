/**
 * One identity per address (issue 11): the canonical form used for lookup, suppression and
 * hashing, while the profile keeps the address as the person typed it.
 *
 * - Email: Unicode NFC, trimmed, the whole address lower-cased (mailbox providers treat the
 *   local part case-insensitively in practice, and one person typing `Pat.Doe@` and
 *   `pat.doe@` must not become two subscribers), the domain in IDNA ASCII form
 *   (`url.domainToASCII`, UTS #46). `sendableEmail` gives the ASCII-domain form for the wire,
 *   `displayEmail` the Unicode form for pages.
 * - Phone: invisible and direction-control characters (zero-width, bidi marks, BOM, NBSP and
 *   other spaces) and common separators removed, then libphonenumber-js gives E.164.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import * as z from 'zod';

/** Zero-width, bidi controls, word joiner, BOM, soft hyphen: characters a paste can carry invisibly. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/gu;
/** Separators people type or paste between digits (any Unicode space, dashes, dots, slashes, brackets). */
const SEPARATORS = /[\p{Zs}\t\-\u2010-\u2015\u2212.\/()[\]]/gu;

const splitEmail = (raw: string): { local: string; domain: string } | undefined => {
  const value = raw.normalize('NFC').replace(INVISIBLE, '').trim();
  if (value.length > 254) return undefined;
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1) return undefined;
  const local = value.slice(0, at);
  if (local.length > 64) return undefined;
  return { local, domain: value.slice(at + 1) };
};

/** The domain in IDNA ASCII form, lower-case; undefined when it is not a valid host name. */
const asciiDomain = (domain: string): string | undefined => {
  const ascii = domainToASCII(domain.toLowerCase());
  return ascii && ascii.includes('.') ? ascii : undefined;
};

const validOnWire = (address: string) => z.email().safeParse(address).success;

/**
 * The address as stored and shown: NFC, trimmed, domain lower-cased in its Unicode form, local
 * part as typed. Undefined when it is not a valid address.
 */
export const typedEmail = (raw: string): string | undefined => {
  const parts = splitEmail(raw);
  const ascii = parts && asciiDomain(parts.domain);
  if (!parts || !ascii || !validOnWire(`${asciiLocalOrPlaceholder(parts.local)}@${ascii}`)) return undefined;
  return `${parts.local}@${domainToUnicode(ascii)}`;
};

/** The identity of an email address: whole address lower-case, ASCII domain. Undefined when invalid. */
export const canonicalEmail = (raw: string): string | undefined => {
  const parts = splitEmail(raw);
  const ascii = parts && asciiDomain(parts.domain);
  if (!parts || !ascii) return undefined;
  const local = parts.local.toLowerCase();
  if (!validOnWire(`${asciiLocalOrPlaceholder(local)}@${ascii}`)) return undefined;
  return `${local}@${ascii}`;
};

/** The form for the SMTP envelope and To header: local part as typed, domain in ASCII (IDNA). */
export const sendableEmail = (stored: string): string => {
  const parts = splitEmail(stored);
  const ascii = parts && asciiDomain(parts.domain);
  return parts && ascii ? `${parts.local}@${ascii}` : stored;
};

/** The form for pages: domain in Unicode. */
export const displayEmail = (stored: string): string => typedEmail(stored) ?? stored;

/**
 * zod's email check is ASCII-only; a Unicode local part (RFC 6531) is checked for its shape
 * with each non-ASCII letter standing in as `a`.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range names every non-ASCII character, which is the point
const asciiLocalOrPlaceholder = (local: string) => local.replace(/[^\x00-\x7F]/gu, (c) => (/\p{L}|\p{M}|\p{N}/u.test(c) ? 'a' : c));

/** Digits, `+` and separators left after removing invisible characters; the rest is refused. */
const stripPhone = (raw: string): string => raw.normalize('NFKC').replace(INVISIBLE, '').replace(SEPARATORS, '').trim();

/** E.164 for a North American number (+1 only, S12); undefined when it is not a valid one. */
export const canonicalPhone = (raw: string): string | undefined => {
  if (raw.length > 64) return undefined;
  const value = stripPhone(raw);
  if (value.length > 20 || !/^\+?\d+$/.test(value)) return undefined;
  const parsed = parsePhoneNumberFromString(value, 'US');
  if (!parsed?.isValid() || parsed.countryCallingCode !== '1') return undefined;
  return parsed.number;
};

/** The canonical form of an address of either channel (undefined when invalid). */
export const canonicalAddress = (channel: 'email' | 'sms', raw: string): string | undefined =>
  channel === 'email' ? canonicalEmail(raw) : canonicalPhone(raw);

/**
 * How addresses were normalised before issue 11 (local part as typed, domain lower-cased),
 * kept only so rows hashed that way still match (dual read, docs/subscriber-lifecycle.md).
 */
export const legacyNormalisedEmail = (raw: string): string | undefined => {
  const value = raw.normalize('NFC').trim();
  const at = value.lastIndexOf('@');
  if (at < 1) return undefined;
  return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
};
