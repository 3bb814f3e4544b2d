/** The suppression list on DynamoDB: suppression rows, transient-bounce counters and feedback markers. */
import { keys } from '../../../../contract/table.js';
import type { Channel } from '../../../../domain/core/model.js';
import type { SuppressionList, SuppressionReason } from '../../../../domain/ports/people/suppressionList.js';
import { conditional, type DynamoTable, epochSeconds, isConditionFailure } from '../DynamoTable.js';

export class DynamoSuppressionList implements SuppressionList {
  constructor(private readonly table: DynamoTable) {}

  async isSuppressed(addressHash: string): Promise<boolean> {
    return (await this.table.get(keys.suppression(addressHash))) !== undefined;
  }

  async suppress(addressHash: string, channel: Channel, reason: SuppressionReason, at: string): Promise<void> {
    await this.table.update(keys.suppression(addressHash), { type: 'suppression', channel, reason, at });
  }

  async unsuppress(addressHash: string): Promise<void> {
    await conditional(() => this.table.delete(keys.suppression(addressHash), { expr: 'reason = :kw', values: { ':kw': 'stop-keyword' } }));
  }

  async isFeedbackHandled(feedbackId: string): Promise<boolean> {
    return (await this.table.get(keys.feedback(feedbackId))) !== undefined;
  }

  async markFeedbackHandled(feedbackId: string, expiresAt: number): Promise<void> {
    await this.table.put({ ...keys.feedback(feedbackId), type: 'feedback', expiresAt });
  }

  async countSoftBounce(addressHash: string, feedbackId: string, expiresAt: number, now: Date): Promise<number> {
    const nowSeconds = epochSeconds(now);
    // An expired counter (TTL has not deleted it yet) starts again from this bounce.
    const restarted = await conditional(() =>
      this.table.updateRaw({
        Key: keys.softBounces(addressHash),
        UpdateExpression: 'SET bounces = :one, feedbackIds = :ids, expiresAt = :exp, #type = :t',
        ConditionExpression: 'expiresAt <= :now',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':ids': new Set([feedbackId]), ':exp': expiresAt, ':now': nowSeconds, ':t': 'softBounces' },
      }),
    );
    if (restarted) return 1;
    try {
      const r = await this.table.updateRaw({
        Key: keys.softBounces(addressHash),
        UpdateExpression: 'ADD bounces :one, feedbackIds :ids SET expiresAt = :exp, #type = :t',
        // Each event counts once, even when replayed after a partial failure (R9).
        ConditionExpression: 'attribute_not_exists(feedbackIds) OR NOT contains(feedbackIds, :id)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':ids': new Set([feedbackId]), ':id': feedbackId, ':exp': expiresAt, ':t': 'softBounces' },
        ReturnValues: 'UPDATED_NEW',
      });
      return Number(r.Attributes?.bounces ?? 0);
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const item = await this.table.get(keys.softBounces(addressHash));
      return item && Number(item.expiresAt) > nowSeconds ? Number(item.bounces ?? 0) : 0;
    }
  }

  async clearSoftBounces(addressHash: string): Promise<void> {
    await this.table.delete(keys.softBounces(addressHash));
  }
}
