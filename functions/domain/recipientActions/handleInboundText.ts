/**
 * An inbound text from a patient (classified by SmsKeywords.ts): STOP opts out at once with one
 * confirmation (S4–S6), HELP answers with program and clinic contact, START/YES opts in again
 * (YES also completes the double opt-in). A phone's reaction to one of our texts is kept, with
 * no body and no answer. Anything else is a person writing to the clinic (issue 11): kept for
 * staff, forwarded to the clinic inbox, and answered "someone will answer" at most once per
 * AUTO_REPLY_WINDOW_SECONDS per number, so two auto-responders cannot loop.
 */
import { randomUUID } from 'node:crypto';
import { keys, retention } from '../../contract/table.js';
import { consentDisclosure } from '../signup/consentDisclosure.js';
import { confirmChannel } from '../signup/confirmChannel.js';
import type { DomainContext } from '../core/domainContext.js';
import type { SystemTemplate } from '../core/model.js';
import { normalisePhone } from '../signup/SignupForm.js';
import { classifyInboundText, type InboundIntent } from './smsKeywords.js';
import { systemSendId } from '../core/sendIds.js';

export interface InboundOutcome {
  intent: InboundIntent;
  /** Whether the number belongs to a known subscriber. */
  known: boolean;
  /** A text that was not a keyword went to the clinic inbox. */
  forwarded?: boolean;
}

/** One "someone will answer" reply per number per day. */
export const AUTO_REPLY_WINDOW_SECONDS = 24 * 3600;

export const handleInboundText = async (deps: DomainContext, from: string, body: string, messageId: string): Promise<InboundOutcome> => {
  const { store, clock, hasher } = deps;
  const now = clock.now();
  const intent = classifyInboundText(body);
  const phone = normalisePhone(from);
  if (!phone) return { intent, known: false };
  const hash = hasher.hash('sms', phone);
  const subscriberId = await store.findSubscriberIdByAddress('sms', hash, now);

  if (intent === 'stop') {
    // Suppress the number itself, so even an unknown or deleted subscriber is never texted (S6).
    await store.suppress(hash, 'sms', 'stop-keyword', now.toISOString());
  }
  if (!subscriberId) return { intent, known: false };
  const subscriber = await store.getSubscriber(subscriberId, now);
  if (!subscriber) return { intent, known: false };

  await store.recordInboundText(subscriberId, now.toISOString(), messageId, intent, Math.floor(now.getTime() / 1000) + retention.messageLogSeconds, intent === 'other' ? body.slice(0, 1600) : undefined);
  let reply: SystemTemplate | undefined;
  if (intent === 'stop') {
    const moved = await store.transitionChannel(subscriberId, 'sms', ['pending', 'confirmed'], 'unsubscribed', false);
    await ledger(deps, subscriberId, subscriber.language, 'revoked', 'sms-keyword');
    if (moved) reply = 'stop-confirm'; // S5: one confirmation, not one per repeated STOP
  } else if (intent === 'help') {
    reply = 'help';
  } else if (intent === 'other') {
    const inboundSk = keys.inboundText(subscriberId, now.toISOString(), messageId).sk;
    await deps.queue.enqueue([
      { kind: 'clinic-text', sendId: systemSendId('clinic', 'inbound-text-notification', messageId), subscriberId, inboundSk, template: 'inbound-text-notification' },
    ]);
    const epoch = Math.floor(now.getTime() / 1000);
    if (subscriber.smsStatus === 'confirmed' && (await store.claimAutoReply(hash, epoch + AUTO_REPLY_WINDOW_SECONDS, now))) reply = 'reply-received';
  } else if (intent === 'start') {
    // Issue 17: a second START within 30 days cannot lift the provider's opt-out; answering
    // "you are subscribed" would be false (every text then fails), so nothing changes and
    // nothing is sent. The refusal is counted (ProviderRefusalsByReason) for staff to follow up.
    if (!(await deps.texter.optIn(phone))) return { intent, known: true };
    await store.unsuppress(hash);
    if (subscriber.smsStatus === 'pending') {
      await confirmChannel(deps, subscriberId, 'sms', 'sms-keyword');
      reply = 'start-confirm';
    } else if (subscriber.smsStatus === 'confirmed') {
      // An earlier YES may have confirmed the number and failed before enrolling it (a DynamoDB
      // error after the status moved): its redelivery, or the patient's next YES, lands here.
      // confirmChannel enrolls what is missing and changes nothing else (issue 13: a text-only
      // patient's whole series was lost in the chaos run this way).
      await confirmChannel(deps, subscriberId, 'sms', 'sms-keyword');
    } else if (subscriber.smsStatus === 'unsubscribed') {
      await store.transitionChannel(subscriberId, 'sms', ['unsubscribed'], 'confirmed', true);
      await ledger(deps, subscriberId, subscriber.language, 'confirmed', 'sms-keyword');
      reply = 'start-confirm';
    }
  }
  if (reply) {
    await deps.queue.enqueue([
      { kind: 'system', sendId: systemSendId(subscriberId, reply, messageId), subscriberId, channel: 'sms', template: reply },
    ]);
  }
  return { intent, known: true, ...(intent === 'other' ? { forwarded: true } : {}) };
};

const ledger = async (deps: DomainContext, subscriberId: string, language: 'en' | 'es', action: 'revoked' | 'confirmed', source: string) => {
  const d = consentDisclosure('sms', language, { clinicName: deps.settings.clinic.name, programName: deps.settings.clinic.programName });
  await deps.store.appendConsent(
    { subscriberId, channel: 'sms', action, textVersion: d.version, textHash: d.hash, at: deps.clock.now().toISOString(), source },
    randomUUID(),
  );
};
