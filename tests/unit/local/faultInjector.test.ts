/**
 * The chaos harness's fault decisions depend on the seed and the request, never on which
 * concurrent call came first (issue 13: one shared random stream made the chaos test's sanity
 * counts depend on scheduling).
 */
import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../../../functions/contract/FaultPlan.js';
import { FaultInjector, type ProviderCall } from '../../../local/faults/FaultInjector.js';
import { requestKey } from '../../../local/faults/requestKey.js';

const PLAN: FaultPlan = {
  seed: 11,
  ses: { throttle: 0.06, unavailable: 0.03, timeoutAfterSend: 0.03, crashAfterSend: 0.015 },
  sns: { throttle: 0.06, unavailable: 0.03, timeoutAfterSend: 0.03, crashAfterSend: 0.015 },
  dynamodb: { throttle: 0.05, throttleExhaust: 0.01, conditionalRace: 0.1, crash: 0.01 },
};

const sesSend = (to: string, step: string, sendId: string) =>
  new URLSearchParams({
    Action: 'SendRawEmail',
    'Destinations.member.1': to,
    'RawMessage.Data': Buffer.from(`Message-ID: <${sendId}@local>\r\n\r\nbody`).toString('base64'),
    'Tags.member.1.Name': 'sendId',
    'Tags.member.1.Value': sendId,
    'Tags.member.2.Name': 'step',
    'Tags.member.2.Value': step,
  }).toString();

const calls: ProviderCall[] = Array.from({ length: 400 }, (_, i) => ({
  command: 'SendRawEmailCommand',
  key: requestKey('ses', sesSend(`p${i % 100}@example.com`, `step-${Math.floor(i / 100)}`, `id-${i}`)),
  insideWorker: true,
}));

const decide = (order: ProviderCall[]) => {
  const injector = new FaultInjector(PLAN);
  const byKey = new Map(order.map((c) => [c.key, injector.providerFault('ses', c)]));
  return { byKey, injected: injector.injected() };
};

describe('FaultInjector', () => {
  it('gives each request the same fault whatever order the calls arrive in', () => {
    const inOrder = decide(calls);
    const shuffled = decide([...calls].reverse().sort((a, b) => (a.key.length % 3) - (b.key.length % 3)));
    expect(shuffled.injected).toEqual(inOrder.injected);
    for (const c of calls) expect(shuffled.byKey.get(c.key), c.key).toBe(inOrder.byKey.get(c.key));
    // The plan's rates really show: some calls faulted, most did not.
    const faulted = [...inOrder.byKey.values()].filter(Boolean).length;
    expect(faulted).toBeGreaterThan(15);
    expect(faulted).toBeLessThan(100);
  });

  it('keys an email on its recipient and step, not on its send id or MIME bytes', () => {
    expect(requestKey('ses', sesSend('a@example.com', 'welcome', 'id-1'))).toBe(requestKey('ses', sesSend('a@example.com', 'welcome', 'id-2')));
    expect(requestKey('ses', sesSend('a@example.com', 'welcome', 'id-1'))).not.toBe(requestKey('ses', sesSend('b@example.com', 'welcome', 'id-1')));
  });

  it('keys a text on its number and words, not on its tracked-link token', () => {
    const text = (token: string) => new URLSearchParams({ Action: 'Publish', PhoneNumber: '+17145550100', Message: `Ask for a visit: https://x.example/c/${token} STOP to opt out` }).toString();
    expect(requestKey('sns', text('abc'))).toBe(requestKey('sns', text('xyz')));
  });

  it('draws anew for each occurrence of a request, so a retried send is not refused forever', () => {
    const injector = new FaultInjector({ seed: 3, ses: { throttle: 0.5 } });
    const call: ProviderCall = { command: 'SendRawEmailCommand', key: 'same message', insideWorker: false };
    const outcomes = new Set(Array.from({ length: 20 }, () => injector.providerFault('ses', call)));
    expect(outcomes).toEqual(new Set(['throttle', undefined]));
  });

  it('decides DynamoDB faults per request and attempt, the same in any order', () => {
    const dynamoCalls = Array.from({ length: 300 }, (_, i) => ({
      command: 'UpdateItemCommand',
      key: `{"Key":{"pk":{"S":"SUB#${i}"}}}`,
      attempt: 1,
      maxAttempts: 3,
      invocationId: `inv-${i}`,
      conditionalWrite: true,
      insideWorker: true,
    }));
    const run = (order: typeof dynamoCalls) => {
      const injector = new FaultInjector(PLAN);
      const byKey = new Map(order.map((c) => [c.key, injector.dynamoFault(c)]));
      return { byKey, injected: injector.injected() };
    };
    const a = run(dynamoCalls);
    const b = run([...dynamoCalls].reverse());
    expect(b.injected).toEqual(a.injected);
    expect([...b.byKey].sort()).toEqual([...a.byKey].sort());
    expect(a.injected['dynamodb.conditionalRace'] ?? 0).toBeGreaterThan(0);
  });
});
