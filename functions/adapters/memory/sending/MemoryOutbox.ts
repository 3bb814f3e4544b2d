/** The outbox in memory, with the DynamoDB adapter's conditions on state, claimToken and lease. */
import type { SendRecord } from '../../../domain/core/model.js';
import type { Outbox } from '../../../domain/ports/sending/outbox.js';
import type { MemoryMessageLog } from './MemoryMessageLog.js';
import { RESEND_DUE_SHARDS, shardOf } from '../../../contract/table.js';
import { applyUpdate, copy } from '../memoryRows.js';

export class MemoryOutbox implements Outbox {
  private readonly rows = new Map<string, SendRecord>();

  /** `messages`: the log whose row a reconcile marks SENT along with the outbox row. */
  constructor(private readonly messages: MemoryMessageLog) {}

  #held(sendId: string, claimToken: string): SendRecord | undefined {
    const r = this.rows.get(sendId);
    return r?.state === 'SENDING' && r.claimToken === claimToken ? r : undefined;
  }

  async getSend(sendId: string): Promise<SendRecord | undefined> {
    const r = this.rows.get(sendId);
    return r ? copy(r) : undefined;
  }

  async claimSend(record: SendRecord, _now: Date, takeOver?: string, unknownSince?: string): Promise<SendRecord | undefined> {
    const r = this.rows.get(record.sendId);
    const deadClaim = !!takeOver && r?.state === 'SENDING' && r.claimToken === takeOver && r.providerCallAt === undefined;
    const staleUnknown = !!unknownSince && r?.state === 'UNKNOWN' && r.updatedAt === unknownSince;
    if (r && r.state !== 'RETRY' && !deadClaim && !staleUnknown) return undefined;
    this.rows.set(record.sendId, copy(record));
    return record;
  }

  async markProviderCall(sendId: string, claimToken: string, at: string, providerCalls?: number): Promise<boolean> {
    const r = this.#held(sendId, claimToken);
    if (!r) return false;
    r.providerCallAt = at;
    if (providerCalls !== undefined) r.providerCalls = providerCalls;
    return true;
  }

  async settleSend(sendId: string, claimToken: string, patch: Partial<SendRecord>): Promise<boolean> {
    const r = this.#held(sendId, claimToken);
    if (!r) return false;
    applyUpdate(r as unknown as Record<string, unknown>, patch, ['leaseUntil']);
    return true;
  }

  async markUnknown(sendId: string, leaseUntil: string, now: Date, resendDueAt?: string): Promise<boolean> {
    const r = this.rows.get(sendId);
    if (r?.state !== 'SENDING' || r.leaseUntil !== leaseUntil) return false;
    applyUpdate(r as unknown as Record<string, unknown>, { state: 'UNKNOWN', reason: 'lease expired', updatedAt: now.toISOString(), ...(resendDueAt ? { resendDueAt } : {}) });
    return true;
  }

  async listDueResends(shard: number, now: Date, limit: number): Promise<SendRecord[]> {
    const upTo = now.toISOString();
    return [...this.rows.values()]
      .filter((r) => r.resendDueAt !== undefined && r.resendDueAt <= upTo && shardOf(r.sendId) % RESEND_DUE_SHARDS === shard % RESEND_DUE_SHARDS)
      .sort((a, b) => `${a.resendDueAt}#${a.sendId}`.localeCompare(`${b.resendDueAt}#${b.sendId}`))
      .slice(0, limit)
      .map(copy);
  }

  async leaseResend(row: SendRecord, until: string): Promise<boolean> {
    const r = this.rows.get(row.sendId);
    if (r?.state !== 'UNKNOWN' || r.resendDueAt !== row.resendDueAt || r.updatedAt !== row.updatedAt) return false;
    r.resendDueAt = until;
    return true;
  }

  async dropResend(row: SendRecord): Promise<void> {
    const r = this.rows.get(row.sendId);
    if (r && r.resendDueAt === row.resendDueAt) delete r.resendDueAt;
  }

  async noteProviderEvent(sendId: string, providerMessageId: string, at: string): Promise<boolean> {
    const r = this.rows.get(sendId);
    if (r?.state !== 'SENDING') return false;
    Object.assign(r, { providerEventAt: at, providerMessageId });
    return true;
  }

  async reconcileSend(sendId: string, providerMessageId: string, at: string): Promise<boolean> {
    const r = this.rows.get(sendId);
    if (r?.state !== 'UNKNOWN' && r?.state !== 'RETRY') return false;
    const old = copy(r);
    applyUpdate(r as unknown as Record<string, unknown>, { state: 'SENT', providerMessageId, reason: 'reconciled from the provider send event', updatedAt: at }, ['leaseUntil', 'resendDueAt']);
    if (old.subscriberId && old.updatedAt) this.messages.updateMessage(old.subscriberId, old.updatedAt, sendId, { state: 'SENT', providerMessageId });
    return true;
  }
}
