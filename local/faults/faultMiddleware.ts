/**
 * Fault injection at the SDK clients (issue 8): one middleware per client, in the `deserialize`
 * step below the SDK's deserializer, so it sits inside the retry loop and answers in the wire
 * format. The SDK then builds its real exceptions and applies its real retry policy: DynamoDB
 * retries an injected throttle as it would a real one; SES and SNS (`maxAttempts: 1`) do not.
 *
 * Wired by functions/wiring.ts only when `CARECAST_FAULTS` is set, which config.ts allows in
 * local mode only. Production never loads a plan, so this code never runs there.
 */
import { randomUUID } from 'node:crypto';
import type { DeserializeHandlerOutput, DeserializeMiddleware, HttpResponse } from '@smithy/types';
import { FaultInjector } from './FaultInjector.js';
import type { FaultPlan } from '../../functions/contract/FaultPlan.js';
import { bodyText, requestKey } from './requestKey.js';
import { currentInvocation, never } from './WorkerCrash.js';

interface ClientLike {
  middlewareStack: { add(middleware: DeserializeMiddleware<object, object>, options: { step: 'deserialize'; name: string; priority: 'low' }): void };
}

const XML_NS = { ses: 'http://ses.amazonaws.com/doc/2010-12-01/', sns: 'http://sns.amazonaws.com/doc/2010-03-31/' } as const;

const wire = (statusCode: number, contentType: string, body: string): HttpResponse => ({
  statusCode,
  headers: { 'content-type': contentType, 'x-amzn-requestid': `fault-${randomUUID()}` },
  body: Buffer.from(body),
});

/** What SES (Query protocol) and SNS answer when they refuse a call. */
const queryError = (service: 'ses' | 'sns', status: number, code: string, message: string) =>
  wire(
    status,
    'text/xml',
    `<ErrorResponse xmlns="${XML_NS[service]}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`,
  );

/** DynamoDB's two throttling answers; the SDK retries both. */
const dynamoThrottle = (provisioned: boolean) =>
  wire(
    400,
    'application/x-amz-json-1.0',
    JSON.stringify(
      provisioned
        ? { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' }
        : { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' },
    ),
  );

/** What @smithy/node-http-handler throws when the answer does not come in time. */
const timeoutAfterSend = () => Object.assign(new Error('Request timed out after it was sent (injected fault)'), { name: 'TimeoutError' });

const asResponse = (r: HttpResponse) => ({ response: r }) as DeserializeHandlerOutput<object>;

/**
 * Lets go of an answer nobody will read. Below the deserializer the body is still the socket's
 * stream: left unread, its socket never returns to the client's pool (50 sockets), so every
 * discarded answer (the first of a conditional race, the calls in flight of a killed worker)
 * leaked one, and once 50 had leaked every DynamoDB call waited forever: the 800-subscriber chaos
 * run hung in its confirm phase at 0 % CPU. A dead process's sockets close; a race's is read out.
 */
const discard = (result: DeserializeHandlerOutput<object>, how: 'read' | 'close'): void => {
  const body = (result.response as { body?: { resume?: () => void; destroy?: () => void } } | undefined)?.body;
  if (how === 'read') body?.resume?.();
  else body?.destroy?.();
};

const headersOf = (request: unknown): Record<string, string> => (request as { headers?: Record<string, string> }).headers ?? {};

const providerMiddleware =
  (service: 'ses' | 'sns', injector: FaultInjector): DeserializeMiddleware<object, object> =>
  (next, context) =>
  async (args) => {
    const invocation = currentInvocation();
    if (invocation?.crashed) return never();
    const body = (args.request as { body?: unknown }).body;
    const fault = injector.providerFault(service, { command: context.commandName ?? '', key: requestKey(service, body), insideWorker: invocation !== undefined });
    if (fault === 'throttle') {
      return asResponse(service === 'ses' ? queryError('ses', 400, 'Throttling', 'Maximum sending rate exceeded.') : queryError('sns', 429, 'Throttled', 'Rate exceeded'));
    }
    if (fault === 'unavailable') return asResponse(queryError(service, 503, 'ServiceUnavailable', 'Service is unavailable. Please try again later.'));
    const result = await next(args);
    // A dead process never reads the answer to a call it had in flight.
    if (invocation?.crashed) {
      discard(result, 'close');
      return never();
    }
    if (fault === 'timeoutAfterSend') {
      discard(result, 'close');
      throw timeoutAfterSend();
    }
    if (fault === 'crashAfterSend' && invocation) {
      discard(result, 'close');
      invocation.crash();
      return never();
    }
    return result;
  };

const dynamoMiddleware =
  (injector: FaultInjector): DeserializeMiddleware<object, object> =>
  (next, context) =>
  async (args) => {
    const invocation = currentInvocation();
    if (invocation?.crashed) return never();
    const headers = headersOf(args.request);
    const [, attempt = '1', max = '1'] = /attempt=(\d+); max=(\d+)/.exec(headers['amz-sdk-request'] ?? '') ?? [];
    const command = context.commandName ?? '';
    const body = bodyText((args.request as { body?: unknown }).body);
    const fault = injector.dynamoFault({
      command,
      key: requestKey('dynamodb', body),
      attempt: Number(attempt),
      maxAttempts: Number(max),
      invocationId: headers['amz-sdk-invocation-id'] ?? randomUUID(),
      conditionalWrite:
        /^(PutItem|UpdateItem|DeleteItem|TransactWriteItems)Command$/.test(command) &&
        body.includes('"ConditionExpression"'),
      insideWorker: invocation !== undefined,
    });
    if (fault === 'crash' && invocation) {
      invocation.crash();
      return never();
    }
    if (fault === 'throttle') return asResponse(dynamoThrottle(Number(attempt) % 2 === 1));
    // The second writer gets there first, with the same write; its answer is not ours to read.
    if (fault === 'conditionalRace') discard(await next(args), 'read');
    const result = await next(args);
    // A dead process never reads the answer to a call it had in flight.
    if (invocation?.crashed) {
      discard(result, 'close');
      return never();
    }
    return result;
  };

let active: FaultInjector | undefined;

/** Adds the fault middleware to each client and returns the injector (also kept as the active one). */
export const installFaults = (clients: { dynamodb: ClientLike; ses: ClientLike; sns: ClientLike }, plan: FaultPlan): FaultInjector => {
  const injector = new FaultInjector(plan);
  const options = { step: 'deserialize', name: 'carecastFaultInjection', priority: 'low' } as const;
  clients.dynamodb.middlewareStack.add(dynamoMiddleware(injector), options);
  clients.ses.middlewareStack.add(providerMiddleware('ses', injector), options);
  clients.sns.middlewareStack.add(providerMiddleware('sns', injector), options);
  active = injector;
  return injector;
};

/** The injector of the running process, when faults are on (harness reports and switches). */
export const activeFaultInjector = (): FaultInjector | undefined => active;
