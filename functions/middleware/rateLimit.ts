/**
 * Per-IP fixed-window rate limit (W1). In AWS the API stage throttling and WAF do the heavy
 * lifting; this counter is what local mode relies on and a last guard per Lambda instance.
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
