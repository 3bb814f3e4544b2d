/**
 * Signed link tokens for confirm, unsubscribe, preferences and click links (W9).
 *
 * Format: `<kid>.<payload b64url>.<HMAC-SHA256 b64url>`; the MAC covers the kid and payload, so
 * no field can be swapped or altered. Verification compares in constant time and answers one
 * generic TokenInvalid whatever went wrong. Old key ids keep verifying, so the signing key can
 * rotate without breaking links already sent. Click tokens are short (SMS) by keeping the
 * payload compact and truncating the MAC to 128 bits.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenInvalid } from './errors.js';

export type TokenPurpose = 'confirm' | 'unsub' | 'click' | 'book';

export interface TokenClaims {
  /** purpose */
  p: TokenPurpose;
  /** subscriber id */
  s: string;
  /** channel or step, by purpose */
  c?: string;
  /** target id (click) */
  t?: string;
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
};

const MAC_BYTES = 16;

const mac = (secret: string, data: string): Buffer =>
  createHmac('sha256', secret).update(data).digest().subarray(0, MAC_BYTES);

export class LinkTokens {
  constructor(private readonly signing: SigningKeys) {
    if (!signing.keys[signing.currentKeyId]) throw new Error(`No signing key for key id ${signing.currentKeyId}`);
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
}
