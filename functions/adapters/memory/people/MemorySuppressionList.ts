/** The suppression list in memory: suppressions, transient-bounce counters and feedback markers. */
import type { Channel } from '../../../domain/core/model.js';
import type { SuppressionList, SuppressionReason } from '../../../domain/ports/people/suppressionList.js';
import { epochSeconds } from '../memoryRows.js';

export class MemorySuppressionList implements SuppressionList {
  private readonly suppressions = new Map<string, { channel: Channel; reason: SuppressionReason; at: string }>();
  private readonly handled = new Set<string>();
  private readonly softBounces = new Map<string, { ids: Set<string>; expiresAt: number }>();

  async isSuppressed(addressHash: string): Promise<boolean> {
    return this.suppressions.has(addressHash);
  }

  async suppress(addressHash: string, channel: Channel, reason: SuppressionReason, at: string): Promise<void> {
    this.suppressions.set(addressHash, { channel, reason, at });
  }

  async unsuppress(addressHash: string): Promise<void> {
    if (this.suppressions.get(addressHash)?.reason === 'stop-keyword') this.suppressions.delete(addressHash);
  }

  async isFeedbackHandled(feedbackId: string): Promise<boolean> {
    return this.handled.has(feedbackId);
  }

  async markFeedbackHandled(feedbackId: string, _expiresAt: number): Promise<void> {
    this.handled.add(feedbackId);
  }

  async countSoftBounce(addressHash: string, feedbackId: string, expiresAt: number, now: Date): Promise<number> {
    const current = this.softBounces.get(addressHash);
    // An expired counter starts again from this bounce, as the DynamoDB adapter reads it.
    if (!current || current.expiresAt <= epochSeconds(now)) {
      this.softBounces.set(addressHash, { ids: new Set([feedbackId]), expiresAt });
      return 1;
    }
    if (!current.ids.has(feedbackId)) {
      current.ids.add(feedbackId);
      current.expiresAt = expiresAt;
    }
    return current.ids.size;
  }

  async clearSoftBounces(addressHash: string): Promise<void> {
    this.softBounces.delete(addressHash);
  }
}
