/**
 * SNS SMS delivery-status records (issue 16): what SNS logged about each text it took, kept by the
 * destination number's keyed hash (no number is stored). They are the only evidence that an
 * UNKNOWN text left: SNS `Publish` takes no idempotency token and the record carries no tag of ours.
 */

/** One record, as SNS wrote it (`notification.messageId`, `notification.timestamp`, `status`). */
export interface TextDeliveryRecord {
  /** SNS's message id (the `MessageId` Publish answers, when the answer arrived). */
  providerMessageId: string;
  /** When SNS accepted the Publish (ISO-8601 UTC, from `notification.timestamp`). */
  at: string;
  /** `SUCCESS` or `FAILURE` (the carrier refused it); either proves SNS took the message. */
  status: string;
}

export interface TextDeliveryLog {
  /** Keeps one record until `expiresAt` (epoch seconds); the same record again changes nothing. */
  recordTextDelivery(destinationHash: string, record: TextDeliveryRecord, expiresAt: number): Promise<void>;
  /** Records for one destination with `at` in [from, to] (ISO-8601), oldest first. */
  listTextDeliveries(destinationHash: string, from: string, to: string): Promise<TextDeliveryRecord[]>;
}
