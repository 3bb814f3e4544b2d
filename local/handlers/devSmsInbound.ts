/**
 * POST /api/dev/sms/inbound {from, body}: simulates a patient's reply. It goes through the
 * same SNS-shaped event and Lambda handler that two-way SMS uses in AWS.
 */
import { asHandler } from '../../functions/adapters/aws/sdkCallRecorder.js';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { handler as smsInbound } from '../../functions/handlers/smsInbound.js';
import { readBody } from '../../functions/http/readBody.js';
import { errorBody, json } from '../../functions/http/responses.js';
import { isTransientFault, transientRetryAfterSeconds } from '../../functions/http/transientFault.js';
import { localRuntime } from '../runtime.js';
import { snsNotification } from '../snsNotification.js';

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
  try {
    await asHandler('smsInbound', () => smsInbound(sns));
  } catch (err) {
    // In AWS the Lambda fails and SNS retries the same message (idempotent on inboundMessageId);
    // here the sender is told to retry: 503 + Retry-After, never a 500 (issue 16).
    if (!isTransientFault(err)) throw err;
    return json(503, errorBody('temporarily_unavailable', 'Not handled yet; send the same text again shortly', {}), { 'retry-after': String(transientRetryAfterSeconds) });
  }
  await localRuntime().settle();
  return json(202, { accepted: true, inboundMessageId });
};
