/** Per-IP rate limit in local mode: 429 with Retry-After (W1). One stack per file: stacks are process-wide. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { postJson, signupBody, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_RATE_LIMIT_PER_MINUTE: '3' });
});
afterAll(async () => {
  await stack?.stop();
});

describe('rate limit (W1)', () => {
  it('answers 429 with Retry-After once one client goes over its per-minute budget', async () => {
    const limited = stack;
    {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const r = await postJson(limited, '/api/subscribe', signupBody(), { 'x-carecast-test-ip': '192.0.2.7' });
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get('retry-after');
      }
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      const other = await postJson(limited, '/api/subscribe', signupBody(), { 'x-carecast-test-ip': '192.0.2.8' });
      expect(other.status).toBe(202);
    }
  });
});

