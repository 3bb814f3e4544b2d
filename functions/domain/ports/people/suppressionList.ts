/**
 * Addresses nothing may be sent to (hard bounces, complaints, STOP), the transient-bounce
 * counters that lead there (O3), and the markers that make feedback handling idempotent (R9).
 */
import type { Channel } from '../../core/model.js';

/** Why an address is suppressed. Only `stop-keyword` can be lifted (by START/UNSTOP). */
export type SuppressionReason = 'stop-keyword' | (string & {});

export interface SuppressionList {
  isSuppressed(addressHash: string): Promise<boolean>;
  /** Suppresses an address (idempotent; the latest reason wins); `at` is ISO-8601 UTC. */
  suppress(addressHash: string, channel: Channel, reason: SuppressionReason, at: string): Promise<void>;
  /** Lifts a keyword opt-out (START/UNSTOP); bounce and complaint suppressions stay. */
  unsuppress(addressHash: string): Promise<void>;
  /** Whether an SES notification was already handled (R9). */
  isFeedbackHandled(feedbackId: string): Promise<boolean>;
  /** Marks a notification handled until `expiresAt` (epoch seconds). */
  markFeedbackHandled(feedbackId: string, expiresAt: number): Promise<void>;
  /**
   * Counts one transient bounce per feedbackId for an address; returns the running count. A
   * counter whose expiresAt (epoch seconds) is past at `now` starts again from this bounce:
   * DynamoDB TTL deletes late (up to days), and DynamoDB Local never.
   */
  countSoftBounce(addressHash: string, feedbackId: string, expiresAt: number, now: Date): Promise<number>;
  clearSoftBounces(addressHash: string): Promise<void>;
}
