/**
 * The DomainError family: one base class, one subclass per failure a caller can act on.
 * `functions/middleware/errorResponse.ts` maps them to HTTP once.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input failed validation; `fields` names each bad field. */
export class InvalidInput extends DomainError {
  constructor(fields: Record<string, string>, message = 'Some fields need attention') {
    super('invalid_input', message, fields);
  }
}

/** Confirm, unsubscribe and click tokens: one generic error whatever was wrong (W9). */
export class TokenInvalid extends DomainError {
  constructor() {
    super('token_invalid', 'This link is invalid or has expired');
  }
}

export class NotFound extends DomainError {
  constructor(what = 'resource') {
    super('not_found', `No such ${what}`);
  }
}

/** The provider refused because of rate; nothing was sent; retry with backoff (O7). */
export class ProviderThrottled extends DomainError {
  constructor(provider: string, options?: { cause?: unknown }) {
    super('provider_throttled', `${provider} throttled the request`, {}, options);
  }
}

/** The provider failed before accepting (5xx, connection refused); nothing was sent; retry. */
export class ProviderUnavailable extends DomainError {
  constructor(provider: string, options?: { cause?: unknown }) {
    super('provider_unavailable', `${provider} is unavailable`, {}, options);
  }
}

/** The provider refused this message for good (MessageRejected, invalid number). */
export class ProviderRejected extends DomainError {
  constructor(provider: string, options?: { cause?: unknown }) {
    super('provider_rejected', `${provider} rejected the message`, {}, options);
  }
}

/** The provider may or may not have accepted (timeout after sending): never resend (R4). */
export class ProviderOutcomeUnknown extends DomainError {
  constructor(provider: string, options?: { cause?: unknown }) {
    super('provider_outcome_unknown', `${provider} outcome unknown`, {}, options);
  }
}

/**
 * Another worker holds this system message's claim: the job is retried by the queue after its
 * visibility timeout, by which time the holder has settled the row or its lease has expired (a
 * dead holder's claim is then taken over or marked UNKNOWN). Acking instead lost confirmations and
 * STOP replies whose worker died, as no dispatcher sends them again (issue 8).
 */
export class SendInFlight extends DomainError {
  constructor() {
    super('send_in_flight', 'Another worker holds this send');
  }
}

/** This worker's claim on an outbox row expired and was taken over before it called the provider: send nothing. */
export class SendClaimLost extends DomainError {
  constructor() {
    super('send_claim_lost', 'The send claim expired and was taken over');
  }
}

/** Sending is halted account-wide (SES SendingPaused / AccountSuspended): page a human (O7). */
export class ProviderHalted extends DomainError {
  constructor(provider: string, options?: { cause?: unknown }) {
    super('provider_halted', `${provider} sending is paused for the account`, {}, options);
  }
}

/** A click token named a target that is not on the allow-list (W10): never redirected. */
export class LinkTargetRefused extends DomainError {
  constructor() {
    super('link_target_refused', 'This link does not lead anywhere we can send you');
  }
}

/** A valid staff token without the role this action needs, or a failed CSRF check: 403. */
export class Forbidden extends DomainError {
  constructor(message = 'Your role does not allow this action') {
    super('forbidden', message);
  }
}

/** The resource moved on since the caller read it (a newer version, a started broadcast): 409. */
export class Conflict extends DomainError {
  constructor(message: string, fields: Record<string, string> = {}) {
    super('conflict', message, fields);
  }
}

/** The signup page was left open past its form token's lifetime, or the post carried none (issues 11, 12). Nothing was written. */
export class FormExpired extends DomainError {
  constructor() {
    super('form_expired', 'This page was open for a long time. Please check your details and press Subscribe again.', { formToken: 'Expired' });
  }
}

/**
 * The form came back sooner than MIN_FILL_SECONDS after its page was rendered (issue 11: browser
 * autofill lets a real person do that). Nothing was written; the person is asked to press again.
 */
export class FormTooFast extends DomainError {
  constructor() {
    super('form_too_fast', 'Please check your details and press Subscribe again.', { formToken: 'Sent too soon after the page opened' });
  }
}
