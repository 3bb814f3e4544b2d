/**
 * R10: under randomly injected provider faults (throttling, 5xx, timeouts after acceptance,
 * rejections) and opt-outs midway, no step is sent twice, no step is lost, and nothing is sent
 * after an opt-out. fast-check draws the fault schedule; each run plays the whole series.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { confirmByEmail, itemsOfType, postJson, sent, signupBody, startTestStack } from '../support/testStack.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Fault = 'ok' | 'throttle' | 'unavailable' | 'drop' | 'reject';
const xmlError = (ns: string, code: string, status: number) => ({
  status,
  body: `<ErrorResponse xmlns="${ns}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>chaos</RequestId></ErrorResponse>`,
});
const SES_NS = 'http://ses.amazonaws.com/doc/2010-12-01/';
const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

const faultAnswer = (ns: string, fault: Fault) => {
  switch (fault) {
    case 'throttle':
      return xmlError(ns, ns === SES_NS ? 'Throttling' : 'Throttling', 400);
    case 'unavailable':
      return xmlError(ns, 'ServiceUnavailable', 503);
    case 'reject':
      return xmlError(ns, ns === SES_NS ? 'MessageRejected' : 'InvalidParameter', 400);
    case 'drop':
      // The request arrives and the answer is lost (the ambiguous case): a dropped connection rather than a
      // client timeout, so whether a send is ambiguous never depends on how loaded the machine is.
      return 'drop' as const;
    default:
      return undefined;
  }
};

let n = 0;
const enroll = async (optOutAfterDays: number | undefined) => {
  const phone = `+1949555${String(1000 + n++).slice(-4)}`;
  const body = signupBody({ phone, consentSms: true });
  await postJson(stack, '/api/subscribe', body);
  await stack.settle();
  await confirmByEmail(stack, body.email as string);
  await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' });
  const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === body.email) as Record<string, string>;
  return { email: body.email as string, phone, subscriberId: sub.subscriberId as string, optOutAfterDays };
};

describe('chaos property (R10)', () => {
  it('never duplicates, never loses a step, never sends after an opt-out', async () => {
    const faultArb = fc.constantFrom<Fault>('ok', 'ok', 'ok', 'ok', 'throttle', 'unavailable', 'drop', 'reject');
    await fc.assert(
      fc.asyncProperty(
        fc.array(faultArb, { minLength: 40, maxLength: 40 }),
        fc.array(fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }), { minLength: 3, maxLength: 3 }),
        async (faults, optOuts) => {
          const people = [];
          for (const o of optOuts) people.push(await enroll(o));
          let call = 0;
          const next = () => faults[call++ % faults.length] as Fault;
          stack.faults.ses.current = (p) => (p.get('Action') === 'SendRawEmail' ? faultAnswer(SES_NS, next()) : undefined);
          stack.faults.sms.current = (p) => (p.get('Action') === 'Publish' ? faultAnswer(SNS_NS, next()) : undefined);
          const optedOutAt = new Map<string, string>();
          try {
            for (let day = 1; day <= 30; day++) {
              await stack.advance('P1D');
              for (const p of people) {
                if (p.optOutAfterDays === day && !optedOutAt.has(p.subscriberId)) {
                  const d = await domainContext();
                  await d.store.transitionChannel(p.subscriberId, 'email', ['confirmed'], 'unsubscribed', false);
                  optedOutAt.set(p.subscriberId, stack.clock.now().toISOString());
                }
              }
            }
          } finally {
            stack.faults.ses.current = undefined;
            stack.faults.sms.current = undefined;
          }
          await stack.advance('P10D');

          const sends = await itemsOfType(stack, 'send');
          for (const p of people) {
            // No duplicates: each sendId reached the mail endpoint at most once.
            const mails = sent(stack, { to: p.email }).filter((m) => m.tags?.sequence === 'cervical-dystonia');
            const perSendId = new Map<string, number>();
            for (const m of mails) perSendId.set(m.tags?.sendId as string, (perSendId.get(m.tags?.sendId as string) ?? 0) + 1);
            expect([...perSendId.values()].every((c) => c === 1)).toBe(true);
            // Nothing after an opt-out.
            const cut = optedOutAt.get(p.subscriberId);
            if (cut) expect(mails.filter((m) => m.sentAt > cut)).toEqual([]);
            // Nothing lost: the enrollment finished and every step has a final outbox row.
            const enrollment = (await itemsOfType(stack, 'enrollment')).find((e) => e.subscriberId === p.subscriberId);
            expect(enrollment?.status).toBe('completed');
            const mine = sends.filter((s) => s.subscriberId === p.subscriberId && s.sequenceId === 'cervical-dystonia');
            expect(mine).toHaveLength(11);
            for (const s of mine) expect(['SENT', 'UNKNOWN', 'FAILED', 'SKIPPED']).toContain(s.state);
          }
          expect(stack.queue.deadLetters).toHaveLength(0);
        },
      ),
      { numRuns: 3 },
    );
  }, LOAD_BOUND_MS);
});
