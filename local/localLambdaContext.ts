/**
 * The Lambda context local mode passes to a handler it invokes, named as the function would be
 * (`carecast-local-<handler>`), with a fresh request id: Powertools Logger stamps each log line
 * with them (`function_name`, `function_request_id`), so a local log says which function wrote it.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export const localLambdaContext = (name: string): Context =>
  ({
    functionName: `carecast-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:carecast-local-${name}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/carecast-local-${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }) as Context;
