/**
 * POST /api/dev/sms/inbound {from, body}: simulates a patient's reply. It goes through the
 * same SNS-shaped event and Lambda handler that two-way SMS uses in AWS.
 */
import { asHandler } from '../../functions/adapters/aws/sdkCallRecorder.js';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { handler as smsInbound } from '../../functions/handlers/events/smsInbound.js';
import { readBody } from '../../functions/http/readBody.js';
import { errorBody, json } from '../../functions/http/responses.js';
import { isTransientFault, transientRetryAfterSeconds } from '../../functions/http/transientFault.js';
import { localRuntime } from '../runtime.js';
import { snsNotification } from '../snsNotification.js';
import { localLambdaContext } from '../localLambdaContext.js';

/** Deliveries of one inbound text (SNS retries a failed Lambda delivery many more times, over hours). */
const SNS_ATTEMPTS = 4;

/** Response header: how many SNS deliveries of the text the handler needed (1 = first time). */
export const SNS_DELIVERIES_HEADER = 'x-carecast-sns-deliveries';

const Inbound = z.object({ from: z.string().min(1).max(32), body: z.string().max(1600) }).strict();

export const handler = async (event: APIGatewayProxyEventV2) => {
  let raw: unknown;
  try {
    raw = readBody(event).value;
  } catch {
    return json(400, errorBody('invalid_input', 'Send JSON like {"from":"+17145550123","body":"YES"}', { body: 'Expected a JSON object' }));
  }
  const parsed = Inbound.safeParse(raw);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'body'), i.message]));
    return json(400, errorBody('invalid_input', 'Send JSON like {"from":"+17145550123","body":"YES"}', fields));
  }
  const inboundMessageId = randomUUID();
  const sns = snsNotification(
    'carecast-inbound-sms',
    JSON.stringify({
      originationNumber: parsed.data.from,
      destinationNumber: '+18885550100',
      messageKeyword: 'KEYWORD_000000000000',
      messageBody: parsed.data.body,
      inboundMessageId,
      previousPublishedMessageId: '',
    }),
  );
  // In AWS the Lambda fails and SNS delivers the same message again (idempotent on
  // inboundMessageId); the patient's phone never sees an error. Here the same redelivery runs
  // inside the request, and only if it never succeeds is the sender told to retry (503, issue 16).
  // The patient is the phone: it sees none of this. How many deliveries it took is in a header, so
  // a harness can count SNS redeliveries apart from answers a patient would see.
  let attempt = 1;
  for (; ; attempt++) {
    try {
      await asHandler('smsInbound', () => smsInbound(sns, localLambdaContext('smsInbound')));
      break;
    } catch (err) {
      if (!isTransientFault(err)) throw err;
      if (attempt >= SNS_ATTEMPTS) {
        return json(503, errorBody('temporarily_unavailable', 'Not handled yet; send the same text again shortly', {}), {
          'retry-after': String(transientRetryAfterSeconds),
          [SNS_DELIVERIES_HEADER]: String(attempt),
        });
      }
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(2_000, 50 * 2 ** attempt)));
    }
  }
  await localRuntime().settle();
  return json(202, { accepted: true, inboundMessageId }, { [SNS_DELIVERIES_HEADER]: String(attempt) });
};
