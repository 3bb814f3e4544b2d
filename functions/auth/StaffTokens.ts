/**
 * Staff JWTs, checked by the handler itself as well as by the API Gateway JWT authorizer
 * (P9): signature (Cognito JWKS in AWS, a local HS256 key in local mode), issuer, audience
 * (`aud` of an ID token or `client_id` of an access token), expiry, and the
 * `cognito:groups` claim. Anything wrong is one Unauthenticated (401); a valid token without
 * a staff group is Forbidden (403). Local mode signs tokens with the same claims Cognito puts
 * in an ID token, so the same checks run in both places.
 */
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { StaffActor } from '../domain/ports/staff/auditLog.js';
import { Forbidden } from '../domain/core/errors.js';
import { Unauthenticated } from '../http/httpErrors.js';

/** Cognito group names, as in infra/StaffAuth.ts and the `auth` of routes.ts. */
export const STAFF_GROUPS = ['admin', 'staff'] as const;

export interface StaffTokenSettings {
  issuer?: string;
  audience?: string;
  jwksUrl?: string;
  /** base64url HS256 key: local mode only. */
  localKey?: string;
}

const keyBytes = (b64url: string): Uint8Array => new Uint8Array(Buffer.from(b64url, 'base64url'));

const actorOf = (p: JWTPayload): StaffActor => {
  const groups = Array.isArray(p['cognito:groups']) ? (p['cognito:groups'] as unknown[]).filter((g): g is string => typeof g === 'string') : [];
  const role = groups.includes('admin') ? 'admin' : groups.includes('staff') ? 'staff' : undefined;
  if (!role) throw new Forbidden('Your account is not in a staff group');
  const name = [p['cognito:username'], p.username, p.email, p.sub].find((v): v is string => typeof v === 'string' && v.length > 0) ?? 'unknown';
  // Test sends may go to the staff member's own address only when the pool verified it (issue 12):
  // an unverified email claim is whatever someone typed, so it names nobody.
  const verified = p.email_verified === true || p.email_verified === 'true';
  return { sub: String(p.sub ?? name), name, role, ...(typeof p.email === 'string' && verified ? { email: p.email } : {}) };
};

export class StaffTokenVerifier {
  private readonly key: Uint8Array | ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(private readonly settings: StaffTokenSettings) {
    if (settings.localKey) this.key = keyBytes(settings.localKey);
    else if (settings.jwksUrl) this.key = createRemoteJWKSet(new URL(settings.jwksUrl), { cacheMaxAge: 6 * 3600_000 });
  }

  /** The staff member a token names, or Unauthenticated / Forbidden. */
  async verify(token: string): Promise<StaffActor> {
    const { issuer, audience } = this.settings;
    // Misconfigured (no issuer, audience or keys): nobody gets in.
    if (!this.key || !issuer || !audience || token.length > 8192) throw new Unauthenticated();
    let payload: JWTPayload;
    try {
      const options = { issuer, requiredClaims: ['exp', 'iat', 'sub'], clockTolerance: 5 };
      payload =
        this.key instanceof Uint8Array
          ? (await jwtVerify(token, this.key, { ...options, algorithms: ['HS256'] })).payload
          : (await jwtVerify(token, this.key, { ...options, algorithms: ['RS256'] })).payload;
    } catch {
      throw new Unauthenticated();
    }
    const auds = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
    if (!auds.includes(audience) && payload.client_id !== audience) throw new Unauthenticated();
    if (payload.token_use !== undefined && payload.token_use !== 'id' && payload.token_use !== 'access') throw new Unauthenticated();
    return actorOf(payload);
  }
}

export interface LocalTokenRequest {
  key: string;
  issuer: string;
  audience: string;
  username: string;
  groups: string[];
  email?: string;
  /** Cognito's email_verified claim; local accounts' addresses count as verified unless a test says otherwise. */
  emailVerified?: boolean;
  ttlSeconds?: number;
  /** Tests only: mint an already expired or future token. */
  issuedAt?: Date;
}

/** Local mode's stand-in for a Cognito ID token (same claims, HS256). */
export const signLocalStaffToken = async (r: LocalTokenRequest): Promise<{ token: string; expiresIn: number }> => {
  const ttl = r.ttlSeconds ?? 3600;
  const iat = Math.floor((r.issuedAt ?? new Date()).getTime() / 1000);
  const token = await new SignJWT({
    'cognito:groups': r.groups,
    'cognito:username': r.username,
    token_use: 'id',
    ...(r.email ? { email: r.email, email_verified: r.emailVerified ?? true } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`local-${r.username}`)
    .setIssuer(r.issuer)
    .setAudience(r.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(randomUUID())
    .sign(keyBytes(r.key));
  return { token, expiresIn: ttl };
};
