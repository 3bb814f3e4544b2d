/**
 * Translates SES and SNS failures into the domain's words (O7): throttled and unavailable
 * mean nothing was sent (retry with backoff); rejected is permanent; halted pages a human;
 * a timeout or a dropped connection after the request left is UNKNOWN (never resent, R4).
 */
import {
  DomainError,
  ProviderHalted,
  ProviderOutcomeUnknown,
  ProviderRejected,
  ProviderThrottled,
  ProviderUnavailable,
} from '../../domain/core/errors.js';
import { recordProviderRefusal, refusalScope } from './providerRefusals.js';

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'MaxSendRateExceeded', 'TooManyRequestsException', 'ThrottledException', 'KMSThrottlingException']);
const HALTED = new Set(['AccountSendingPausedException', 'ConfigurationSetSendingPausedException', 'SendingPausedException', 'AccountSuspendedException', 'ConfigurationSetDoesNotExist', 'ConfigurationSetDoesNotExistException']);
/** Errors raised before any byte reached the provider. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/** Errors after the request may have been received. */
const AMBIGUOUS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'AbortError']);

/**
 * @param context.senderDomain the From domain of an SES send: tells an unverified sender
 *   (account-level, halts sending) from an unverified sandbox recipient (per-recipient)
 */
export const classifyProviderError = (provider: 'SES' | 'SNS', err: unknown, context: { senderDomain?: string } = {}): DomainError => {
  if (err instanceof DomainError) return err;
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  const code = e?.code ?? '';
  const status = e?.$metadata?.httpStatusCode;
  if (THROTTLED.has(name) || status === 429) return new ProviderThrottled(provider, { cause: err });
  if (HALTED.has(name)) return new ProviderHalted(provider, { cause: err });
  if (NOT_SENT_CODES.has(code)) return new ProviderUnavailable(provider, { cause: err });
  if (AMBIGUOUS.has(name) || AMBIGUOUS.has(code)) return new ProviderOutcomeUnknown(provider, { cause: err });
  if (status !== undefined && status >= 500) return new ProviderUnavailable(provider, { cause: err });
  if (status !== undefined && status >= 400) {
    // Refusals are counted by reason (issue 17); account-level ones halt sending and page a human.
    const scope = refusalScope(name, e?.message ?? '', context.senderDomain);
    recordProviderRefusal({ scope, provider, reason: name || `HTTP${status}` });
    return scope === 'account' ? new ProviderHalted(provider, { cause: err }) : new ProviderRejected(provider, { cause: err });
  }
  // No HTTP status: the request may never have completed; assume the worst for duplicates.
  return new ProviderOutcomeUnknown(provider, { cause: err });
};
