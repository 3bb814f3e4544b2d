/** The message log on DynamoDB: message rows and kept inbound texts under the subscriber (`keys.message`, `keys.inboundText`). */
import { keys } from '../../../../contract/table.js';
import type { MessageRecord } from '../../../../domain/core/model.js';
import type { MessageLog } from '../../../../domain/ports/sending/messageLog.js';
import { type DynamoTable, epochSeconds, stripStorageAttributes } from '../DynamoTable.js';

/**
 * A message row as stored. It is not on the `byStep` index (issue 15): the only reader of that
 * index takes recipient events (`type = event`), so a message row there was a write (two, inside
 * the send worker's settle transaction) that nothing read.
 */
export const messageItem = (m: MessageRecord, expiresAt: number) => ({ ...keys.message(m.subscriberId, m.at, m.sendId), type: 'message', ...m, expiresAt });

export class DynamoMessageLog implements MessageLog {
  constructor(private readonly table: DynamoTable) {}

  async recordMessage(msg: MessageRecord, expiresAt: number): Promise<void> {
    await this.table.put(messageItem(msg, expiresAt));
  }

  async listMessages(subscriberId: string): Promise<MessageRecord[]> {
    const r = await this.table.query({ pk: keys.subscriber(subscriberId).pk, prefix: keys.messagePrefix });
    return r.items.map((i) => stripStorageAttributes<MessageRecord>(i));
  }

  async recordInboundText(subscriberId: string, at: string, id: string, keyword: string, expiresAt: number, body?: string): Promise<void> {
    await this.table.put({ ...keys.inboundText(subscriberId, at, id), type: 'inbound', keyword, at, expiresAt, body });
  }

  async getInboundText(subscriberId: string, sk: string): Promise<{ at: string; keyword: string; body?: string } | undefined> {
    const item = await this.table.get({ pk: keys.subscriber(subscriberId).pk, sk });
    if (!item) return undefined;
    return { at: String(item.at), keyword: String(item.keyword), ...(typeof item.body === 'string' ? { body: item.body } : {}) };
  }

  async claimAutoReply(addressHash: string, until: number, now: Date, inboundMessageId: string): Promise<boolean> {
    const key = keys.autoReply(addressHash);
    // Taken by this very text (an earlier delivery, or our own write whose answer was lost): still ours.
    return this.table.conditionalOrOwn(
      () =>
        this.table.put(
          { ...key, type: 'autoReply', until, expiresAt: until, inboundMessageId },
          { expr: 'attribute_not_exists(pk) OR #until <= :now', names: { '#until': 'until' }, values: { ':now': epochSeconds(now) } },
        ),
      key,
      { inboundMessageId },
    );
  }

  async eraseInboundTexts(subscriberId: string): Promise<void> {
    const pk = keys.subscriber(subscriberId).pk;
    for (const item of (await this.table.query({ pk, prefix: keys.inboundPrefix })).items) {
      if (item.body !== undefined) await this.table.update({ pk, sk: item.sk as string }, {}, ['body']);
    }
  }
}
