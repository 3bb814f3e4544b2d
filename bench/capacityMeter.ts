/**
 * Counts DynamoDB requests and the capacity they consume, at the SDK's HTTP layer, for the
 * benchmarks only (nothing in functions/ asks for ConsumedCapacity).
 *
 * Two middlewares on one DynamoDBClient:
 * - `initialize`: adds `ReturnConsumedCapacity: 'TOTAL'` to every command that accepts it, so
 *   DynamoDB (and DynamoDB Local) reports the read and write units of each request;
 * - `deserialize`: runs once per HTTP attempt (SDK retries included), counts the request by
 *   operation and adds up the units the response reports.
 *
 * Units: DynamoDB reports `ReadCapacityUnits`/`WriteCapacityUnits` (or only `CapacityUnits` for
 * a single-kind operation); on-demand tables bill the same numbers as read and write request
 * units (RRU, WRU). A strongly consistent read of up to 4 KB is 1 RRU, a write of up to 1 KB is
 * 1 WRU, and every item of a transaction counts twice.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Operations that take ReturnConsumedCapacity (all data-plane reads and writes). */
const METERED = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** What one meter has seen since its last reset. */
export interface Metered {
  requests: number;
  byOperation: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

export interface CapacityMeter {
  snapshot(): Metered;
  reset(): void;
}

const empty = (): Metered => ({ requests: 0, byOperation: {}, readUnits: 0, writeUnits: 0 });

/** Installs the meter on `client`; every later request through it is counted. */
export const installCapacityMeter = (client: DynamoDBClient): CapacityMeter => {
  let seen = empty();
  client.middlewareStack.add(
    (next, context: { commandName?: string }) => async (args) => {
      const op = (context.commandName ?? '').replace(/Command$/, '');
      if (METERED.has(op)) args.input = { ...args.input, ReturnConsumedCapacity: 'TOTAL' } as typeof args.input;
      return next(args);
    },
    { step: 'initialize', name: 'benchReturnConsumedCapacity', priority: 'high' },
  );
  client.middlewareStack.add(
    (next, context: { commandName?: string }) => async (args) => {
      const op = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      seen.requests++;
      seen.byOperation[op] = (seen.byOperation[op] ?? 0) + 1;
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
      for (const c of [output.ConsumedCapacity ?? []].flat()) {
        const read = c.ReadCapacityUnits ?? (WRITES.has(op) ? 0 : (c.CapacityUnits ?? 0));
        const write = c.WriteCapacityUnits ?? (WRITES.has(op) ? (c.CapacityUnits ?? 0) : 0);
        seen.readUnits += read;
        seen.writeUnits += write;
        if (process.env.BENCH_CAPACITY_TRACE) console.log(`  ${op}: ${read} RRU, ${write} WRU`);
      }
      return result;
    },
    { step: 'deserialize', name: 'benchCapacityMeter', priority: 'high' },
  );
  return {
    snapshot: () => ({ ...seen, byOperation: { ...seen.byOperation } }),
    reset: () => {
      seen = empty();
    },
  };
};
