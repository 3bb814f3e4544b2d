/**
 * Issue 16: a DynamoDB write whose answer is lost (the write landed; the SDK's retry of the same
 * write then fails its condition) is still the caller's own write. Single-use markers said "used
 * before" to the very request that used them: a signup was taken for a replayed form (the patient
 * read "we have sent a message" and nothing was stored or sent), and a confirmation press was
 * refused as a used link. The markers now keep the id of the claim that wrote them. Every
 * conditional write below is raced: the same write lands twice and the first answer is thrown away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../functions/wiring.js';
import { activeFaultInjector } from '../../local/faults/faultMiddleware.js';
import type { FaultInjector } from '../../local/faults/FaultInjector.js';
import type { LocalStack } from '../../local/localStack.js';
import { confirmByEmail, postJson, sent, signupBody, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
let faults: FaultInjector;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_FAULTS: JSON.stringify({ seed: 16, dynamodb: { conditionalRace: 1 } }) });
  await domainContext(); // builds the SDK clients, and with them the fault injector
  const injector = activeFaultInjector();
  if (!injector) throw new Error('fault injection is off');
  faults = injector;
});
afterAll(() => stack?.stop());

describe('single-use markers under lost DynamoDB answers', () => {
  it('a signup whose form-token write lost its answer is stored and sends its confirmation email', async () => {
    const body = signupBody();
    const before = faults.injected()['dynamodb.conditionalRace'] ?? 0;
    expect((await postJson(stack, '/api/subscribe', body)).status).toBe(202);
    await stack.settle();
    expect((faults.injected()['dynamodb.conditionalRace'] ?? 0) - before).toBeGreaterThan(0);
    expect((await tableItems(stack)).filter((i) => i.type === 'subscriber' && i.email === body.email)).toHaveLength(1);
    expect(sent(stack, { channel: 'email', to: body.email })).toHaveLength(1);
  });

  it('a confirmation press whose nonce write lost its answer confirms the address', async () => {
    faults.enabled = false;
    const body = signupBody();
    expect((await postJson(stack, '/api/subscribe', body)).status).toBe(202);
    await stack.settle();
    faults.enabled = true;
    const before = faults.injected()['dynamodb.conditionalRace'] ?? 0;
    const r = await confirmByEmail(stack, body.email);
    expect(r.status).toBe(200);
    expect((faults.injected()['dynamodb.conditionalRace'] ?? 0) - before).toBeGreaterThan(0);
    expect((await tableItems(stack)).find((i) => i.type === 'subscriber' && i.email === body.email)?.emailStatus).toBe('confirmed');
  });
});
