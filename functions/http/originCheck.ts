/**
 * Cross-site posting guard (W5): a browser POST must come from an allowed origin. The no-JS
 * form carries Origin (modern browsers) or at least Referer; a request with neither is a
 * script or a server, which the JSON API allows (its content type forces a preflight anyway).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { OriginNotAllowed } from './httpErrors.js';
import { headerOf } from './readBody.js';

export const checkOrigin = (event: APIGatewayProxyEventV2, allowed: string[]): void => {
  const origin = headerOf(event, 'origin');
  const referer = headerOf(event, 'referer');
  let source: string | undefined;
  if (origin && origin !== 'null') source = origin;
  else if (referer) {
    try {
      source = new URL(referer).origin;
    } catch {
      throw new OriginNotAllowed();
    }
  } else if (origin === 'null') throw new OriginNotAllowed();
  if (source !== undefined && !allowed.includes(source)) throw new OriginNotAllowed();
};
