/**
 * Wraps a staff console handler (pages and JSON API): the same logging, security headers and
 * error mapping as public routes, plus authentication on every request (P9, W5).
 *
 * The role a route needs comes from routes.ts (`auth`), looked up by the event's route key:
 * an unknown route needs `admin`. The token comes from `Authorization: Bearer` (API clients)
 * or the session cookie (the browser UI). A cookie-authenticated POST must come from an
 * allowed Origin and carry the session's CSRF token (form field `_csrf` or header
 * `x-csrf-token`). 401 without a valid token, 403 without the role or the CSRF proof.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { StaffTokenVerifier } from '../auth/StaffTokens.js';
import { type Config, config } from '../config.js';
import { routes } from '../contract/routes.js';
import type { StaffActor } from '../domain/ports/staff/auditLog.js';
import { Forbidden } from '../domain/core/errors.js';
import { Unauthenticated } from '../http/httpErrors.js';
import { checkOrigin } from '../http/originCheck.js';
import { headerOf, isFormPost } from '../http/readBody.js';
import type { HttpResult } from '../http/responses.js';
import { bearerOf, cookieOf, csrfMatches, csrfTokenFor, sessionCookieName } from '../http/staffSession.js';
import { logger } from '../logger.js';
import { tracedHandler } from '../tracing.js';
import { type ErrorResponseOptions, errorResponse } from './errorResponse.js';
import { securityHeaders } from './securityHeaders.js';

export interface StaffSession {
  actor: StaffActor;
  via: 'bearer' | 'cookie';
  /** The token forms must carry (cookie sessions). */
  csrf: string;
}

export type StaffHandler = (event: APIGatewayProxyEventV2, session: StaffSession) => Promise<HttpResult>;

let verifierFor: { cfg: Config; verifier: StaffTokenVerifier } | undefined;
/** The staff token verifier of the current config (one JWKS cache per cold start). */
export const staffVerifier = (): StaffTokenVerifier => {
  const cfg = config();
  if (verifierFor?.cfg !== cfg) verifierFor = { cfg, verifier: new StaffTokenVerifier(cfg.staff) };
  return verifierFor.verifier;
};

/** The role a route key needs, from routes.ts; admin when the route is unknown. */
export const requiredRole = (routeKey: string): 'staff' | 'admin' => {
  const auth = routes.find((r) => `${r.method} ${r.path}` === routeKey)?.auth;
  return auth === 'staff' ? 'staff' : 'admin';
};

const formField = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  if (!isFormPost(event)) return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  return new URLSearchParams(raw).get(name) ?? undefined;
};

export const authenticate = async (event: APIGatewayProxyEventV2): Promise<StaffSession> => {
  const bearer = bearerOf(event);
  const cookie = bearer ? undefined : cookieOf(event, sessionCookieName(config().mode));
  const token = bearer ?? cookie;
  if (!token) throw new Unauthenticated();
  const actor = await staffVerifier().verify(token);
  if (requiredRole(event.routeKey) === 'admin' && actor.role !== 'admin') throw new Forbidden();
  if (!bearer && event.requestContext.http.method !== 'GET') {
    checkOrigin(event, config().allowedOrigins);
    if (!csrfMatches(token, headerOf(event, 'x-csrf-token') ?? formField(event, '_csrf'))) {
      throw new Forbidden('The form was stale or not sent from the console; reload the page and try again');
    }
  }
  return { actor, via: bearer ? 'bearer' : 'cookie', csrf: csrfTokenFor(token) };
};

export const staffRoute = (fn: StaffHandler, opts: ErrorResponseOptions = {}) =>
  middy<APIGatewayProxyEventV2, HttpResult>(async (event: APIGatewayProxyEventV2) => {
    const session = await authenticate(event);
    logger.appendKeys({ staff: session.actor.sub });
    return fn(event, session);
  })
    .use(tracedHandler())
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(securityHeaders({ hsts: config().mode === 'aws' }))
    .use(errorResponse(opts));
