/**
 * Translates an SES notification (configuration-set event publishing to SNS, or identity
 * feedback notifications) into the domain's DeliveryFeedback, at the edge (style guide §4).
 * Shapes follow the AWS documentation ("Contents of event data that Amazon SES publishes to
 * Amazon SNS": eventType, bounce.bounceType Permanent/Transient/Undetermined and bounceSubType,
 * complaint.complaintFeedbackType, mail.tags); unknown fields pass through, event types we do
 * not act on are `ignored`, and anything unreadable is `malformed`. Nothing here logs; callers
 * log ids only.
 *
 * The idempotency key is the SES event itself (mail.messageId, eventType, recipients, the
 * event's own timestamp), never the SNS envelope's MessageId: SNS may deliver one event twice
 * under two ids (at-least-once delivery, and a replay after a subscription change).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { DeliveryFeedback } from '../../domain/recipientActions/handleDeliveryFeedback.js';

const Recipient = z.object({ emailAddress: z.string().min(3).max(320) }).passthrough();
const Recipients = z.array(Recipient).max(50);

const Notification = z
  .object({
    eventType: z.string().max(64).optional(),
    notificationType: z.string().max(64).optional(),
    mail: z
      .object({
        messageId: z.string().min(1).max(256),
        timestamp: z.string().max(64).optional(),
        destination: z.array(z.string().max(320)).max(50).optional(),
        tags: z.record(z.string(), z.array(z.string().max(256))).optional(),
      })
      .passthrough(),
    bounce: z
      .object({ bounceType: z.string().max(32), bounceSubType: z.string().max(64).optional(), bouncedRecipients: Recipients, timestamp: z.string().max(64).optional() })
      .passthrough()
      .optional(),
    complaint: z
      .object({ complainedRecipients: Recipients, complaintFeedbackType: z.string().max(64).optional(), timestamp: z.string().max(64).optional() })
      .passthrough()
      .optional(),
    delivery: z.object({ recipients: z.array(z.string().max(320)).max(50), timestamp: z.string().max(64).optional() }).passthrough().optional(),
    deliveryDelay: z.object({ delayedRecipients: Recipients.optional(), timestamp: z.string().max(64).optional() }).passthrough().optional(),
  })
  .passthrough();

export type ParsedSesNotification =
  | { ok: true; feedback: DeliveryFeedback; eventType: string }
  | { ok: false; reason: 'malformed' | 'ignored'; eventType?: string };

const KINDS: Record<string, DeliveryFeedback['kind']> = {
  Send: 'accepted',
  Delivery: 'delivered',
  Bounce: 'bounced',
  Complaint: 'complained',
  Reject: 'rejected',
  DeliveryDelay: 'delayed',
};

const SEND_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** The subscriber tag the mailer sets (composeMessage.ts): a UUID or another opaque id. */
const SUBSCRIBER_ID = /^[A-Za-z0-9_-]{1,64}$/;

const BOUNCE_TYPES: Record<string, NonNullable<DeliveryFeedback['bounceType']>> = {
  Permanent: 'permanent',
  Transient: 'transient',
  Undetermined: 'undetermined',
};

/**
 * sha256 over the SES event's identity: message id, event type, recipients (sorted) and the
 * event's own timestamp (R9). The recipients enter only as hash input, never stored.
 */
export const sesEventKey = (messageId: string, eventType: string, recipients: string[], at: string | undefined): string =>
  createHash('sha256')
    .update([messageId, eventType, [...recipients].map((r) => r.trim().toLowerCase()).sort().join(','), at ?? ''].join('\u0000'))
    .digest('base64url');
const NOTIFICATION_ID = /^[A-Za-z0-9:._-]{1,128}$/;

/** `notificationId` is the SNS MessageId of the envelope: checked for shape, and not the idempotency key (see above). */
export const parseSesNotification = (notificationId: string, message: string): ParsedSesNotification => {
  if (!NOTIFICATION_ID.test(notificationId) || message.length > 256 * 1024) return { ok: false, reason: 'malformed' };
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = Notification.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const n = parsed.data;
  const eventType = n.eventType ?? n.notificationType;
  if (!eventType) return { ok: false, reason: 'malformed' };
  const kind = Object.hasOwn(KINDS, eventType) ? KINDS[eventType] : undefined;
  if (!kind) return { ok: false, reason: 'ignored', eventType: eventType.slice(0, 32) };

  let recipients: string[];
  let bounceType: DeliveryFeedback['bounceType'];
  let bounceSubType: string | undefined;
  let complaintType: string | undefined;
  let at: string | undefined;
  if (kind === 'bounced') {
    if (!n.bounce) return { ok: false, reason: 'malformed', eventType };
    recipients = n.bounce.bouncedRecipients.map((r) => r.emailAddress);
    // An unknown type is treated as Undetermined: it never suppresses.
    bounceType = Object.hasOwn(BOUNCE_TYPES, n.bounce.bounceType) ? BOUNCE_TYPES[n.bounce.bounceType] : 'undetermined';
    bounceSubType = n.bounce.bounceSubType && /^[A-Za-z]{1,64}$/.test(n.bounce.bounceSubType) ? n.bounce.bounceSubType : undefined;
    at = n.bounce.timestamp;
  } else if (kind === 'complained') {
    if (!n.complaint) return { ok: false, reason: 'malformed', eventType };
    recipients = n.complaint.complainedRecipients.map((r) => r.emailAddress);
    complaintType = n.complaint.complaintFeedbackType?.trim().toLowerCase().slice(0, 64);
    at = n.complaint.timestamp;
  } else if (kind === 'delivered') {
    recipients = n.delivery?.recipients ?? n.mail.destination ?? [];
    at = n.delivery?.timestamp;
  } else if (kind === 'delayed') {
    recipients = n.deliveryDelay?.delayedRecipients?.map((r) => r.emailAddress) ?? n.mail.destination ?? [];
    at = n.deliveryDelay?.timestamp;
  } else {
    recipients = n.mail.destination ?? [];
  }
  const sendId = n.mail.tags?.sendId?.[0];
  const subscriberId = n.mail.tags?.subscriber?.[0];
  at ??= n.mail.timestamp;
  return {
    ok: true,
    eventType,
    feedback: {
      feedbackId: sesEventKey(n.mail.messageId, eventType, recipients, at),
      kind,
      providerMessageId: n.mail.messageId,
      recipients,
      ...(bounceType ? { bounceType } : {}),
      ...(bounceSubType ? { bounceSubType } : {}),
      ...(complaintType ? { complaintType } : {}),
      ...(sendId && SEND_ID.test(sendId) ? { sendId } : {}),
      ...(subscriberId && SUBSCRIBER_ID.test(subscriberId) ? { subscriberId } : {}),
      ...(at ? { at } : {}),
    },
  };
};
