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
  /** This message id was handled before (SNS redelivered it): nothing done again. */
  duplicate?: boolean;
  /** Whether the number belongs to a known subscriber. */
  known: boolean;
  /** A text that was not a keyword went to the clinic inbox. */
  forwarded?: boolean;
}

/** One "someone will answer" reply per number per day. */
export const AUTO_REPLY_WINDOW_SECONDS = 24 * 3600;

/** The "handled" marker of one inbound text (the SES feedback markers' table rows, `FEEDBACK#…`). */
const handledKey = (messageId: string) => `sms-inbound#${messageId}`;

/**
 * Handles one inbound text, idempotent on `messageId` (AWS's inboundMessageId; SNS redelivers a
 * failed Lambda invocation with the same one, issue 16): a "handled" marker written last makes a
 * redelivery after success a no-op; a redelivery after a partial attempt repeats only effects that
 * are idempotent by themselves (suppression upsert, conditional status moves, replies whose sendId
 * is derived from the message id, the auto-reply claim taken for this message id).
 * @throws transient faults (DynamoDB past its retries, provider throttling): the source retries.
 */
export const handleInboundText = async (deps: DomainContext, from: string, body: string, messageId: string): Promise<InboundOutcome> => {
  const intent = classifyInboundText(body);
  if (await deps.store.isFeedbackHandled(handledKey(messageId))) return { intent, known: false, duplicate: true };
  const outcome = await applyInboundText(deps, from, body, messageId, intent);
  await deps.store.markFeedbackHandled(handledKey(messageId), Math.floor(deps.clock.now().getTime() / 1000) + retention.feedbackMarkerSeconds);
  return outcome;
};

const applyInboundText = async (deps: DomainContext, from: string, body: string, messageId: string, intent: InboundIntent): Promise<InboundOutcome> => {
  const { store, clock, hasher } = deps;
  const now = clock.now();
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
    // Stamped with the message id: a retry whose first write landed, or SNS's redelivery after a
    // fault further on, still counts as this STOP's move, so its one confirmation is not lost.
    const moved = await store.transitionChannel(subscriberId, 'sms', ['pending', 'confirmed'], 'unsubscribed', false, messageId);
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
    if (subscriber.smsStatus === 'confirmed' && (await store.claimAutoReply(hash, epoch + AUTO_REPLY_WINDOW_SECONDS, now, messageId))) reply = 'reply-received';
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
