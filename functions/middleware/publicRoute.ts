/**
 * Wraps a public HTTP handler in the standard middleware stack: request context in logs,
 * security headers, per-IP rate limit, and the one error mapping.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { config } from '../config.js';
import type { HttpResult } from '../http/responses.js';
import { logger } from '../logger.js';
import { tracedHandler } from '../tracing.js';
import { type ErrorResponseOptions, errorResponse } from './errorResponse.js';
import { rateLimit } from './rateLimit.js';
import { securityHeaders } from './securityHeaders.js';

export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

export const publicRoute = (fn: ApiHandler, opts: ErrorResponseOptions & { rateLimited?: boolean } = {}) => {
  const h = middy<APIGatewayProxyEventV2, HttpResult>(fn)
    .use(tracedHandler())
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(securityHeaders({ hsts: config().mode === 'aws' }));
  if (opts.rateLimited) h.use(rateLimit({ perMinute: () => config().rateLimitPerMinute }));
  return h.use(errorResponse(opts));
};
