/**
 * Translates an SES notification (configuration-set event publishing to SNS, or identity
 * feedback notifications) into the domain's DeliveryFeedback, at the edge (style guide §4).
 * Shapes follow the AWS documentation ("Contents of event data that Amazon SES publishes to
 * Amazon SNS"); unknown fields pass through, event types we do not act on are `ignored`, and
 * anything unreadable is `malformed`. Nothing here logs; callers log ids only.
 */
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
    bounce: z.object({ bounceType: z.string().max(32), bouncedRecipients: Recipients, timestamp: z.string().max(64).optional() }).passthrough().optional(),
    complaint: z.object({ complainedRecipients: Recipients, timestamp: z.string().max(64).optional() }).passthrough().optional(),
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
const NOTIFICATION_ID = /^[A-Za-z0-9:._-]{1,128}$/;

/** `notificationId` is the SNS MessageId of the envelope (R9: idempotency key with the event type). */
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
  let at: string | undefined;
  if (kind === 'bounced') {
    if (!n.bounce) return { ok: false, reason: 'malformed', eventType };
    recipients = n.bounce.bouncedRecipients.map((r) => r.emailAddress);
    bounceType = n.bounce.bounceType === 'Permanent' ? 'permanent' : 'transient';
    at = n.bounce.timestamp;
  } else if (kind === 'complained') {
    if (!n.complaint) return { ok: false, reason: 'malformed', eventType };
    recipients = n.complaint.complainedRecipients.map((r) => r.emailAddress);
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
  at ??= n.mail.timestamp;
  return {
    ok: true,
    eventType,
    feedback: {
      feedbackId: `${notificationId}:${eventType}`,
      kind,
      providerMessageId: n.mail.messageId,
      recipients,
      ...(bounceType ? { bounceType } : {}),
      ...(sendId && SEND_ID.test(sendId) ? { sendId } : {}),
      ...(at ? { at } : {}),
    },
  };
};
