/**
 * Per-IP fixed-window rate limit (W1), in memory: local mode's only limiter. In AWS it counts per
 * Lambda instance, so it limits little; the distributed limits there are the WAF web ACL's
 * rate-based rules per IP (infra/EdgeProtection.ts) and the API stage/route throttles.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RateLimited } from '../http/httpErrors.js';
import { clientIp } from '../http/clientIp.js';
import type { HttpResult } from '../http/responses.js';

export const rateLimit = (opts: { perMinute: () => number; now?: () => number }): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => {
  const windows = new Map<string, { start: number; count: number }>();
  const now = opts.now ?? Date.now;
  return {
    before: async (request) => {
      const ip = clientIp(request.event) ?? 'unknown';
      const t = now();
      const w = windows.get(ip);
      if (!w || t - w.start >= 60_000) {
        if (windows.size > 10_000) windows.clear();
        windows.set(ip, { start: t, count: 1 });
        return;
      }
      w.count++;
      if (w.count > opts.perMinute()) throw new RateLimited(Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000)));
    },
  };
};
