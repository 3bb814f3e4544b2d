/**
 * Signed link tokens for confirm, unsubscribe, preferences and click links (W9).
 *
 * Format: `<kid>.<payload b64url>.<HMAC-SHA256 b64url>`; the MAC covers the kid and payload, so
 * no field can be swapped or altered. Verification compares in constant time and answers one
 * generic TokenInvalid whatever went wrong. Old key ids keep verifying, so the signing key can
 * rotate without breaking links already sent. Click tokens are short (SMS) by keeping the
 * payload compact and truncating the MAC to 128 bits.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { linkTargetIdOfCode, linkTargets } from '../../contract/linkTargets.js';
import { TokenInvalid } from './errors.js';

export type TokenPurpose = 'confirm' | 'unsub' | 'click' | 'book' | 'form';

export interface TokenClaims {
  /** purpose */
  p: TokenPurpose;
  /** subscriber id */
  s: string;
  /** channel or step, by purpose */
  c?: string;
  /** target id (click) */
  t?: string;
  /** sequence id of the message the link came in (unsubscribe attribution) */
  q?: string;
  /** step id of the message the link came in (unsubscribe attribution) */
  k?: string;
  /** confirm: hash of the address the link was sent to (AddressHasher) */
  h?: string;
  /** confirm: single-use nonce */
  n?: string;
  /** issued at, epoch seconds */
  i: number;
  /** expires at, epoch seconds */
  e: number;
}

export interface SigningKeys {
  currentKeyId: string;
  keys: Record<string, string>;
}

/** Lifetimes by purpose, seconds: confirm 72 h (W9), unsubscribe ≥365 d (E4). */
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number> = {
  confirm: 72 * 3600,
  unsub: 400 * 24 * 3600,
  click: 400 * 24 * 3600,
  book: 400 * 24 * 3600,
  form: 24 * 3600,
};

const MAC_BYTES = 16;

/** What a compact click token names: who clicked, in which step's message, to which target. */
export interface ClickClaims {
  subscriberId: string;
  /** `stepRefOf(sequenceId, stepId)`, or NO_STEP for links outside a sequence step. */
  stepRef: string;
  channel?: 'email' | 'sms';
  /**
   * The target id as the token names it. Signing only takes listed ids; a verified token may
   * still name something else (an old or unknown code), so the click handler checks the
   * allow-list (functions/contract/linkTargets.ts) before any redirect (W10).
   */
  target: string;
  issuedAt: number;
  expiresAt: number;
}

/** The step reference of a link that came from no sequence step (confirmations, system mail). */
export const NO_STEP = '00000000';

/**
 * 4 bytes naming a (sequence, step) pair in a click token: short enough for SMS, and stable
 * across sequence versions. The click handler finds the step among the subscriber's enrollments.
 */
export const stepRefOf = (sequenceId: string | undefined, stepId: string | undefined): string =>
  sequenceId && stepId ? createHash('sha256').update(`${sequenceId}\u0000${stepId}`).digest('hex').slice(0, 8) : NO_STEP;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLICK_VERSION = 1;
const CHANNEL_CODES = { email: 1, sms: 2 } as const;
/** flags(1) + subscriber uuid(16) + step ref(4) + target(1) + issued-at seconds(4). */
const CLICK_PAYLOAD_BYTES = 26;
/** Domain separation: a click MAC can never be mistaken for another token's MAC. */
const clickMacInput = (kid: string, payload: Buffer) => Buffer.concat([Buffer.from(`click\u0000${kid}\u0000`), payload]);

const mac = (secret: string, data: string): Buffer =>
  createHmac('sha256', secret).update(data).digest().subarray(0, MAC_BYTES);

export class LinkTokens {
  constructor(private readonly signing: SigningKeys) {
    if (!signing.keys[signing.currentKeyId]) throw new Error(`No signing key for key id ${signing.currentKeyId}`);
  }

  /**
   * An 11-character id for a text message's short link: 64 bits of HMAC over the sendId and
   * target, so a retry reuses it and nobody can derive one without the key.
   */
  shortLinkId(sendId: string, target: string): string {
    const secret = this.signing.keys[this.signing.currentKeyId] as string;
    return createHmac('sha256', secret).update(`short-link\u0000${sendId}\u0000${target}`).digest().subarray(0, 8).toString('base64url');
  }

  sign(claims: Omit<TokenClaims, 'i' | 'e'>, now: Date, lifetimeSeconds?: number): string {
    const i = Math.floor(now.getTime() / 1000);
    const e = i + (lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS[claims.p]);
    const payload = Buffer.from(JSON.stringify({ ...claims, i, e })).toString('base64url');
    const kid = this.signing.currentKeyId;
    const secret = this.signing.keys[kid] as string;
    return `${kid}.${payload}.${mac(secret, `${kid}.${payload}`).toString('base64url')}`;
  }

  /** Returns the claims of a valid, unexpired token of the expected purpose; throws TokenInvalid otherwise. */
  verify(token: unknown, purpose: TokenPurpose, now: Date): TokenClaims {
    if (typeof token !== 'string' || token.length > 512) throw new TokenInvalid();
    const parts = token.split('.');
    if (parts.length !== 3) throw new TokenInvalid();
    const [kid, payload, signature] = parts as [string, string, string];
    const secret = Object.hasOwn(this.signing.keys, kid) ? this.signing.keys[kid] : undefined;
    if (!secret) throw new TokenInvalid();
    const expected = mac(secret, `${kid}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    // Base64 is malleable in its last character's spare bits: only the canonical spelling counts,
    // so an altered token string never verifies even when it decodes to the same bytes.
    if (given.toString('base64url') !== signature || Buffer.from(payload, 'base64url').toString('base64url') !== payload) throw new TokenInvalid();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenInvalid();
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      throw new TokenInvalid();
    }
    if (claims.p !== purpose || typeof claims.s !== 'string' || typeof claims.e !== 'number') throw new TokenInvalid();
    if (claims.e * 1000 <= now.getTime()) throw new TokenInvalid();
    return claims;
  }

  /**
   * A click token of at most ~60 characters (`k1.` + 56), for links in texts: a binary payload
   * and its truncated HMAC in one base64url string. Subscriber ids that are not UUIDs fall back
   * to the general (longer) format, which verifyClick also accepts.
   *
   * @example
   * const token = tokens.signClick({ subscriberId, stepRef: stepRefOf('cervical-dystonia', 'consultation-invite'), channel: 'sms', target: 'book' }, now);
   */
  signClick(claims: Omit<ClickClaims, 'issuedAt' | 'expiresAt' | 'target'> & { target: keyof typeof linkTargets }, now: Date): string {
    const code = Object.hasOwn(linkTargets, claims.target) ? linkTargets[claims.target].code : undefined;
    if (!/^[0-9a-f]{8}$/.test(claims.stepRef) || code === undefined) throw new Error('Invalid click claims');
    if (!UUID.test(claims.subscriberId)) {
      return this.sign({ p: 'click', s: claims.subscriberId, c: `${claims.channel ?? ''}:${claims.stepRef}`, t: claims.target }, now);
    }
    const payload = Buffer.alloc(CLICK_PAYLOAD_BYTES);
    payload.writeUInt8((CLICK_VERSION << 4) | (claims.channel ? CHANNEL_CODES[claims.channel] : 0), 0);
    Buffer.from(claims.subscriberId.replace(/-/g, ''), 'hex').copy(payload, 1);
    Buffer.from(claims.stepRef, 'hex').copy(payload, 17);
    payload.writeUInt8(code, 21);
    payload.writeUInt32BE(Math.floor(now.getTime() / 1000), 22);
    const kid = this.signing.currentKeyId;
    const secret = this.signing.keys[kid] as string;
    const tag = createHmac('sha256', secret).update(clickMacInput(kid, payload)).digest().subarray(0, MAC_BYTES);
    return `${kid}.${Buffer.concat([payload, tag]).toString('base64url')}`;
  }

  /** Claims of a valid, unexpired click token (either format); TokenInvalid otherwise, whatever was wrong. */
  verifyClick(token: unknown, now: Date): ClickClaims {
    if (typeof token !== 'string' || token.length > 512) throw new TokenInvalid();
    const parts = token.split('.');
    if (parts.length === 3) return this.verifyLongClick(token, now);
    if (parts.length !== 2) throw new TokenInvalid();
    const [kid, blob] = parts as [string, string];
    const secret = Object.hasOwn(this.signing.keys, kid) ? this.signing.keys[kid] : undefined;
    if (!secret || !/^[A-Za-z0-9_-]+$/.test(blob)) throw new TokenInvalid();
    const bytes = Buffer.from(blob, 'base64url');
    if (bytes.toString('base64url') !== blob) throw new TokenInvalid(); // canonical spelling only (see verify)
    if (bytes.length !== CLICK_PAYLOAD_BYTES + MAC_BYTES) throw new TokenInvalid();
    const payload = bytes.subarray(0, CLICK_PAYLOAD_BYTES);
    const given = bytes.subarray(CLICK_PAYLOAD_BYTES);
    const expected = createHmac('sha256', secret).update(clickMacInput(kid, payload)).digest().subarray(0, MAC_BYTES);
    if (!timingSafeEqual(given, expected)) throw new TokenInvalid();
    const flags = payload.readUInt8(0);
    if (flags >> 4 !== CLICK_VERSION) throw new TokenInvalid();
    const channelCode = flags & 0x0f;
    const hex = payload.subarray(1, 17).toString('hex');
    const issuedAt = payload.readUInt32BE(22);
    const expiresAt = issuedAt + TOKEN_LIFETIME_SECONDS.click;
    if (expiresAt * 1000 <= now.getTime()) throw new TokenInvalid();
    return {
      subscriberId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
      stepRef: payload.subarray(17, 21).toString('hex'),
      ...(channelCode === 1 ? { channel: 'email' as const } : channelCode === 2 ? { channel: 'sms' as const } : {}),
      target: linkTargetIdOfCode(payload.readUInt8(21)) ?? `code-${payload.readUInt8(21)}`,
      issuedAt,
      expiresAt,
    };
  }

  private verifyLongClick(token: string, now: Date): ClickClaims {
    const claims = this.verify(token, 'click', now);
    const [channel, stepRef] = (claims.c ?? '').split(':');
    if (!stepRef || !/^[0-9a-f]{8}$/.test(stepRef) || typeof claims.t !== 'string') throw new TokenInvalid();
    return {
      subscriberId: claims.s,
      stepRef,
      ...(channel === 'email' || channel === 'sms' ? { channel } : {}),
      target: claims.t,
      issuedAt: claims.i,
      expiresAt: claims.e,
    };
  }
}
