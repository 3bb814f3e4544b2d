/** The message log in memory: messages and kept inbound texts per subscriber, in `<at>#<id>` order. */
import type { MessageRecord } from '../../../domain/core/model.js';
import type { MessageLog } from '../../../domain/ports/sending/messageLog.js';
import { copy, epochSeconds } from '../memoryRows.js';

export interface InboundTextRow {
  subscriberId: string;
  at: string;
  id: string;
  keyword: string;
  body?: string;
}

export class MemoryMessageLog implements MessageLog {
  private readonly messages = new Map<string, MessageRecord>();
  private readonly inbound = new Map<string, InboundTextRow>();
  private readonly autoReplies = new Map<string, { until: number; by: string }>();

  async recordMessage(message: MessageRecord, _expiresAt: number): Promise<void> {
    this.messages.set(`${message.subscriberId}|${message.at}#${message.sendId}`, copy(message));
  }

  async listMessages(subscriberId: string): Promise<MessageRecord[]> {
    return [...this.messages.entries()]
      .filter(([k]) => k.startsWith(`${subscriberId}|`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, m]) => copy(m));
  }

  /** Sets fields of the message row of one send (the outbox's reconcile), if it exists. */
  updateMessage(subscriberId: string, at: string, sendId: string, patch: Partial<MessageRecord>): void {
    const m = this.messages.get(`${subscriberId}|${at}#${sendId}`);
    if (m) Object.assign(m, patch);
  }

  async recordInboundText(subscriberId: string, at: string, id: string, keyword: string, _expiresAt: number, body?: string): Promise<void> {
    this.inbound.set(`${subscriberId}|${at}#${id}`, { subscriberId, at, id, keyword, ...(body !== undefined ? { body } : {}) });
  }

  /** A subscriber's kept inbound texts, oldest first (what staff see; not part of the port). */
  inboundTexts(subscriberId: string): InboundTextRow[] {
    return [...this.inbound.entries()]
      .filter(([k]) => k.startsWith(`${subscriberId}|`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, r]) => copy(r));
  }

  async getInboundText(subscriberId: string, sk: string): Promise<{ at: string; keyword: string; body?: string } | undefined> {
    // `sk` is `INBOUND#<at>#<id>` (keys.inboundText).
    const r = this.inbound.get(`${subscriberId}|${sk.replace(/^INBOUND#/, '')}`);
    return r ? { at: r.at, keyword: r.keyword, ...(r.body !== undefined ? { body: r.body } : {}) } : undefined;
  }

  async claimAutoReply(addressHash: string, until: number, now: Date, inboundMessageId: string): Promise<boolean> {
    const held = this.autoReplies.get(addressHash);
    if (held !== undefined && held.until > epochSeconds(now)) return held.by === inboundMessageId;
    this.autoReplies.set(addressHash, { until, by: inboundMessageId });
    return true;
  }

  async eraseInboundTexts(subscriberId: string): Promise<void> {
    for (const [k, r] of this.inbound) if (k.startsWith(`${subscriberId}|`)) delete r.body;
  }
}
