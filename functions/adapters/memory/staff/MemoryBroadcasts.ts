/** Broadcasts in memory, with the DynamoDB adapter's conditions and its two broadcast partitions of the due index. */
import { BROADCAST_DUE_SHARDS, shardOf } from '../../../contract/table.js';
import type { Broadcast, BroadcastRecipient, Broadcasts, BroadcastWork, RecipientState } from '../../../domain/ports/staff/broadcasts.js';
import { applyUpdate, ConditionFailed, copy } from '../memoryRows.js';

type BroadcastRow = Broadcast & { dueAt?: string };
type RecipientRow = BroadcastRecipient & { dueAt?: string };

const partitionOf = (id: string) => shardOf(id) % BROADCAST_DUE_SHARDS;

export class MemoryBroadcasts implements Broadcasts {
  private readonly broadcasts = new Map<string, BroadcastRow>();
  private readonly recipients = new Map<string, RecipientRow>();

  private static withoutDue({ dueAt, ...b }: BroadcastRow): Broadcast {
    return copy(b);
  }

  async createBroadcast(b: Broadcast): Promise<void> {
    if (this.broadcasts.has(b.broadcastId)) throw new ConditionFailed('broadcast exists');
    this.broadcasts.set(b.broadcastId, { ...copy(b), dueAt: b.startAt });
  }

  async getBroadcast(broadcastId: string): Promise<Broadcast | undefined> {
    const b = this.broadcasts.get(broadcastId);
    return b ? MemoryBroadcasts.withoutDue(b) : undefined;
  }

  async listBroadcasts(): Promise<Broadcast[]> {
    return [...this.broadcasts.values()].sort((a, b) => (a.broadcastId < b.broadcastId ? -1 : 1)).map(MemoryBroadcasts.withoutDue);
  }

  async cancelBroadcast(broadcastId: string, at: string, by: string): Promise<boolean> {
    const b = this.broadcasts.get(broadcastId);
    if (b?.status !== 'scheduled') return false;
    applyUpdate(b as unknown as Record<string, unknown>, { status: 'cancelled', cancelledAt: at, cancelledBy: by }, ['dueAt']);
    return true;
  }

  async saveBroadcastProgress(broadcastId: string, patch: Pick<Broadcast, 'status' | 'recipients'> & { cursor?: string }, dueAt: string | undefined): Promise<void> {
    const b = this.broadcasts.get(broadcastId);
    if (!b || b.status === 'cancelled') throw new ConditionFailed('broadcast gone or cancelled');
    const remove = [...(dueAt ? [] : ['dueAt']), ...(patch.cursor === undefined ? ['cursor'] : [])];
    applyUpdate(b as unknown as Record<string, unknown>, { ...patch, ...(dueAt ? { dueAt } : {}) }, remove);
  }

  async putBroadcastRecipient(r: BroadcastRecipient & { dueAt: string }): Promise<boolean> {
    const key = `${r.broadcastId}#${r.subscriberId}`;
    if (this.recipients.has(key)) return false;
    this.recipients.set(key, copy(r));
    return true;
  }

  async getBroadcastRecipient(broadcastId: string, subscriberId: string): Promise<BroadcastRecipient | undefined> {
    const r = this.recipients.get(`${broadcastId}#${subscriberId}`);
    return r ? copy(r) : undefined;
  }

  async settleBroadcastRecipient(broadcastId: string, subscriberId: string, state: RecipientState, at: string, reason?: string): Promise<void> {
    const key = `${broadcastId}#${subscriberId}`;
    // UpdateItem without a condition creates the row when it is missing; so does this.
    const r = this.recipients.get(key) ?? ({ broadcastId, subscriberId } as RecipientRow);
    applyUpdate(r as unknown as Record<string, unknown>, { state, updatedAt: at, reason }, ['dueAt']);
    this.recipients.set(key, r);
  }

  async deferBroadcastRecipient(broadcastId: string, subscriberId: string, dueAt: string, at: string): Promise<void> {
    const r = this.recipients.get(`${broadcastId}#${subscriberId}`);
    if (r?.state !== 'pending') throw new ConditionFailed('recipient not pending');
    applyUpdate(r as unknown as Record<string, unknown>, { dueAt, updatedAt: at });
  }

  async listDueBroadcastWork(shard: number, now: Date, limit: number): Promise<BroadcastWork[]> {
    const upTo = now.toISOString();
    const partition = shard % BROADCAST_DUE_SHARDS;
    const work: (BroadcastWork & { sortKey: string })[] = [];
    for (const b of this.broadcasts.values()) {
      if (b.dueAt !== undefined && b.dueAt <= upTo && partitionOf(b.broadcastId) === partition) {
        work.push({ kind: 'broadcast', broadcast: MemoryBroadcasts.withoutDue(b), dueAt: b.dueAt, sortKey: `${b.dueAt}#B#${b.broadcastId}` });
      }
    }
    for (const r of this.recipients.values()) {
      if (r.dueAt !== undefined && r.dueAt <= upTo && partitionOf(r.subscriberId) === partition) {
        work.push({ kind: 'recipient', recipient: copy(r), dueAt: r.dueAt, sortKey: `${r.dueAt}#R#${r.broadcastId}#${r.subscriberId}` });
      }
    }
    return work
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1))
      .slice(0, limit)
      .map(({ sortKey, ...w }) => w as BroadcastWork);
  }

  async leaseBroadcastWork(work: BroadcastWork, until: string): Promise<boolean> {
    if (work.kind === 'broadcast') {
      const b = this.broadcasts.get(work.broadcast.broadcastId);
      if (!b || b.dueAt !== work.dueAt || (b.status !== 'scheduled' && b.status !== 'expanding')) return false;
      b.dueAt = until;
      return true;
    }
    const r = this.recipients.get(`${work.recipient.broadcastId}#${work.recipient.subscriberId}`);
    if (!r || r.dueAt !== work.dueAt || r.state !== 'pending') return false;
    r.dueAt = until;
    return true;
  }
}
