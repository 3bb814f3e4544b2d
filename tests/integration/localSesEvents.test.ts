/**
 * Local SES behaves like SES (issues 14, 16): every accepted message produces its Send and
 * Delivery events through the SNS-shaped path into the sesFeedback handler, and the SES mailbox
 * simulator addresses bounce and complain as they do in AWS, so both can be tried from the
 * signup form. The results page then shows what was delivered.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { tableInspector } from '../../local/tableInspector.js';
import { api, confirmedEmailSubscriber, staffToken } from '../support/staffConsole.js';
import { itemsOfType, postJson, postSignupForm, sent, signupBody, signupFormToken, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const suppressionOf = async (email: string) => {
  const pk = keys.suppression((await domainContext()).hasher.hash('email', email)).pk;
  return (await itemsOfType(stack, 'suppression')).find((x) => x.pk === pk);
};
const simulator = (mailbox: string) => `${mailbox}+${randomUUID().slice(0, 8)}@simulator.amazonses.com`;

describe('local SES events', () => {
  it('a signup with bounce@simulator.amazonses.com on the form bounces hard and suppresses the address', async () => {
    const email = simulator('bounce');
    const formToken = await signupFormToken(stack);
    const r = await postSignupForm(stack, { firstName: 'Ana', email, language: 'en', consentEmail: 'on', formToken });
    expect(r.status).toBe(303);
    await stack.settle();
    expect(sent(stack, { channel: 'email', to: email })).toHaveLength(1);
    expect(await suppressionOf(email)).toMatchObject({ reason: 'bounce-permanent', channel: 'email' });
  });

  it('complaint@ is delivered, then complains: suppressed as a complaint', async () => {
    const email = simulator('complaint');
    expect((await postJson(stack, '/api/subscribe', signupBody({ email }))).status).toBe(202);
    await stack.settle();
    expect(await suppressionOf(email)).toMatchObject({ reason: 'complaint', channel: 'email' });
  });

  it('suppressionlist@ bounces as an address on the suppression list', async () => {
    const email = simulator('suppressionlist');
    await postJson(stack, '/api/subscribe', signupBody({ email }));
    await stack.settle();
    expect(await suppressionOf(email)).toMatchObject({ reason: 'bounce-permanent' });
  });

  it('every drip email gets its Delivery event, so the results show delivered next to sent', async () => {
    const { email } = await confirmedEmailSubscriber(stack, { email: simulator('success') });
    await stack.advance('P1D');
    await stack.settle();
    const welcome = sent(stack, { channel: 'email', to: email }).find((m) => m.tags?.step === 'welcome');
    expect(welcome).toBeDefined();
    const events = (await tableInspector().listStepEvents('cervical-dystonia', 'welcome')).filter((e) => e.sendId === welcome?.tags?.sendId);
    expect(events.map((e) => e.kind)).toEqual(['delivered']);
    expect(await suppressionOf(email)).toBeUndefined();
    const results = (await api(stack, await staffToken(stack), 'GET', '/api/admin/sequences/cervical-dystonia/results')).body;
    const row = results.steps.find((s: { stepId: string }) => s.stepId === 'welcome');
    expect(row.counters.delivered).toBeGreaterThan(0);
    expect(row.rates.deliveryRate).toBeGreaterThan(0);
  });
});
