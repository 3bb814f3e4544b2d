/**
 * The one table, as every DynamoDB adapter uses it: plain JavaScript values in and out (the
 * DocumentClient of `@aws-sdk/lib-dynamodb` marshals), consistent reads, Query-only listing, and
 * a failed condition told apart from a failure. Each aggregate adapter (DynamoSubscribers,
 * DynamoOutbox, …) composes one of these; none inherits from another.
 */
import { ConditionalCheckFailedException, type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DeleteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '../../../contract/table.js';

/** The primary key of one item (`contract/table.ts` builds them). */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** A ConditionExpression with its own placeholders (`#name`, `:value`). */
export interface Condition {
  expr: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** One entry of a TransactWriteItems call, without the table name (added here). */
export type TransactEntry = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A conditional write (or a transaction with one) whose condition did not hold: an answer, not an error. */
export const isConditionFailure = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

const STORAGE_ATTRIBUTES = new Set(['pk', 'sk', 'duePk', 'dueSk', 'stepPk', 'stepSk', 'type']);

/** An item without its key and index attributes: the domain record it stores. */
export const stripStorageAttributes = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.has(k))) as T;

/** Seconds since the epoch, the unit of the TTL attribute `expiresAt`. */
export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** TTL deletion lags by up to days: an item past its `expiresAt` is treated as gone (P7). */
export const isExpired = (item: Record<string, unknown>, now: Date): boolean =>
  typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(now);

/**
 * Builds `SET a = :a, … REMOVE b, …` with safe placeholders; undefined values in `set` are left out.
 * @returns the expression, its names and (when any) its values; `UpdateExpression` is '' when both lists are empty.
 */
export const updateExpression = (set: Record<string, unknown>, remove: readonly string[] = []) => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries(set).forEach(([k, v], i) => {
    if (v === undefined) return;
    names[`#u${i}`] = k;
    values[`:u${i}`] = v;
    sets.push(`#u${i} = :u${i}`);
  });
  const removes = remove.map((k, i) => {
    names[`#r${i}`] = k;
    return `#r${i}`;
  });
  const expr = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ');
  return { UpdateExpression: expr, ExpressionAttributeNames: names, ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}) };
};

/** Runs a conditional write: true when it landed, false when its condition failed; other errors propagate. */
export const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
};

export class DynamoTable {
  readonly doc: DynamoDBDocumentClient;

  /** `client` may carry middleware (local fault injection, call recording): the DocumentClient shares its stack. */
  constructor(
    client: DynamoDBClient,
    readonly name: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
  }

  /** One item by key (strongly consistent), or undefined. */
  async get(key: ItemKey): Promise<Record<string, unknown> | undefined> {
    return (await this.doc.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }))).Item;
  }

  /**
   * A conditional write to the item at `key` that is still ours when its condition fails because
   * the item already carries our own `stamp` (every attribute equal): the write landed, its answer
   * was lost and the SDK's retry failed the condition, or the same message was delivered again
   * (issue 16). One extra read, only when the condition failed.
   * @returns true when the write landed now or earlier under the same stamp
   */
  async conditionalOrOwn(write: () => Promise<unknown>, key: ItemKey, stamp: Record<string, unknown>): Promise<boolean> {
    if (await conditional(write)) return true;
    const item = await this.get(key);
    return item !== undefined && Object.entries(stamp).every(([name, value]) => item[name] === value);
  }

  /**
   * Items by key in one BatchGetItem per 100 keys (strongly consistent), in the order of `keys`;
   * undefined where none exists. Keys DynamoDB leaves unprocessed (throttling) are asked again
   * after a short, growing pause.
   */
  async getMany(keys: readonly ItemKey[]): Promise<(Record<string, unknown> | undefined)[]> {
    const found = new Map<string, Record<string, unknown>>();
    const id = (k: { pk?: unknown; sk?: unknown }) => `${String(k.pk)}\u0000${String(k.sk)}`;
    for (let i = 0; i < keys.length; i += 100) {
      let pending: ItemKey[] = keys.slice(i, i + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1_000, 20 * 2 ** attempt)));
        const r = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: true } } }));
        for (const item of r.Responses?.[this.name] ?? []) found.set(id(item), item);
        pending = (r.UnprocessedKeys?.[this.name]?.Keys ?? []) as ItemKey[];
      }
    }
    return keys.map((k) => found.get(id(k)));
  }

  /** Puts an item; with a condition, throws ConditionalCheckFailedException when it fails (see `conditional`). */
  async put(item: Record<string, unknown>, condition?: Condition, extra: Partial<PutCommandInput> = {}): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.name, Item: item, ...conditionInput(condition), ...extra }));
  }

  /** SET/REMOVE on one item under an optional condition; throws when the condition fails (see `conditional`). */
  async update(key: ItemKey, set: Record<string, unknown>, remove: readonly string[] = [], condition?: Condition): Promise<void> {
    const u = updateExpression(set, remove);
    const c = conditionInput(condition);
    const values = { ...(u.ExpressionAttributeValues ?? {}), ...(c.ExpressionAttributeValues ?? {}) };
    await this.doc.send(
      new UpdateCommand({
        TableName: this.name,
        Key: key,
        UpdateExpression: u.UpdateExpression,
        ExpressionAttributeNames: { ...u.ExpressionAttributeNames, ...(c.ExpressionAttributeNames ?? {}) },
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        ...(c.ConditionExpression ? { ConditionExpression: c.ConditionExpression } : {}),
      }),
    );
  }

  /** An UpdateItem written out by hand (ADD, list_append, ReturnValues); throws on a failed condition. */
  async updateRaw(input: Omit<UpdateCommandInput, 'TableName'>): Promise<UpdateCommandOutput> {
    return this.doc.send(new UpdateCommand({ TableName: this.name, ...input }));
  }

  /** Deletes one item; with a condition, throws when it fails (see `conditional`). */
  async delete(key: ItemKey, condition?: Condition, extra: Partial<DeleteCommandInput> = {}): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.name, Key: key, ...conditionInput(condition), ...extra }));
  }

  /** Deletes one item and returns what it held (undefined when there was none). */
  async take(key: ItemKey): Promise<Record<string, unknown> | undefined> {
    return (await this.doc.send(new DeleteCommand({ TableName: this.name, Key: key, ReturnValues: 'ALL_OLD' }))).Attributes;
  }

  /** One TransactWriteItems call; throws TransactionCanceledException when a condition fails (see `conditional`). */
  async transact(entries: TransactEntry[]): Promise<void> {
    await this.doc.send(new TransactWriteCommand({ TransactItems: entries.map((e) => withTable(e, this.name)) }));
  }

  /**
   * Items of one partition, in sort-key order (or reverse), optionally by sort-key prefix or
   * range; pages until `limit` (or the end). `last` is where a limited read stopped.
   */
  async query(input: {
    pk: string;
    prefix?: string;
    between?: [string, string];
    limit?: number;
    forward?: boolean;
    after?: Record<string, unknown>;
  }): Promise<{ items: Record<string, unknown>[]; last?: Record<string, unknown> }> {
    const values: Record<string, unknown> = { ':pk': input.pk };
    let cond = 'pk = :pk';
    if (input.prefix !== undefined) {
      cond += ' AND begins_with(sk, :prefix)';
      values[':prefix'] = input.prefix;
    } else if (input.between) {
      cond += ' AND sk BETWEEN :from AND :to';
      values[':from'] = input.between[0];
      values[':to'] = input.between[1];
    }
    const items: Record<string, unknown>[] = [];
    let start = input.after;
    do {
      const r = await this.doc.send(
        new QueryCommand({
          TableName: this.name,
          KeyConditionExpression: cond,
          ExpressionAttributeValues: values,
          ConsistentRead: true,
          ScanIndexForward: input.forward ?? true,
          ...(input.limit ? { Limit: input.limit - items.length } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(r.Items ?? []));
      start = r.LastEvaluatedKey;
    } while (start && (!input.limit || items.length < input.limit));
    return { items, ...(start ? { last: start } : {}) };
  }

  /** A Query on a secondary index (`due` or `byStep`), one page. */
  async queryIndex(
    index: keyof typeof tableDefinition.indexes,
    input: Omit<QueryCommandInput, 'TableName' | 'IndexName'>,
  ): Promise<{ items: Record<string, unknown>[]; last?: Record<string, unknown> }> {
    const r = await this.doc.send(new QueryCommand({ TableName: this.name, IndexName: tableDefinition.indexes[index].name, ...input }));
    return { items: r.Items ?? [], ...(r.LastEvaluatedKey ? { last: r.LastEvaluatedKey } : {}) };
  }

  /** Items on one partition of the due index whose due time has come (`dueSk` ≤ now), oldest first: never a Scan. */
  async queryDue(duePk: string, now: Date, limit: number): Promise<Record<string, unknown>[]> {
    const idx = tableDefinition.indexes.due;
    return (
      await this.queryIndex('due', {
        KeyConditionExpression: '#p = :p AND #s <= :upTo',
        ExpressionAttributeNames: { '#p': idx.partitionKey, '#s': idx.sortKey },
        ExpressionAttributeValues: { ':p': duePk, ':upTo': `${now.toISOString()}#\uffff` },
        Limit: limit,
      })
    ).items;
  }
}

const conditionInput = (
  c: Condition | undefined,
): { ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } =>
  c
    ? {
        ConditionExpression: c.expr,
        ...(c.names ? { ExpressionAttributeNames: c.names } : {}),
        ...(c.values ? { ExpressionAttributeValues: c.values } : {}),
      }
    : {};

const withTable = (e: TransactEntry, table: string): TransactEntry => {
  if (e.Put) return { Put: { ...e.Put, TableName: table } };
  if (e.Update) return { Update: { ...e.Update, TableName: table } };
  if (e.Delete) return { Delete: { ...e.Delete, TableName: table } };
  if (e.ConditionCheck) return { ConditionCheck: { ...e.ConditionCheck, TableName: table } };
  return e;
};
