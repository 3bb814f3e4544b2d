/**
 * Transport errors: what is wrong with a request rather than with what it asks for. They share
 * the DomainError base, so `functions/middleware/errorResponse.ts` keeps one mapping table.
 */
import { DomainError } from '../domain/core/errors.js';

export class PayloadTooLarge extends DomainError {
  constructor(limitBytes: number) {
    super('payload_too_large', `The request body must be at most ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaType extends DomainError {
  constructor() {
    super('unsupported_media_type', 'Send application/json or application/x-www-form-urlencoded');
  }
}

export class OriginNotAllowed extends DomainError {
  constructor() {
    super('origin_not_allowed', 'This form can only be posted from the clinic site');
  }
}

export class RateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', 'Too many requests; please try again shortly');
  }
}

/** No valid staff token (missing, expired, wrong issuer or audience): 401. */
export class Unauthenticated extends DomainError {
  constructor() {
    super('unauthenticated', 'Sign in to use the staff console');
  }
}

/**
 * A dependency stayed unavailable through the SDK's bounded retries (issue 16): 503 with
 * Retry-After. Nothing was promised to the caller; the same request later is safe (idempotent routes).
 */
export class TemporarilyUnavailable extends DomainError {
  /** @param formToken a fresh signup form token for the retry, when the failed post used one up. */
  constructor(
    readonly retryAfterSeconds: number,
    readonly formToken?: string,
  ) {
    super('temporarily_unavailable', 'We could not save this just now; please try again in a moment');
  }
}
