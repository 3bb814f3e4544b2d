/**
 * The patient's IP: behind CloudFront, API Gateway's sourceIp is the edge, so the viewer address
 * CloudFront forwards (`CloudFront-Viewer-Address: ip:port`) comes first (S1 ledger, W1 limits).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { headerOf } from './readBody.js';

export const clientIp = (event: APIGatewayProxyEventV2): string | undefined => {
  const viewer = headerOf(event, 'cloudfront-viewer-address');
  if (viewer) {
    const ip = viewer.startsWith('[') ? viewer.slice(1, viewer.indexOf(']')) : viewer.slice(0, viewer.lastIndexOf(':'));
    if (ip) return ip;
  }
  return event.requestContext?.http?.sourceIp;
};
