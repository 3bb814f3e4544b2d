/**
 * SNS SMS delivery-status logging, as a CloudWatch Logs subscription filter hands it to Lambda
 * (issue 16): `event.awslogs.data` is base64 of a gzip of `{ messageType, logGroup, logEvents:
 * [{ id, timestamp, message }] }`, and each message is one JSON record SNS wrote to
 * `sns/<region>/<account>/DirectPublishToPhoneNumber` (or `…/Failure`):
 *
 *   { "notification": { "messageId": "34d9b400-…", "timestamp": "2016-06-28 00:40:34.558" },
 *     "delivery": { "destination": "+1XXX5550100", "smsType": "Transactional",
 *                   "providerResponse": "Message has been accepted by phone carrier", … },
 *     "status": "SUCCESS" }
 *
 * (AWS Knowledge Center, "monitor SNS texts with CloudWatch"; fixtures in tests/fixtures/sns.)
 * The timestamp is UTC without a zone. Lines that are not such a record are skipped and counted.
 */
import { gunzipSync } from 'node:zlib';
import * as z from 'zod';
import type { TextDeliveryStatus } from '../../domain/sending/textDeliveryEvidence.js';

const LogsPayload = z.object({
  messageType: z.string(),
  logGroup: z.string().optional(),
  logEvents: z.array(z.object({ id: z.string().optional(), timestamp: z.number().optional(), message: z.string() })).default([]),
});

const SmsRecord = z.object({
  notification: z.object({ messageId: z.string().min(1).max(128), timestamp: z.string().min(10).max(40) }),
  delivery: z.object({ destination: z.string().min(1).max(32) }),
  status: z.string().min(1).max(32),
});

/** `2016-06-28 00:40:34.558` (UTC) → ISO-8601; undefined when it is not such a time. */
export const snsLogTime = (timestamp: string): string | undefined => {
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(timestamp) ? `${timestamp.replace(' ', 'T')}Z` : timestamp;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

/** One SNS SMS delivery-status log line → the record, or undefined. */
export const parseSmsDeliveryRecord = (message: string): TextDeliveryStatus | undefined => {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const r = SmsRecord.safeParse(json);
  const at = r.success ? snsLogTime(r.data.notification.timestamp) : undefined;
  if (!r.success || !at) return undefined;
  return { providerMessageId: r.data.notification.messageId, at, status: r.data.status, destination: r.data.delivery.destination };
};

/** The records of one subscription-filter invocation, and how many lines were not records. */
export const parseSmsDeliveryLogs = (event: { awslogs?: { data?: string } }): { records: TextDeliveryStatus[]; skipped: number; messageType?: string } => {
  const data = event?.awslogs?.data;
  if (typeof data !== 'string') return { records: [], skipped: 0 };
  let payload: z.infer<typeof LogsPayload>;
  try {
    payload = LogsPayload.parse(JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')));
  } catch {
    return { records: [], skipped: 1 };
  }
  // CloudWatch Logs checks a new destination with one CONTROL_MESSAGE; it carries no records.
  if (payload.messageType !== 'DATA_MESSAGE') return { records: [], skipped: 0, messageType: payload.messageType };
  const records: TextDeliveryStatus[] = [];
  let skipped = 0;
  for (const e of payload.logEvents) {
    const r = parseSmsDeliveryRecord(e.message);
    if (r) records.push(r);
    else skipped++;
  }
  return { records, skipped, messageType: payload.messageType };
};
