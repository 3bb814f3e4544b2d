/**
 * POST /api/dev/ses/notification: replays an SES notification (a JSON document shaped like the
 * AWS examples; samples in tests/fixtures/ses/) through the same SNS-shaped event and Lambda
 * handler the deployed feedback topic uses. Body: the SES event itself, or
 * `{ "snsMessageId": "…", "message": { …SES event… } }` to choose the SNS id (replay tests).
 */
import { asHandler } from '../../functions/adapters/aws/sdkCallRecorder.js';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { handler as sesFeedback } from '../../functions/handlers/events/sesFeedback.js';
import { readBody } from '../../functions/http/readBody.js';
import { errorBody, json } from '../../functions/http/responses.js';
import { localRuntime } from '../runtime.js';
import { snsNotification } from '../snsNotification.js';
import { localLambdaContext } from '../localLambdaContext.js';

const Wrapped = z.object({ snsMessageId: z.string().min(1).max(128).optional(), message: z.record(z.string(), z.unknown()) }).strict();
const HINT = 'Send an SES event JSON, or {"snsMessageId":"…","message":{…}}';

export const handler = async (event: APIGatewayProxyEventV2) => {
  let body: Record<string, unknown>;
  try {
    body = readBody(event, 256 * 1024).value;
  } catch {
    return json(400, errorBody('invalid_input', HINT, { body: 'Expected a JSON object' }));
  }
  const wrapped = Wrapped.safeParse(body);
  const snsMessageId = (wrapped.success ? wrapped.data.snsMessageId : undefined) ?? randomUUID();
  const message = wrapped.success ? wrapped.data.message : body;
  const sns = snsNotification('carecast-ses-events', JSON.stringify(message), { messageId: snsMessageId, at: localRuntime().clock.now() });
  try {
    await asHandler('sesFeedback', () => sesFeedback(sns, localLambdaContext('sesFeedback')));
  } catch {
    return json(500, errorBody('internal', 'The feedback handler failed; in AWS the invocation would be retried'));
  }
  await localRuntime().settle();
  return json(202, { accepted: true, snsMessageId });
};
