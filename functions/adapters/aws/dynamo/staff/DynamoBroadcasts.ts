/**
 * Broadcasts on DynamoDB: the broadcast rows (`consoleKeys.broadcast`), their recipients
 * (`consoleKeys.broadcastRecipient`), and both as work items on the broadcast partitions of the
 * due index (`broadcastDueKeys`), leased by one dispatcher at a time.
 */
import { broadcastDueKeys, consoleKeys, shardOf } from '../../../../contract/table.js';
import type { Broadcast, BroadcastRecipient, Broadcasts, BroadcastWork, RecipientState } from '../../../../domain/ports/staff/broadcasts.js';
import { conditional, type DynamoTable, stripStorageAttributes, } from '../DynamoTable.js';

const strip = stripStorageAttributes;

const broadcastDue = (broadcastId: string, dueAt: string) => broadcastDueKeys(shardOf(broadcastId), dueAt, `B#${broadcastId}`);
const recipientDue = (r: { broadcastId: string; subscriberId: string }, dueAt: string) =>
  broadcastDueKeys(shardOf(r.subscriberId), dueAt, `R#${r.broadcastId}#${r.subscriberId}`);

export class DynamoBroadcasts implements Broadcasts {
  constructor(private readonly table: DynamoTable) {}

  #broadcastItem(b: Broadcast, dueAt: string | undefined) {
    return { ...consoleKeys.broadcast(b.broadcastId), type: 'broadcast', ...b, ...(dueAt ? { ...broadcastDue(b.broadcastId, dueAt), dueAt } : {}) };
  }

  async createBroadcast(b: Broadcast): Promise<void> {
    await this.table.put(this.#broadcastItem(b, b.startAt), { expr: 'attribute_not_exists(pk)' });
  }

  async getBroadcast(broadcastId: string): Promise<Broadcast | undefined> {
    const item = await this.table.get(consoleKeys.broadcast(broadcastId));
    if (!item) return undefined;
    const { dueAt, ...b } = strip<Broadcast & { dueAt?: string }>(item);
    return b;
  }

  async listBroadcasts(): Promise<Broadcast[]> {
    return (await this.table.query({ pk: consoleKeys.broadcastPartition })).items.map((i) => {
      const { dueAt, ...b } = strip<Broadcast & { dueAt?: string }>(i);
      return b;
    });
  }

  async cancelBroadcast(broadcastId: string, at: string, by: string): Promise<boolean> {
    return conditional(() =>
      this.table.updateRaw({
        Key: consoleKeys.broadcast(broadcastId),
        UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by REMOVE dueAt, duePk, dueSk',
        ConditionExpression: '#status = :scheduled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':scheduled': 'scheduled', ':at': at, ':by': by },
      }),
    );
  }

  async saveBroadcastProgress(broadcastId: string, patch: Pick<Broadcast, 'status' | 'recipients'> & { cursor?: string }, dueAt: string | undefined): Promise<void> {
    const set: Record<string, unknown> = { ...patch };
    const remove: string[] = [];
    if (dueAt) Object.assign(set, { dueAt, ...broadcastDue(broadcastId, dueAt) });
    else remove.push('dueAt', 'duePk', 'dueSk');
    if (patch.cursor === undefined) remove.push('cursor');
    await this.table.update(consoleKeys.broadcast(broadcastId), set, remove, {
      expr: 'attribute_exists(pk) AND #s <> :cancelled',
      names: { '#s': 'status' },
      values: { ':cancelled': 'cancelled' },
    });
  }

  async putBroadcastRecipient(r: BroadcastRecipient & { dueAt: string }): Promise<boolean> {
    return conditional(() =>
      this.table.put(
        { ...consoleKeys.broadcastRecipient(r.broadcastId, r.subscriberId), type: 'broadcastRecipient', ...r, ...recipientDue(r, r.dueAt) },
        { expr: 'attribute_not_exists(pk)' },
      ),
    );
  }

  async getBroadcastRecipient(broadcastId: string, subscriberId: string): Promise<BroadcastRecipient | undefined> {
    const item = await this.table.get(consoleKeys.broadcastRecipient(broadcastId, subscriberId));
    return item ? strip<BroadcastRecipient>(item) : undefined;
  }

  async settleBroadcastRecipient(broadcastId: string, subscriberId: string, state: RecipientState, at: string, reason?: string): Promise<void> {
    await this.table.update(consoleKeys.broadcastRecipient(broadcastId, subscriberId), { state, updatedAt: at, reason }, ['dueAt', 'duePk', 'dueSk']);
  }

  async deferBroadcastRecipient(broadcastId: string, subscriberId: string, dueAt: string, at: string): Promise<void> {
    await this.table.update(
      consoleKeys.broadcastRecipient(broadcastId, subscriberId),
      { dueAt, updatedAt: at, ...recipientDue({ broadcastId, subscriberId }, dueAt) },
      [],
      { expr: '#st = :pending', names: { '#st': 'state' }, values: { ':pending': 'pending' } },
    );
  }

  async listDueBroadcastWork(shard: number, now: Date, limit: number): Promise<BroadcastWork[]> {
    return (await this.table.queryDue(broadcastDueKeys(shard, '', '').duePk, now, limit)).map((item) => {
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
            broadcastDue(work.broadcast.broadcastId, until),
            { expr: 'dueAt = :old AND #st IN (:a, :b)', values: { ':a': 'scheduled', ':b': 'expanding' }, name: 'status' },
          ]
        : [
            consoleKeys.broadcastRecipient(work.recipient.broadcastId, work.recipient.subscriberId),
            recipientDue(work.recipient, until),
            { expr: 'dueAt = :old AND #st = :a', values: { ':a': 'pending' }, name: 'state' },
          ];
    return conditional(() =>
      this.table.updateRaw({
        Key: key,
        UpdateExpression: 'SET dueAt = :until, dueSk = :dueSk',
        ConditionExpression: condition.expr,
        ExpressionAttributeNames: { '#st': condition.name },
        ExpressionAttributeValues: { ':until': until, ':dueSk': due.dueSk, ':old': work.dueAt, ...condition.values },
      }),
    );
  }
}
