/**
 * Reads of the table that only local mode, the chaos harness and tests need (issue 13: kept out
 * of the production Store port): the earliest due time for time travel, and a step's raw events
 * and counters for assertions. Same table and keys as the adapters (functions/contract/table.ts).
 */
import type { StepEvent } from '../functions/domain/core/model.js';
import { config } from '../functions/config.js';
import { DUE_SHARDS, BROADCAST_DUE_SHARDS, RESEND_DUE_SHARDS, broadcastDueKeys, dueIndexKeys, resendDuePartition, stepIndexKeys, tableDefinition } from '../functions/contract/table.js';
import { DynamoTable, stripStorageAttributes } from '../functions/adapters/aws/dynamo/DynamoTable.js';
import { DynamoResults } from '../functions/adapters/aws/dynamo/sending/DynamoResults.js';
import { localDynamoClient } from './dynamoDbLocal.js';

export class TableInspector {
  constructor(private readonly table: DynamoTable) {}

  /** The first due time on one due-index partition, or undefined. */
  private async firstDue(duePk: string): Promise<string | undefined> {
    const r = await this.table.queryIndex('due', {
      KeyConditionExpression: '#p = :p',
      ExpressionAttributeNames: { '#p': tableDefinition.indexes.due.partitionKey },
      ExpressionAttributeValues: { ':p': duePk },
      Limit: 1,
    });
    return r.items[0]?.dueAt as string | undefined;
  }

  /** Earliest dueAt (ISO) across the enrollment and broadcast shards of the due index: local time travel jumps straight to it. */
  async earliestDue(): Promise<string | undefined> {
    const partitions = [
      ...Array.from({ length: DUE_SHARDS }, (_, shard) => dueIndexKeys(shard, '', '').duePk),
      // Broadcast work shares the due index on partitions of its own (staff console, issue 6).
      ...Array.from({ length: BROADCAST_DUE_SHARDS }, (_, shard) => broadcastDueKeys(shard, '', '').duePk),
      // UNKNOWN system and clinic messages waiting for their resend (issue 16).
      ...Array.from({ length: RESEND_DUE_SHARDS }, (_, shard) => resendDuePartition(shard)),
    ];
    const firsts = await Promise.all(partitions.map((p) => this.firstDue(p)));
    return firsts.filter((x): x is string => !!x).sort()[0];
  }

  /** Events of one step, oldest first, through the byStep index (never a Scan). */
  async listStepEvents(sequenceId: string, stepId: string): Promise<StepEvent[]> {
    const idx = tableDefinition.indexes.byStep;
    const events: StepEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.table.queryIndex('byStep', {
        KeyConditionExpression: '#p = :p',
        FilterExpression: '#type = :event',
        ExpressionAttributeNames: { '#p': idx.partitionKey, '#type': 'type' },
        ExpressionAttributeValues: { ':p': stepIndexKeys(sequenceId, stepId, '', '').stepPk, ':event': 'event' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const i of r.items) {
        const { expiresAt, ...e } = stripStorageAttributes<StepEvent & { expiresAt?: number }>(i);
        events.push(e);
      }
      start = r.last;
    } while (start);
    return events;
  }

  /** A step's totals: the sum of its clinic-day rows, as the results page reads them (DynamoResults.listStepCounters). */
  async getStepStats(sequenceId: string, stepId: string): Promise<Partial<Record<StepEvent['kind'], number>>> {
    const all = await new DynamoResults(this.table, config().clinic.timezone).listStepCounters(sequenceId);
    return (all[stepId] ?? {}) as Partial<Record<StepEvent['kind'], number>>;
  }
}

let cached: { key: string; inspector: TableInspector } | undefined;

/** The inspector of the table local mode is configured for (CARECAST_DYNAMODB_ENDPOINT, CARECAST_TABLE_NAME). */
export const tableInspector = (): TableInspector => {
  const cfg = config();
  const endpoint = cfg.endpoints.dynamodb;
  if (!endpoint) throw new Error('The table inspector needs a local DynamoDB endpoint');
  const key = `${endpoint}|${cfg.tableName}`;
  if (cached?.key !== key) cached = { key, inspector: new TableInspector(new DynamoTable(localDynamoClient(endpoint), cfg.tableName)) };
  return cached.inspector;
};
