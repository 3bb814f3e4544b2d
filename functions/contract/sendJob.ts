/** The send queue's message body, validated on the way out of the queue (poison stays out). */
import * as z from 'zod';

export const SendJobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('step'),
    sendId: z.string().min(8).max(64),
    subscriberId: z.string().min(1).max(64),
    sequenceId: z.string().min(1).max(64),
    stepIndex: z.number().int().min(0),
    stepId: z.string().min(1).max(64),
  }),
  z.object({
    kind: z.literal('system'),
    sendId: z.string().min(8).max(64),
    subscriberId: z.string().min(1).max(64),
    channel: z.enum(['email', 'sms']),
    template: z.enum(['confirm-email', 'optin-confirm', 'help', 'stop-confirm', 'start-confirm', 'booking-confirmation', 'reply-received']),
    /** booking-confirmation: the consultation request it confirms. */
    bookingId: z.string().min(8).max(64).optional(),
  }),
  /** A message to the clinic's booking inbox about one consultation request. */
  z.object({
    kind: z.literal('clinic'),
    sendId: z.string().min(8).max(64),
    bookingId: z.string().min(8).max(64),
    template: z.literal('booking-notification'),
  }),
  /** A patient's text that was not a keyword, for the clinic's inbox (issue 11); the row is read at send time. */
  z.object({
    kind: z.literal('clinic-text'),
    sendId: z.string().min(8).max(64),
    subscriberId: z.string().min(1).max(64),
    inboundSk: z.string().min(1).max(256),
    template: z.literal('inbound-text-notification'),
  }),
  /** One recipient of a staff broadcast (issue 6). */
  z.object({
    kind: z.literal('broadcast'),
    sendId: z.string().min(8).max(64),
    subscriberId: z.string().min(1).max(64),
    broadcastId: z.string().min(8).max(64),
  }),
]);
