/**
 * Issue 16: the ambiguous window closed for system messages, end to end in local mode. A signup's
 * confirmation goes through the queue only; before this, one whose provider call was ambiguous
 * stayed UNKNOWN for good and the person never got the link ("left UNKNOWN, never reached the
 * endpoint: 12 system messages" in the chaos run). Now the dispatcher brings it back after the
 * wait: sent once more when no provider evidence came, settled SENT when it did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { nextPhone } from '../support/recipientActions.js';
import { confirmByEmail, postJson, sent, sesSendTo, signupBody, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_UNKNOWN_EMAIL_RESEND_MINUTES: '30', CARECAST_LOCAL_SES_EVENTS: '1', CARECAST_UNKNOWN_TEXT_RESEND_MINUTES: '60' });
});
afterAll(() => stack?.stop());

const confirmationEmailsTo = (email: string) => sent(stack, { channel: 'email', to: email }).filter((m) => m.text?.includes('/api/confirm?'));
const optInTextsTo = (phone: string) => sent(stack, { channel: 'sms', to: phone }).filter((m) => /Reply YES/i.test(m.body ?? ''));

/** Signs up by text only, with `fault` on the first opt-in confirmation text's Publish. */
const textSignupWithFault = async (fault: 'drop' | 'accept-then-drop') => {
  const phone = nextPhone();
  let hits = 0;
  stack.faults.sms.current = (params) => {
    if (hits > 0 || params.get('Action') !== 'Publish' || params.get('PhoneNumber') !== phone || !/Reply YES/i.test(params.get('Message') ?? '')) return undefined;
    hits++;
    return fault;
  };
  const body: Record<string, unknown> = signupBody({ consentEmail: false, phone, consentSms: true });
  delete body.email;
  expect((await postJson(stack, '/api/subscribe', body)).status).toBe(202);
  await stack.settle();
  expect(hits).toBe(1);
  stack.faults.sms.current = undefined;
  return phone;
};

describe('an UNKNOWN confirmation', () => {
  it('email that never reached SES is sent again after the wait, once, and its link confirms', async () => {
    const body = signupBody();
    let dropped = 0;
    // The confirmation email's connection dies after the request left: ambiguous, and SES has nothing.
    stack.faults.ses.current = (params) => (dropped === 0 && sesSendTo(params, body.email) ? (dropped++, 'drop') : undefined);
    expect((await postJson(stack, '/api/subscribe', body)).status).toBe(202);
    await stack.settle();
    stack.faults.ses.current = undefined;
    expect(dropped).toBe(1);
    expect(confirmationEmailsTo(body.email)).toHaveLength(0);
    await stack.advance('PT1H');
    await stack.settle();
    expect(confirmationEmailsTo(body.email)).toHaveLength(1);
    expect((await confirmByEmail(stack, body.email)).status).toBeLessThan(400);
    await stack.advance('PT3H');
    await stack.settle();
    expect(confirmationEmailsTo(body.email)).toHaveLength(1);
  });

  it('text that never reached SNS is sent again after the wait, once', async () => {
    const phone = await textSignupWithFault('drop');
    expect(optInTextsTo(phone)).toHaveLength(0);
    await stack.advance('PT2H');
    await stack.settle();
    expect(optInTextsTo(phone)).toHaveLength(1);
    await stack.advance('PT3H');
    await stack.settle();
    expect(optInTextsTo(phone)).toHaveLength(1);
  });

  it('text that SNS took is settled by its delivery-status record and never sent again', async () => {
    const phone = await textSignupWithFault('accept-then-drop');
    expect(optInTextsTo(phone)).toHaveLength(1);
    await stack.advance('PT5H');
    await stack.settle();
    expect(optInTextsTo(phone)).toHaveLength(1);
  });
});
