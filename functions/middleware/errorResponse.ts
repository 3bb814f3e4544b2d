/**
 * The only place where an error becomes an HTTP answer: DomainErrors map to 4xx with
 * `{ error: { code, message, fields } }`; a transient fault past the SDK's retries (throttling,
 * 5xx, timeout) to 503 + Retry-After; anything else is a generic 500 whose details go to
 * the log (by name only: messages of SDK errors can echo input).
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/core/errors.js';
import { RateLimited, TemporarilyUnavailable } from '../http/httpErrors.js';
import { isTransientFault, transientRetryAfterSeconds } from '../http/transientFault.js';
import { errorBody, type HttpResult, htmlPage, json } from '../http/responses.js';
import { logger } from '../logger.js';
import { countMetric } from '../metrics/operationalMetrics.js';

const STATUS: Record<string, number> = {
  invalid_input: 400,
  token_invalid: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  origin_not_allowed: 403,
  rate_limited: 429,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  temporarily_unavailable: 503,
};

export const statusOf = (e: DomainError): number => STATUS[e.code] ?? 400;

export interface ErrorResponseOptions {
  /** Renders an HTML page instead of JSON when the request came from a no-JS form or a link. */
  htmlFor?: (error: DomainError | undefined, event: APIGatewayProxyEventV2, status: number) => string | undefined;
}

export const errorResponse = (opts: ErrorResponseOptions = {}): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => ({
  onError: async (request) => {
    const err = request.error;
    // A transient dependency fault past the SDK's retry budget: 503 + Retry-After, not a 500 (issue 16).
    const transient = !(err instanceof DomainError) && isTransientFault(err);
    if (transient) logger.warn('transient fault past the retry budget', { errorName: (err as Error).name });
    const domain = err instanceof DomainError ? err : transient ? new TemporarilyUnavailable(transientRetryAfterSeconds) : undefined;
    if (!domain) logger.error('unhandled error', { errorName: (err as Error | undefined)?.name ?? 'unknown' });
    const status = domain ? statusOf(domain) : 500;
    countMetric(status >= 500 ? 'HttpServerErrors' : 'HttpClientErrors', { Route: request.event?.routeKey ?? 'unknown' });
    const headers: Record<string, string> = {};
    if (domain instanceof RateLimited || domain instanceof TemporarilyUnavailable) headers['retry-after'] = String(domain.retryAfterSeconds);
    if (domain instanceof TemporarilyUnavailable && domain.formToken) headers['x-form-token'] = domain.formToken;
    const page = opts.htmlFor?.(domain, request.event, status);
    request.response =
      page !== undefined
        ? htmlPage(status, page, headers)
        : json(
            status,
            domain
              ? errorBody(domain.code, domain.message, domain.fields)
              : errorBody('internal', 'Something went wrong on our side; please try again later'),
            headers,
          );
    // No return: returning would end middy's onError chain here, and the security headers (W11)
    // and the logger's cleanup run after this one. Setting request.response handles the error.
  },
});
