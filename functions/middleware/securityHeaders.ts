/**
 * Security headers on every answer (W11, P10): a strict CSP with no third-party origins,
 * nosniff, no framing, no referrer leaks of token URLs. HSTS is added in AWS (HTTPS only).
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpResult } from '../http/responses.js';

/**
 * The one CSP every page uses; only the scripts allowed differ. `scriptSources` are unquoted
 * source keywords or hashes (`self`, `sha256-…`); none means no script runs at all.
 */
export const contentSecurityPolicy = (scriptSources: string[] = []): string =>
  [
    "default-src 'none'",
    `script-src ${scriptSources.length ? scriptSources.map((h) => `'${h}'`).join(' ') : "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

export const securityHeaders = (opts: { hsts: boolean }): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => {
  const apply = (request: middy.Request<APIGatewayProxyEventV2, HttpResult>) => {
    const r = request.response;
    if (!r) return;
    r.headers = {
      'x-content-type-options': 'nosniff',
      // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on the no-JS
      // form post, which the origin check (W5) must refuse; token URLs still never leave the site.
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'content-security-policy': contentSecurityPolicy(),
      ...(opts.hsts ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains; preload' } : {}),
      ...r.headers,
    };
  };
  return { after: apply, onError: apply };
};
