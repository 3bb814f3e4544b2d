/**
 * The one X-Ray tracer (Powertools Tracer, issue 16). Every function gets it twice: its SDK
 * clients are captured in the wiring (one subsegment per DynamoDB, SES, SNS and SQS call) and its
 * handler is wrapped (`traced`), with `cold_start` and the function's service as annotations.
 * CDK turns on active tracing for every function (infra/Functions.ts).
 *
 * Only in Lambda: outside it (local mode, tests, scripts) there is no X-Ray daemon nor segment,
 * so the tracer is off and captures are no-ops.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger.js';

export const tracer = new Tracer({ serviceName: 'carecast', enabled: Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) && process.env.CARECAST_MODE !== 'local' });

/** Adds the tracer's middleware to a client's stack (`captureAWSv3Client`); returns the same client. */
export const traceClient = <T>(client: T): T => tracer.captureAWSv3Client(client);

/**
 * The handler's own subsegment (`## handler`), cold start and errors: Powertools' middy middleware.
 * Responses are never recorded (pages and answers can hold a patient's name or address: P5).
 */
export const tracedHandler = () => captureLambdaHandler(tracer, { captureResponse: false });

/**
 * A non-HTTP handler (queue, topic, schedule, alarm) with the tracer's middleware and the logger's
 * Lambda context (`function_name`, `function_request_id`, `cold_start` on every line, as the HTTP
 * routes have: without it these functions' logs named no request, and in local mode, where one
 * process runs every function, they carried the last HTTP route's name). Same call shape, so
 * local mode and tests call it as before (the context is optional there).
 */
export const traced = <E, R>(fn: (event: E, context: Context) => Promise<R>): ((event?: E, context?: Context) => Promise<R>) => {
  const h = middy(fn).use(tracedHandler()).use(injectLambdaContext(logger, { resetKeys: true }));
  return (event, context) => h(event as E, context ?? ({} as Context));
};
