/**
 * Closing the ambiguous window for texts (issue 16) with SNS SMS delivery-status logging: SNS
 * writes one record per text it took (CloudWatch Logs, `sns/<region>/<account>/
 * DirectPublishToPhoneNumber` and `…/Failure`): `notification.messageId`,
 * `notification.timestamp` (when SNS accepted the Publish), `delivery.destination`, `status`.
 * The record carries no tag of ours, so an UNKNOWN text (whose Publish answer, and with it the
 * message id, was lost) is matched by destination and time:
 *
 *   a record is evidence for the UNKNOWN text row R iff its destination is R's subscriber's number
 *   (keyed hash), its timestamp is at or after R's `providerCallAt` (less CLOCK_SKEW_MS), and its
 *   message id is not one our message log already attributes to another send (a text whose
 *   Publish answer arrived is logged with its message id).
 *
 * Any such record settles R SENT (`reconcileSend`), never resent. Residual risk, always toward
 * at most once, never a double text: two texts to one number ambiguous in the same wait, one left
 * and one never did — the one record settles both, and the second is missed; a text from outside
 * Carecast to the same number in that span does the same. A record arriving later than the wait
 * (SNS documents no bound; delivery logs can take up to 72 hours for some carriers) finds the
 * text already resent: a duplicate, which is why the default wait is that documented 72 hours.
 */
import { retention } from '../../contract/table.js';
import type { DomainContext } from '../core/domainContext.js';
import type { SendRecord } from '../core/model.js';
import type { TextDeliveryRecord } from '../ports/sending/textDeliveryLog.js';
import { normalisePhone } from '../signup/SignupForm.js';

/** Our clock and SNS's may disagree by this much (providerCallAt is stamped just before Publish). */
export const CLOCK_SKEW_MS = 2_000;

type EvidenceContext = Pick<DomainContext, 'store' | 'clock' | 'hasher'>;

/** A record as the delivery-status log line gives it: destination in E.164. */
export interface TextDeliveryStatus extends TextDeliveryRecord {
  destination: string;
}

/**
 * Keeps one delivery-status record by its destination's hash; a record for a number that is not
 * a phone number is dropped (nothing of ours could match it). Idempotent (same key).
 */
export const recordTextDeliveryStatus = async (deps: EvidenceContext, status: TextDeliveryStatus): Promise<'kept' | 'ignored'> => {
  const phone = normalisePhone(status.destination);
  if (!phone) return 'ignored';
  const { destination: _destination, ...record } = status;
  await deps.store.recordTextDelivery(deps.hasher.hash('sms', phone), record, Math.floor(deps.clock.now().getTime() / 1000) + retention.textDeliverySeconds);
  return 'kept';
};

/**
 * The delivery-status record that proves SNS took this UNKNOWN text (the rule above), or
 * undefined. Reads the subscriber (its number), the records for that number since the provider
 * call, and the subscriber's message log (message ids already attributed).
 */
export const textDeliveryEvidence = async (deps: EvidenceContext, row: SendRecord): Promise<TextDeliveryRecord | undefined> => {
  if (row.channel !== 'sms' || !row.providerCallAt) return undefined;
  const subscriber = await deps.store.getSubscriber(row.subscriberId, deps.clock.now());
  const phone = subscriber?.phone && normalisePhone(subscriber.phone);
  if (!phone) return undefined;
  const from = new Date(Date.parse(row.providerCallAt) - CLOCK_SKEW_MS).toISOString();
  const records = await deps.store.listTextDeliveries(deps.hasher.hash('sms', phone), from, deps.clock.now().toISOString());
  if (records.length === 0) return undefined;
  const attributed = new Set(
    (await deps.store.listMessages(row.subscriberId)).filter((m) => m.sendId !== row.sendId && m.providerMessageId).map((m) => m.providerMessageId as string),
  );
  return records.find((r) => !attributed.has(r.providerMessageId));
};
