/**
 * The patient's IP: behind CloudFront, API Gateway's sourceIp is the edge, so the viewer address
 * CloudFront forwards (`CloudFront-Viewer-Address: ip:port`) comes first (S1 ledger, W1 limits).
 *
 * Only a request that carries CloudFront's secret origin header (`x-carecast-origin-verify`, set
 * on the distribution's origin from a Secrets Manager value, infra/Site.ts) may name the viewer:
 * anyone else could pick their own "IP" to dodge the per-IP limit or forge the consent ledger.
 * Local mode has no secret and trusts no viewer header.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../config.js';
import { headerOf } from './readBody.js';

/** The header CloudFront adds to every origin request (infra/Site.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-carecast-origin-verify';

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Whether the request came through our CloudFront distribution (constant-time comparison). */
export const viaCloudFront = (event: APIGatewayProxyEventV2, secret: string | undefined = config().originVerify): boolean => {
  const presented = headerOf(event, ORIGIN_VERIFY_HEADER);
  return Boolean(secret && presented && timingSafeEqual(digest(secret), digest(presented)));
};

export const clientIp = (event: APIGatewayProxyEventV2): string | undefined => {
  const viewer = headerOf(event, 'cloudfront-viewer-address');
  if (viewer && viaCloudFront(event)) {
    const ip = viewer.startsWith('[') ? viewer.slice(1, viewer.indexOf(']')) : viewer.slice(0, viewer.lastIndexOf(':'));
    if (ip) return ip;
  }
  return event.requestContext?.http?.sourceIp;
};
