/**
 * Issue 16: operators can see what happens. Local mode counts the same metrics the deployed
 * functions publish as EMF and shows them on GET /api/dev/metrics.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { confirmedEmailSubscriber } from '../support/staffConsole.js';
import { postJson, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

interface Seen {
  name: string;
  dimensions: Record<string, string>;
  count: number;
}
const metrics = async (): Promise<Seen[]> => ((await (await fetch(`${stack.baseUrl}/api/dev/metrics`)).json()) as { metrics: Seen[] }).metrics;
const total = (all: Seen[], name: string, dims: Record<string, string> = {}) =>
  all.filter((m) => m.name === name && Object.entries(dims).every(([k, v]) => m.dimensions[k] === v)).reduce((n, m) => n + m.count, 0);

describe('GET /api/dev/metrics', () => {
  it('counts messages per channel, feedback events, keyword replies and 4xx per route', async () => {
    const before = await metrics();
    await confirmedEmailSubscriber(stack);
    await stack.advance('P1D');
    expect((await postJson(stack, '/api/subscribe', { email: 'not an address', consentEmail: true })).status).toBe(400);
    await postJson(stack, '/api/dev/sms/inbound', { from: '+17145550142', body: 'HELP' });
    await postJson(stack, '/api/dev/ses/notification', JSON.parse(readFileSync('tests/fixtures/ses/delivery.json', 'utf8')));
    await stack.settle();
    const after = await metrics();

    const grew = (name: string, dims: Record<string, string> = {}) => total(after, name, dims) - total(before, name, dims);
    expect(grew('MessagesClaimed', { Channel: 'email' })).toBeGreaterThanOrEqual(2);
    expect(grew('MessagesSent', { Channel: 'email' })).toBeGreaterThanOrEqual(2);
    expect(grew('HttpClientErrors', { Route: 'POST /api/subscribe' })).toBe(1);
    expect(grew('KeywordReplies', { Intent: 'help' })).toBe(1);
    // Local SES publishes a Delivery event for every email it accepted, plus the one replayed here.
    expect(grew('FeedbackEvents', { EventType: 'Delivery' })).toBe(grew('MessagesSent', { Channel: 'email' }) + 1);
    const names = new Set(after.map((m) => m.name));
    for (const n of ['MessagesClaimed', 'MessagesSent', 'FeedbackEvents', 'KeywordReplies', 'HttpClientErrors']) expect(names).toContain(n);
    // Nothing personal in a dimension (P5).
    expect(JSON.stringify(after)).not.toMatch(/@|\+1714/);
  });
});
