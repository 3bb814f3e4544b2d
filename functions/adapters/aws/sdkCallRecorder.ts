/**
 * Records which AWS API each handler calls, for the IAM simulation (tests/iam). Inert unless
 * local mode runs with CARECAST_IAM_RECORD_DIR set (integration tests set it): then an SDK
 * middleware on the real clients appends one JSON line per command to
 * `<dir>/<pid>.jsonl`: `{ handler, service, command, target }`. `target` keeps only what names the
 * resource (table, index, topic, queue, configuration set, sender domain), never an address,
 * number or name (P5).
 *
 * Which handler is running comes from `asHandler`, which local mode's invokers (HTTP gateway,
 * queue worker, dispatcher tick, SNS stand-ins) wrap around each invocation, as Lambda would run
 * each handler under its own role.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface RecordedCall {
  handler: string;
  service: 'dynamodb' | 'ses' | 'sns' | 'sqs' | 'secretsmanager';
  command: string;
  target: Record<string, unknown>;
}

const invocation = new AsyncLocalStorage<string>();
/** Lines this process already wrote: the simulation needs each distinct call once, not its count. */
const written = new Set<string>();

/** Runs `fn` as an invocation of `handler` (the function whose role the calls are checked against). */
export const asHandler = <T>(handler: string, fn: () => T): T => invocation.run(handler, fn);

const recordDir = (): string | undefined => (process.env.CARECAST_MODE === 'local' ? process.env.CARECAST_IAM_RECORD_DIR : undefined);

/** Appends one call; a call outside any handler (test set-up) is recorded as handler "-". */
export const recordCall = (service: RecordedCall['service'], command: string, target: Record<string, unknown>): void => {
  const dir = recordDir();
  if (!dir) return;
  const line = JSON.stringify({ handler: invocation.getStore() ?? '-', service, command, target } satisfies RecordedCall);
  if (written.has(line)) return;
  written.add(line);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${line}\n`);
};

type Input = Record<string, any>;

/** The resource-naming fields of a command's input; values that could be personal data are dropped. */
export const callTarget = (service: RecordedCall['service'], input: Input): Record<string, unknown> => {
  switch (service) {
    case 'dynamodb':
      return {
        ...(input.TableName ? { table: input.TableName } : {}),
        ...(input.IndexName ? { index: input.IndexName } : {}),
        ...(input.RequestItems ? { tables: Object.keys(input.RequestItems) } : {}),
        ...(input.TransactItems
          ? {
              items: (input.TransactItems as Input[]).map((t) => {
                const [op, body] = Object.entries(t)[0] as [string, Input];
                return { op, table: body.TableName ?? body.Get?.TableName };
              }),
            }
          : {}),
      };
    case 'ses':
      return {
        ...(input.ConfigurationSetName ? { configurationSet: input.ConfigurationSetName } : {}),
        ...(typeof input.Source === 'string' ? { sourceDomain: input.Source.replace(/^.*@/, '').replace(/>.*$/, '') } : {}),
      };
    case 'sns':
      return { ...(input.TopicArn ? { topicArn: input.TopicArn } : {}), ...(input.PhoneNumber || input.phoneNumber ? { phoneNumber: true } : {}) };
    case 'sqs':
      return { ...(input.QueueUrl ? { queueUrl: input.QueueUrl } : {}) };
    case 'secretsmanager':
      return { secret: 'signing' };
  }
};

interface MiddlewareClient {
  middlewareStack: { add: (mw: any, opts: { step: 'initialize'; name: string }) => void };
}

/** Adds the recording middleware to each client, when recording is on. */
export const installCallRecorder = (clients: Partial<Record<RecordedCall['service'], MiddlewareClient>>): void => {
  if (!recordDir()) return;
  for (const [service, client] of Object.entries(clients) as Array<[RecordedCall['service'], MiddlewareClient]>) {
    client.middlewareStack.add(
      (next: (args: { input: Input }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Input }) => {
        recordCall(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''), callTarget(service, args.input));
        return next(args);
      },
      { step: 'initialize', name: 'carecastIamCallRecorder' },
    );
  }
};
