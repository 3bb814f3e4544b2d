import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';

describe('npm start: a request during start-up', () => {
  let stack: LocalStack | undefined;
  afterAll(() => stack?.stop());

  it('is answered (503 + Retry-After) while the routes are still being mounted, and served after', async () => {
    let during: Response | undefined;
    stack = await startLocalStack({
      memory: true,
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `t-${randomUUID()}`,
      env: { CARECAST_LOG_LEVEL: 'WARN' },
      // A browser opened early: the port is bound, nothing is mounted yet.
      onListening: async (baseUrl) => {
        during = await fetch(`${baseUrl}/`, { headers: { accept: 'text/html' } });
      },
    });
    expect(during?.status).toBe(503);
    expect(during?.headers.get('retry-after')).toMatch(/^\d+$/);
    const after = await fetch(`${stack.baseUrl}/`);
    expect(after.status).toBe(200);
  });
});
