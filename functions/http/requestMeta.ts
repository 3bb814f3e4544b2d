/** Who sent a request, for the consent ledger (S1) and rate limits: never logged. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RequestMeta } from '../domain/signup/subscribe.js';
import { clientIp } from './clientIp.js';
import { headerOf } from './readBody.js';

export const requestMeta = (event: APIGatewayProxyEventV2): RequestMeta => {
  const ip = clientIp(event);
  const userAgent = headerOf(event, 'user-agent');
  const pageUrl = headerOf(event, 'referer');
  return { ...(ip ? { ip } : {}), ...(userAgent ? { userAgent } : {}), ...(pageUrl ? { pageUrl } : {}) };
};
