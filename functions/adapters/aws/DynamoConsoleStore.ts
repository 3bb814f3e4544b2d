/**
 * The staff console's part of the Store on DynamoDB (ConsoleStore): DynamoStore extends it, so
 * the domain still sees one Store on one table. Lists are Queries on known partitions, never a
 * Scan; every state change that could race is a conditional write (docs/staff-console.md).
 */
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BROADCAST_DUE_SHARDS, broadcastDueKeys, consoleKeys, dueIndexKeys, keys, shardOf, tableDefinition } from '../../contract/table.js';
import type {
  AuditEntry,
  Broadcast,
  BroadcastRecipient,
  BroadcastWork,
  ConsoleStore,
  CountedEvent,
  DayCounters,
  RecipientState,
  SequenceHead,
  SequenceVersion,
  StepCounters,
} from '../../domain/ports/consoleRecords.js';
import type { Enrollment } from '../../domain/core/model.js';
import { statsDayOf } from '../../domain/results/statsDay.js';
import { isConditionFailure, marshallItem, stripStorageAttributes } from './dynamoItems.js';
import { updateExpression } from './updateExpression.js';

const m = marshallItem;
const strip = stripStorageAttributes;

const COUNTER_NAMES = /^[a-z]+$/;

export interface ConsoleStoreOptions {
  /** Zone of the per-day result counters (the clinic's); UTC when not given. */
  statsTimeZone?: string;
}

export class DynamoConsoleStore implements ConsoleStore {
  protected readonly statsTimeZone: string;

  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly tableName: string,
    options: ConsoleStoreOptions = {},
  ) {
    this.statsTimeZone = options.statsTimeZone ?? 'UTC';
  }

  protected async item(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const r = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: m(key), ConsistentRead: true }));
    return r.Item ? unmarshall(r.Item) : undefined;
  }

  protected async query(
    input: { pk: string; prefix?: string; between?: [string, string]; limit?: number; forward?: boolean; after?: Record<string, AttributeValue> },
  ): Promise<{ items: Record<string, unknown>[]; last?: Record<string, AttributeValue> }> {
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
      const r = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: cond,
          ExpressionAttributeValues: m(values),
          ConsistentRead: true,
          ScanIndexForward: input.forward ?? true,
          ...(input.limit ? { Limit: input.limit - items.length } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(r.Items ?? []).map((i) => unmarshall(i)));
      start = r.LastEvaluatedKey;
    } while (start && (!input.limit || items.length < input.limit));
    return { items, ...(start ? { last: start } : {}) };
  }

  protected async conditional(fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  // Sequences --------------------------------------------------------------------------------

  async getSequenceHead(sequenceId: string): Promise<SequenceHead | undefined> {
    const item = await this.item(consoleKeys.sequenceHead(sequenceId));
    return item ? strip<SequenceHead>(item) : undefined;
  }

  async listSequenceHeads(): Promise<SequenceHead[]> {
    return (await this.query({ pk: consoleKeys.sequenceHeadPartition })).items.map((i) => strip<SequenceHead>(i));
  }

  async getSequenceVersion(sequenceId: string, version: number): Promise<SequenceVersion | undefined> {
    const item = await this.item(consoleKeys.sequenceVersion(sequenceId, version));
    return item ? strip<SequenceVersion>(item) : undefined;
  }

  async listSequenceVersions(sequenceId: string): Promise<SequenceVersion[]> {
    const pk = consoleKeys.sequenceVersion(sequenceId, 1).pk;
    return (await this.query({ pk, prefix: consoleKeys.sequenceVersionPrefix })).items.map((i) => strip<SequenceVersion>(i));
  }

  async putSequenceVersion(version: SequenceVersion, head: SequenceHead, expectedLatest: number | undefined): Promise<boolean> {
    // A new head is put whole; an existing one only moves its version fields, so a pause or an
    // opening date set meanwhile by someone else stays as it is.
    const headWrite: TransactWriteItem =
      expectedLatest === undefined
        ? { Put: { TableName: this.tableName, Item: m({ ...consoleKeys.sequenceHead(head.sequenceId), type: 'sequenceHead', ...head }), ConditionExpression: 'attribute_not_exists(pk)' } }
        : {
            Update: {
              TableName: this.tableName,
              Key: m(consoleKeys.sequenceHead(head.sequenceId)),
              UpdateExpression: 'SET currentVersion = :c, latestVersion = :l, #name = :n, updatedAt = :u',
              ConditionExpression: 'latestVersion = :expected',
              ExpressionAttributeNames: { '#name': 'name' },
              ExpressionAttributeValues: m({ ':c': head.currentVersion, ':l': head.latestVersion, ':n': head.name, ':u': head.updatedAt, ':expected': expectedLatest }),
            },
          };
    return this.conditional(() =>
      this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: m({ ...consoleKeys.sequenceVersion(version.sequenceId, version.version), type: 'sequenceVersion', ...version }),
                // Versions are immutable: a number is written once.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            headWrite,
          ],
        }),
      ),
    );
  }

  async updateSequenceHead(
    sequenceId: string,
    patch: Partial<Omit<SequenceHead, 'sequenceId'>>,
    remove: ('pausedAt' | 'openFrom')[] = [],
    expectPaused?: boolean,
  ): Promise<boolean> {
    const u = updateExpression(patch, remove);
    const values = { ...(u.ExpressionAttributeValues ?? {}), ...(expectPaused === undefined ? {} : m({ ':expectPaused': expectPaused })) };
    return this.conditional(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(consoleKeys.sequenceHead(sequenceId)),
          UpdateExpression: u.UpdateExpression,
          ExpressionAttributeNames: { ...u.ExpressionAttributeNames, '#paused': 'paused' },
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          ConditionExpression: expectPaused === undefined ? 'attribute_exists(pk) AND attribute_exists(#paused)' : 'attribute_exists(pk) AND #paused = :expectPaused',
        }),
      ),
    );
  }

  // Membership and paused enrollments ---------------------------------------------------------

  async addSequenceMember(sequenceId: string, subscriberId: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: m({ ...consoleKeys.sequenceMember(sequenceId, shardOf(subscriberId), subscriberId), type: 'sequenceMember', subscriberId }),
      }),
    );
  }

  async listSequenceMembers(sequenceId: string, shard: number, limit: number, after?: string): Promise<{ subscriberIds: string[]; next?: string }> {
    const pk = consoleKeys.sequenceMemberPartition(sequenceId, shard);
    const r = await this.query({ pk, limit, ...(after ? { after: m({ pk, sk: after }) } : {}) });
    const subscriberIds = r.items.map((i) => i.subscriberId as string);
    return { subscriberIds, ...(r.last ? { next: unmarshall(r.last).sk as string } : {}) };
  }

  async parkEnrollment(e: Enrollment, at: string): Promise<boolean> {
    return this.conditional(() =>
      this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: m(keys.enrollment(e.subscriberId, e.sequenceId)),
                UpdateExpression: 'SET parkedAt = :at REMOVE dueAt, duePk, dueSk',
                ConditionExpression: 'nextStepIndex = :i AND #status = :active',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: m({ ':at': at, ':i': e.nextStepIndex, ':active': 'active' }),
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: m({ ...consoleKeys.parkedEnrollment(e.sequenceId, e.enrollmentId), type: 'parked', subscriberId: e.subscriberId, sequenceId: e.sequenceId, at }),
              },
            },
          ],
        }),
      ),
    );
  }

  async listParked(sequenceId: string, limit: number): Promise<{ subscriberId: string; sequenceId: string }[]> {
    const r = await this.query({ pk: consoleKeys.parkedPartition(sequenceId), limit });
    return r.items.map((i) => ({ subscriberId: i.subscriberId as string, sequenceId: i.sequenceId as string }));
  }

  async unparkEnrollment(e: Enrollment, next: Pick<Enrollment, 'nominalAt' | 'dueAt'>): Promise<boolean> {
    const parked = consoleKeys.parkedEnrollment(e.sequenceId, e.enrollmentId);
    if (!next.dueAt) {
      await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: m(parked) }));
      return false;
    }
    const due = dueIndexKeys(shardOf(e.enrollmentId), next.dueAt, e.enrollmentId);
    const moved = await this.conditional(() =>
      this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: m(keys.enrollment(e.subscriberId, e.sequenceId)),
                UpdateExpression: 'SET nominalAt = :n, dueAt = :d, duePk = :dp, dueSk = :ds REMOVE parkedAt',
                ConditionExpression: 'attribute_exists(parkedAt) AND nextStepIndex = :i AND #status = :active',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: m({ ':n': next.nominalAt, ':d': next.dueAt, ':dp': due.duePk, ':ds': due.dueSk, ':i': e.nextStepIndex, ':active': 'active' }),
              },
            },
            { Delete: { TableName: this.tableName, Key: m(parked) } },
          ],
        }),
      ),
    );
    // An enrollment that ended or moved while parked needs no resume: only its marker goes.
    if (!moved) await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: m(parked) }));
    return moved;
  }

  // Audit ---------------------------------------------------------------------------------------

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: m({ ...consoleKeys.audit(entry.at.slice(0, 7), entry.at, entry.auditId), type: 'audit', ...entry }),
        // Append-only (P9): an audit row is never overwritten.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async listAudit(limit: number, now: Date, months = 3): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (let k = 0; k < months && out.length < limit; k++) {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
      const r = await this.query({ pk: consoleKeys.auditPartition(d.toISOString().slice(0, 7)), forward: false, limit: limit - out.length });
      out.push(...r.items.map((i) => strip<AuditEntry>(i)));
    }
    return out;
  }

  // Results -------------------------------------------------------------------------------------

  /** The two counter updates of one event (total and day), for callers that add them to a transaction. */
  protected counterItems(sequenceId: string, stepId: string, event: CountedEvent, day: string): TransactWriteItem[] {
    if (!COUNTER_NAMES.test(event)) throw new Error(`Not a counter name: ${event}`);
    const add = (key: { pk: string; sk: string }, extra: Record<string, unknown>): TransactWriteItem => ({
      Update: {
        TableName: this.tableName,
        Key: m(key),
        UpdateExpression: `ADD #e :one SET #type = :type${Object.keys(extra).map((k) => `, #${k} = :${k}`).join('')}`,
        ExpressionAttributeNames: { '#e': event, '#type': 'type', ...Object.fromEntries(Object.keys(extra).map((k) => [`#${k}`, k])) },
        ExpressionAttributeValues: m({ ':one': 1, ':type': 'day' in extra ? 'stepDayStats' : 'stepStats', ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`:${k}`, v])) }),
      },
    });
    return [add(keys.stepStats(sequenceId, stepId), {}), add(consoleKeys.stepDayStats(sequenceId, day, stepId), { day, stepId })];
  }

  /** The day counter of an event recorded elsewhere (recipient events), in the stats zone. */
  protected dayCounterItem(sequenceId: string, stepId: string, event: CountedEvent, at: string): TransactWriteItem {
    return this.counterItems(sequenceId, stepId, event, statsDayOf(new Date(at), this.statsTimeZone))[1] as TransactWriteItem;
  }

  async countStepEvent(sequenceId: string, stepId: string, event: CountedEvent, day: string): Promise<void> {
    await this.client.send(new TransactWriteItemsCommand({ TransactItems: this.counterItems(sequenceId, stepId, event, day) }));
  }

  async listStepCounters(sequenceId: string): Promise<Record<string, StepCounters>> {
    const r = await this.query({ pk: keys.stepStats(sequenceId, '').pk, prefix: consoleKeys.stepStatsPrefix });
    const out: Record<string, StepCounters> = {};
    for (const item of r.items) {
      const { pk, sk, type, ...counts } = item;
      out[(sk as string).slice(consoleKeys.stepStatsPrefix.length)] = counts as StepCounters;
    }
    return out;
  }

  async listDayCounters(sequenceId: string, fromDay: string, toDay: string): Promise<DayCounters[]> {
    const r = await this.query({
      pk: keys.stepStats(sequenceId, '').pk,
      between: [`${consoleKeys.stepDayStatsPrefix}${fromDay}`, `${consoleKeys.stepDayStatsPrefix}${toDay}#\uffff`],
    });
    return r.items.map((item) => {
      const { pk, sk, type, day, stepId, ...counts } = item;
      return { day: day as string, stepId: stepId as string, counters: counts as StepCounters };
    });
  }

  // Broadcasts ----------------------------------------------------------------------------------

  private broadcastItem(b: Broadcast, dueAt: string | undefined) {
    return {
      ...consoleKeys.broadcast(b.broadcastId),
      type: 'broadcast',
      ...b,
      ...(dueAt ? broadcastDueKeys(shardOf(b.broadcastId), dueAt, `B#${b.broadcastId}`) : {}),
      ...(dueAt ? { dueAt } : {}),
    };
  }

  async createBroadcast(b: Broadcast): Promise<void> {
    await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: m(this.broadcastItem(b, b.startAt)), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async getBroadcast(broadcastId: string): Promise<Broadcast | undefined> {
    const item = await this.item(consoleKeys.broadcast(broadcastId));
    if (!item) return undefined;
    const { dueAt, ...b } = strip<Broadcast & { dueAt?: string }>(item);
    return b;
  }

  async listBroadcasts(): Promise<Broadcast[]> {
    return (await this.query({ pk: consoleKeys.broadcastPartition })).items.map((i) => {
      const { dueAt, ...b } = strip<Broadcast & { dueAt?: string }>(i);
      return b;
    });
  }

  async cancelBroadcast(broadcastId: string, at: string, by: string): Promise<boolean> {
    return this.conditional(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(consoleKeys.broadcast(broadcastId)),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by REMOVE dueAt, duePk, dueSk',
          ConditionExpression: '#status = :scheduled',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: m({ ':cancelled': 'cancelled', ':scheduled': 'scheduled', ':at': at, ':by': by }),
        }),
      ),
    );
  }

  async saveBroadcastProgress(
    broadcastId: string,
    patch: Pick<Broadcast, 'status' | 'recipients'> & { cursor?: string },
    dueAt: string | undefined,
  ): Promise<void> {
    const set: Record<string, unknown> = { ...patch };
    const remove: string[] = [];
    if (dueAt) Object.assign(set, { dueAt, ...broadcastDueKeys(shardOf(broadcastId), dueAt, `B#${broadcastId}`) });
    else remove.push('dueAt', 'duePk', 'dueSk');
    if (patch.cursor === undefined) remove.push('cursor');
    const u = updateExpression(set, remove);
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: m(consoleKeys.broadcast(broadcastId)),
        UpdateExpression: u.UpdateExpression,
        ExpressionAttributeNames: { ...u.ExpressionAttributeNames, '#s': 'status' },
        ExpressionAttributeValues: { ...(u.ExpressionAttributeValues ?? {}), ...m({ ':cancelled': 'cancelled' }) },
        ConditionExpression: 'attribute_exists(pk) AND #s <> :cancelled',
      }),
    );
  }

  private recipientDue(r: { broadcastId: string; subscriberId: string }, dueAt: string) {
    return broadcastDueKeys(shardOf(r.subscriberId), dueAt, `R#${r.broadcastId}#${r.subscriberId}`);
  }

  async putBroadcastRecipient(r: BroadcastRecipient & { dueAt: string }): Promise<boolean> {
    return this.conditional(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: m({ ...consoleKeys.broadcastRecipient(r.broadcastId, r.subscriberId), type: 'broadcastRecipient', ...r, ...this.recipientDue(r, r.dueAt) }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async getBroadcastRecipient(broadcastId: string, subscriberId: string): Promise<BroadcastRecipient | undefined> {
    const item = await this.item(consoleKeys.broadcastRecipient(broadcastId, subscriberId));
    return item ? strip<BroadcastRecipient>(item) : undefined;
  }

  async settleBroadcastRecipient(broadcastId: string, subscriberId: string, state: RecipientState, at: string, reason?: string): Promise<void> {
    const u = updateExpression({ state, updatedAt: at, reason }, ['dueAt', 'duePk', 'dueSk']);
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: m(consoleKeys.broadcastRecipient(broadcastId, subscriberId)),
        UpdateExpression: u.UpdateExpression,
        ExpressionAttributeNames: u.ExpressionAttributeNames,
        ...(u.ExpressionAttributeValues ? { ExpressionAttributeValues: u.ExpressionAttributeValues } : {}),
      }),
    );
  }

  async deferBroadcastRecipient(broadcastId: string, subscriberId: string, dueAt: string, at: string): Promise<void> {
    const u = updateExpression({ dueAt, updatedAt: at, ...this.recipientDue({ broadcastId, subscriberId }, dueAt) });
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: m(consoleKeys.broadcastRecipient(broadcastId, subscriberId)),
        UpdateExpression: u.UpdateExpression,
        ExpressionAttributeNames: { ...u.ExpressionAttributeNames, '#st': 'state' },
        ExpressionAttributeValues: { ...(u.ExpressionAttributeValues ?? {}), ...m({ ':pending': 'pending' }) },
        ConditionExpression: '#st = :pending',
      }),
    );
  }

  /** Items on one partition of the due index whose due time has come (`dueSk` ≤ now): never a Scan. */
  protected async queryDue(duePk: string, now: Date, limit: number): Promise<Record<string, unknown>[]> {
    const idx = tableDefinition.indexes.due;
    const r = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: idx.name,
        KeyConditionExpression: '#p = :p AND #s <= :upTo',
        ExpressionAttributeNames: { '#p': idx.partitionKey, '#s': idx.sortKey },
        ExpressionAttributeValues: m({ ':p': duePk, ':upTo': `${now.toISOString()}#\uffff` }),
        Limit: limit,
      }),
    );
    return (r.Items ?? []).map((i) => unmarshall(i));
  }

  async listDueBroadcastWork(shard: number, now: Date, limit: number): Promise<BroadcastWork[]> {
    return (await this.queryDue(broadcastDueKeys(shard, '', '').duePk, now, limit)).map((item) => {
      const dueAt = item.dueAt as string;
      if (item.type === 'broadcast') {
        const { dueAt: _d, ...b } = strip<Broadcast & { dueAt?: string }>(item);
        return { kind: 'broadcast', broadcast: b, dueAt };
      }
      return { kind: 'recipient', recipient: strip<BroadcastRecipient>(item), dueAt };
    });
  }

  async leaseBroadcastWork(work: BroadcastWork, until: string): Promise<boolean> {
    const [key, due, condition] =
      work.kind === 'broadcast'
        ? [
            consoleKeys.broadcast(work.broadcast.broadcastId),
            broadcastDueKeys(shardOf(work.broadcast.broadcastId), until, `B#${work.broadcast.broadcastId}`),
            { expr: 'dueAt = :old AND #st IN (:a, :b)', values: { ':a': 'scheduled', ':b': 'expanding' }, name: 'status' },
          ]
        : [
            consoleKeys.broadcastRecipient(work.recipient.broadcastId, work.recipient.subscriberId),
            this.recipientDue(work.recipient, until),
            { expr: 'dueAt = :old AND #st = :a', values: { ':a': 'pending' }, name: 'state' },
          ];
    return this.conditional(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(key),
          UpdateExpression: 'SET dueAt = :until, dueSk = :dueSk',
          ConditionExpression: condition.expr,
          ExpressionAttributeNames: { '#st': condition.name },
          ExpressionAttributeValues: m({ ':until': until, ':dueSk': due.dueSk, ':old': work.dueAt, ...condition.values }),
        }),
      ),
    );
  }

  async earliestBroadcastDue(): Promise<string | undefined> {
    const idx = tableDefinition.indexes.due;
    const firsts = await Promise.all(
      Array.from({ length: BROADCAST_DUE_SHARDS }, async (_, shard) => {
        const r = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: idx.name,
            KeyConditionExpression: '#p = :p',
            ExpressionAttributeNames: { '#p': idx.partitionKey },
            ExpressionAttributeValues: m({ ':p': broadcastDueKeys(shard, '', '').duePk }),
            Limit: 1,
          }),
        );
        const item = r.Items?.[0];
        return item ? (unmarshall(item).dueAt as string) : undefined;
      }),
    );
    return firsts.filter((x): x is string => !!x).sort()[0];
  }
}
