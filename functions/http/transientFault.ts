/**
 * Is this error a transient fault of a dependency (issue 16)? DynamoDB throttling, a transaction
 * conflict, a 5xx or a timeout: the SDK already retried it inside the request (standard retry
 * mode, full-jitter backoff, `CARECAST_DYNAMODB_MAX_ATTEMPTS`), so the budget is spent and the
 * honest answer is 503 with Retry-After, never a 500. Judged by the SDK's error shape only
 * (`name`, `$retryable`, `$metadata.httpStatusCode`); no SDK import.
 */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
]);

/**
 * The provider adapters' own words for "refused before anything happened, try again"
 * (functions/adapters/aws/providerErrors.ts): an inbound START/YES checks SNS's opt-out list, and
 * SNS throttling that call answered 500 to the local inbound-text route (16 in the 400-subscriber
 * chaos run) and failed the Lambda without saying it was retryable.
 */
const TRANSIENT_DOMAIN_CODES = new Set(['provider_throttled', 'provider_unavailable']);

/** Reasons in a TransactionCanceledException that mean "try again", not "your condition failed". */
const TRANSIENT_CANCEL_REASONS = new Set(['ThrottlingError', 'TransactionConflict', 'ProvisionedThroughputExceeded']);

export const isTransientFault = (err: unknown): boolean => {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number }; CancellationReasons?: { Code?: string }[] };
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code && (TRANSIENT_NAMES.has(e.code) || TRANSIENT_DOMAIN_CODES.has(e.code))) return true;
  if (e.$retryable) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e.name === 'TransactionCanceledException') return (e.CancellationReasons ?? []).some((r) => r.Code && TRANSIENT_CANCEL_REASONS.has(r.Code));
  return false;
};

/** Seconds a client is asked to wait after a transient fault: past the SDK's own backoff. */
export const transientRetryAfterSeconds = 2;
