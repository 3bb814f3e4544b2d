/**
 * The signup form token through HTTP against local mode (issues 11 and 12): required on every
 * signup post, JSON included; a form sent back the instant its page opened (browser autofill) is a
 * person who is asked to press again, never silently dropped; and a re-subscription right after a
 * one-click unsubscribe gets its own confirmation while a double click still sends one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { confirmedSubscriber, oneClick, unsubscribeUrlFor } from '../support/recipientActions.js';
import { confirmByEmail, confirmLinkFor, itemsOfType, postJson, postSignupForm, pressConfirm, sent, signupBody, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  stack?.clock.release();
  await stack?.stop();
});

const formTokenOf = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)?.[1];
const signupPageToken = async () => formTokenOf(await (await fetch(`${stack.baseUrl}/`)).text()) as string;
const formPost = (fields: Record<string, string>) => postSignupForm(stack, fields);
const confirmationsTo = (email: string) => sent(stack, { channel: 'email', to: email }).filter((m) => m.text?.includes('/api/confirm?'));

describe('the form token is required on every signup post (issue 12)', () => {
  it('a JSON signup without a form token answers 400 form_expired, writes nothing and sends nothing', async () => {
    const before = (await tableItems(stack)).length;
    const body = signupBody({ formToken: undefined });
    const r = await postJson(stack, '/api/subscribe', body);
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatchObject({ code: 'form_expired', fields: { formToken: 'Expired' } });
    await stack.settle();
    expect((await tableItems(stack)).length).toBe(before);
    expect(sent(stack, { to: body.email as string })).toHaveLength(0);
  });

  it('a JSON signup with the page\'s token, sent back at a person\'s pace, is accepted once', async () => {
    const formToken = await signupPageToken();
    await stack.advance('PT5S');
    const body = signupBody({ formToken });
    expect((await postJson(stack, '/api/subscribe', body)).status).toBe(202);
    await stack.settle();
    expect(confirmationsTo(body.email as string)).toHaveLength(1);
  });
});

describe('a person is never taken for a bot (issue 11)', () => {
  it('a form post the instant its page opened (autofill) gets the form back with the input kept, a fresh token and a plain message; pressing again sends', async () => {
    const before = (await tableItems(stack)).length;
    const email = `autofill+${Date.now()}@example.com`;
    stack.clock.hold(); // the post arrives 0 s after the page, whatever the CPU load
    const token = await signupPageToken();
    const r = await formPost({ email, firstName: 'Lena', language: 'en', consentEmail: 'on', timezone: 'America/Los_Angeles', formToken: token });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('Please check your details and press Subscribe again');
    expect(html).toContain(`value="${email}"`);
    expect(html).toContain('value="Lena"');
    const fresh = formTokenOf(html) as string;
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(token);
    await stack.settle();
    expect((await tableItems(stack)).length).toBe(before);
    expect(sent(stack, { to: email })).toHaveLength(0);

    stack.clock.release();
    await stack.advance('PT5S');
    const again = await formPost({ email, firstName: 'Lena', language: 'en', consentEmail: 'on', timezone: 'America/Los_Angeles', formToken: fresh });
    expect(again.status).toBe(303);
    await stack.settle();
    expect(confirmationsTo(email)).toHaveLength(1);
  });

  it('a JSON post the instant its page opened answers 400 form_too_fast and writes nothing; the same token later is accepted', async () => {
    const before = (await tableItems(stack)).length;
    stack.clock.hold();
    const formToken = await signupPageToken();
    const body = signupBody({ formToken });
    const fast = await postJson(stack, '/api/subscribe', body);
    expect(fast.status).toBe(400);
    expect((await fast.json()).error).toMatchObject({ code: 'form_too_fast', message: 'Please check your details and press Subscribe again.' });
    await stack.settle();
    expect((await tableItems(stack)).length).toBe(before);

    stack.clock.release();
    await stack.advance('PT5S');
    expect((await postJson(stack, '/api/subscribe', body)).status).toBe(202);
    await stack.settle();
    expect(confirmationsTo(body.email as string)).toHaveLength(1);
  });

  it('a forged token still sees success and nothing is written', async () => {
    const formToken = await signupPageToken();
    await stack.advance('PT5S');
    const before = (await tableItems(stack)).length;
    const forged = await postJson(stack, '/api/subscribe', signupBody({ formToken: `${formToken.slice(0, -3)}abc` }));
    expect(forged.status).toBe(202);
    await stack.settle();
    expect((await tableItems(stack)).length).toBe(before);
  });
});

describe('issue 11 case 5: coming back within minutes of a one-click unsubscribe', () => {
  it('sends a fresh confirmation that confirms, while a double click of it still sends one', async () => {
    const { email } = await confirmedSubscriber(stack);
    const body = signupBody({ email });
    await stack.advance('PT1M'); // the series' first message, which carries List-Unsubscribe
    expect((await oneClick(unsubscribeUrlFor(stack, email))).status).toBeLessThan(400);
    const oldLink = confirmLinkFor(stack, email);

    // Still inside the 10-minute double-click window of the first confirmation; a double click of the re-signup.
    await stack.advance('PT2M');
    const answers = await Promise.all([postJson(stack, '/api/subscribe', body), postJson(stack, '/api/subscribe', body)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    await stack.settle();
    expect(confirmationsTo(email)).toHaveLength(2);
    const newLink = confirmLinkFor(stack, email);
    expect(newLink).not.toBe(oldLink);

    const confirmed = await confirmByEmail(stack, email);
    expect(await confirmed.text()).toContain('starts again from its first message');
    const row = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === email);
    expect(row?.emailStatus).toBe('confirmed');
    // The kept link from before the opt-out confirms nothing.
    expect(await (await pressConfirm(oldLink)).text()).not.toContain('starts again from its first message');
  });
});
