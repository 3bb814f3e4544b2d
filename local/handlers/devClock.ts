/**
 * GET /api/dev/clock and POST /api/dev/clock {"advance":"P1D"}: simulated time. Advancing runs
 * the dispatcher at every due time on the way, so messages carry the time they were due.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Duration } from 'luxon';
import * as z from 'zod';
import { readBody } from '../../functions/http/readBody.js';
import { errorBody, json } from '../../functions/http/responses.js';
import { localRuntime } from '../runtime.js';

const Advance = z
  .object({
    advance: z.string().refine((s) => {
      const d = Duration.fromISO(s);
      return d.isValid && d.as('milliseconds') > 0 && d.as('days') <= 400;
    }, 'Use a positive ISO-8601 duration up to 400 days, such as PT4H or P1D'),
  })
  .strict();

const state = () => {
  const { clock } = localRuntime();
  return { now: clock.now().toISOString(), offsetMs: clock.offset };
};

export const handler = async (event: APIGatewayProxyEventV2) => {
  if (event.requestContext.http.method === 'GET') return json(200, state());
  let body: unknown;
  try {
    body = readBody(event).value;
  } catch {
    return json(400, errorBody('invalid_input', 'Send JSON like {"advance":"P1D"}', { body: 'Expected a JSON object' }));
  }
  const parsed = Advance.safeParse(body);
  if (!parsed.success) {
    return json(400, errorBody('invalid_input', 'Send JSON like {"advance":"P1D"}', { advance: parsed.error.issues[0]?.message ?? 'Invalid' }));
  }
  const sentBefore = localRuntime().outbox.all().length;
  await localRuntime().advance(parsed.data.advance);
  return json(200, { ...state(), sent: localRuntime().outbox.all().length - sentBefore });
};
