/**
 * Issue 16: the ambiguous window closed for email, end to end in local mode. A drip email whose
 * connection dies after the request left is UNKNOWN; no SES Send event arrives for its sendId
 * (the message never got in), so after the wait it is sent again, once. A message that did get in
 * is reconciled by its Send event (local mode publishes them as the configuration set does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { confirmedEmailSubscriber } from '../support/staffConsole.js';
import { sent, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_UNKNOWN_EMAIL_RESEND_MINUTES: '30', CARECAST_LOCAL_SES_EVENTS: '1' });
});
afterAll(() => stack?.stop());

describe('an UNKNOWN drip email', () => {
  it('is sent again after the wait when no SES event came, and only once', async () => {
    const { email } = await confirmedEmailSubscriber(stack);
    const withSendId = (id: string | undefined) => sent(stack, { channel: 'email', to: email }).filter((m) => m.tags?.sendId === id);
    let droppedSendId: string | undefined;
    // The next step email: the connection dies after the request left (ambiguous), nothing stored.
    stack.faults.ses.current = (params) => {
      if (droppedSendId) return undefined;
      for (let i = 1; params.has(`Tags.member.${i}.Name`); i++) {
        if (params.get(`Tags.member.${i}.Name`) === 'sendId' && params.get('Action') === 'SendRawEmail') droppedSendId = params.get(`Tags.member.${i}.Value`) ?? undefined;
      }
      return droppedSendId ? 'drop' : undefined;
    };
    // The day's run passes the resend time (30 min after the drop): the dispatcher queues the step again.
    await stack.advance('P1D');
    await stack.settle();
    expect(droppedSendId).toBeDefined();
    // Sent again after the wait, under the same sendId, exactly once.
    expect(withSendId(droppedSendId)).toHaveLength(1);
    await stack.advance('PT2H');
    await stack.settle();
    expect(withSendId(droppedSendId)).toHaveLength(1);
    const ids = sent(stack, { channel: 'email', to: email }).map((m) => m.tags?.sendId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
