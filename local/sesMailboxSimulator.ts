/**
 * What SES's configuration-set event publishing reports for a message the local SES endpoint
 * accepted (issues 14 and 16), in SES's own event shapes ("Contents of event data that Amazon SES
 * publishes to Amazon SNS"): a `Send` event for every message, then what the recipient's mail
 * server said. Local mode delivers everything, except the SES mailbox simulator addresses, which
 * answer as they do in AWS ("Using the mailbox simulator", SES Developer Guide):
 *
 * - success@simulator.amazonses.com: Delivery;
 * - bounce@…: a hard bounce (Permanent, General, 5.1.1);
 * - complaint@…: Delivery, then a Complaint (feedback type abuse);
 * - suppressionlist@…: a hard bounce as if on the suppression list (Permanent, Suppressed);
 * - ooto@…: Delivery (the out-of-office reply goes to the sender, not into events).
 *
 * Labels work as in SES (`bounce+anything@simulator.amazonses.com`).
 */
import { randomUUID } from 'node:crypto';

export const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

export interface AcceptedMessage {
  messageId: string;
  /** The one destination address (Carecast sends one recipient per message). */
  to: string;
  /** The message's tags as SES reports them (name → [value]). */
  tags: Record<string, string[]>;
  /** When SES accepted it (simulated time). */
  at: Date;
}

export type SesEvent = Record<string, unknown>;

/** Which simulator mailbox an address is, or undefined for any other address. */
const simulatorMailbox = (address: string): string | undefined => {
  const [local, domain] = address.trim().toLowerCase().split('@');
  if (domain !== SIMULATOR_DOMAIN || !local) return undefined;
  return local.split('+')[0];
};

/** The mail server's answer a second after the send (SES reports it in seconds; none in the past). */
const later = (m: AcceptedMessage, seconds: number) => new Date(m.at.getTime() + seconds * 1000).toISOString();

const mailOf = (m: AcceptedMessage) => ({ timestamp: m.at.toISOString(), messageId: m.messageId, destination: [m.to], tags: m.tags });

const delivery = (m: AcceptedMessage): SesEvent => ({
  eventType: 'Delivery',
  mail: mailOf(m),
  delivery: { timestamp: later(m, 1), processingTimeMillis: 1000, recipients: [m.to], smtpResponse: '250 2.6.0 Message received', reportingMTA: 'a8-1.smtp-out.amazonses.com' },
});

const hardBounce = (m: AcceptedMessage, subType: 'General' | 'Suppressed'): SesEvent => ({
  eventType: 'Bounce',
  mail: mailOf(m),
  bounce: {
    feedbackId: randomUUID(),
    bounceType: 'Permanent',
    bounceSubType: subType,
    bouncedRecipients: [{ emailAddress: m.to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: later(m, 1),
    reportingMTA: 'dns; amazonses.com',
  },
});

const complaint = (m: AcceptedMessage): SesEvent => ({
  eventType: 'Complaint',
  mail: mailOf(m),
  complaint: { feedbackId: randomUUID(), complaintFeedbackType: 'abuse', complainedRecipients: [{ emailAddress: m.to }], timestamp: later(m, 2), userAgent: 'Amazon SES Mailbox Simulator' },
});

/** The events SES would publish for this accepted message, in the order it would publish them. */
export const sesEventsFor = (m: AcceptedMessage): SesEvent[] => {
  const send: SesEvent = { eventType: 'Send', mail: mailOf(m), send: {} };
  switch (simulatorMailbox(m.to)) {
    case 'bounce':
      return [send, hardBounce(m, 'General')];
    case 'suppressionlist':
      return [send, hardBounce(m, 'Suppressed')];
    case 'complaint':
      return [send, delivery(m), complaint(m)];
    default:
      return [send, delivery(m)];
  }
};
