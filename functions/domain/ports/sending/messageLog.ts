/** What each subscriber was sent and texted back: the message history and kept inbound texts. */
import type { MessageRecord } from '../../core/model.js';

export interface MessageLog {
  /** Appends one sent (or failed, unknown) message, kept until `expiresAt` (epoch seconds). */
  recordMessage(message: MessageRecord, expiresAt: number): Promise<void>;
  /** A subscriber's messages, oldest first. */
  listMessages(subscriberId: string): Promise<MessageRecord[]>;
  /** Keeps an inbound text for staff; the body only for texts that were not a keyword. */
  recordInboundText(subscriberId: string, at: string, id: string, keyword: string, expiresAt: number, body?: string): Promise<void>;
  /** One kept inbound text by its sort key (`keys.inboundText(…).sk`); the body is gone once erased (P8). */
  getInboundText(subscriberId: string, sk: string): Promise<{ at: string; keyword: string; body?: string } | undefined>;
  /**
   * Takes the once-per-window right to auto-reply to a number (issue 11: two phones must not
   * loop). True if no claim exists or the last one ended by `now` (read-side expiry: TTL deletes
   * late); `until` is epoch seconds. Also true when the live claim was taken for the same
   * `inboundMessageId`: a redelivery of the text that took it (issue 16, idempotent on the message id).
   */
  claimAutoReply(addressHash: string, until: number, now: Date, inboundMessageId: string): Promise<boolean>;
  /** Strips the bodies of a subscriber's kept inbound texts (P8). */
  eraseInboundTexts(subscriberId: string): Promise<void>;
}
