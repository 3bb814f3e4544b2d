/**
 * What the email provider tells us after a send (O3, R4, R9), in the product's own words: the
 * SES adapter (functions/adapters/aws/sesNotification.ts) translates notifications into
 * DeliveryFeedback, and this applies it. Rules follow the SES event fields:
 *
 * - any event carrying the `sendId` tag (Send, Delivery, Bounce, …): an outbox row left UNKNOWN by
 *   an ambiguous send becomes SENT (R4) and is not resent (issue 16).
 * - complained: the address is suppressed and the channel marked `suppressed`, and consent is
 *   revoked, as an unsubscribe does; except a `not-spam` feedback report (complaintFeedbackType,
 *   RFC 5965 §7.3), which says the opposite and changes nothing.
 * - bounced: only bounceType `Permanent` suppresses at once (any subtype, incl. Suppressed and
 *   OnAccountSuppressionList). A `Transient` bounce about the mailbox (General, MailboxFull, or no
 *   subtype) is counted per address in a window of `retention.softBounceSeconds`, and suppresses
 *   once the count reaches the limit; one about the message (MessageTooLarge, ContentRejected,
 *   AttachmentRejected) and `Undetermined` are recorded only.
 * - delivered resets that count. Every event except `accepted` and not-spam is recorded on its step.
 *
 * The recipient is found through the message's own tags (`subscriber`, `sendId` → outbox row),
 * not by re-typing the address SES reports; only an untagged message falls back to the address.
 * Each effect is idempotent by itself (suppress is an upsert, counters dedupe by feedbackId, the
 * event row is keyed by it), and a "handled" marker written last makes a replay a no-op (R9).
 * feedbackId is the SES event's own key, so one event under two SNS ids counts once.
 */
import { retention } from '../../contract/table.js';
import { SendInFlight } from '../core/errors.js';
import type { DomainContext } from '../core/domainContext.js';
import type { StepEvent, Subscriber } from '../core/model.js';
import { recordStepEvent } from './recordStepEvent.js';
import { normaliseEmail } from '../signup/SignupForm.js';
import { recordRevocation } from './unsubscribe.js';

export interface DeliveryFeedback {
  /** The SES event's key (message id, event type, recipients, event time): the idempotency key (R9). */
  feedbackId: string;
  kind: 'accepted' | 'delivered' | 'bounced' | 'complained' | 'rejected' | 'delayed';
  /** Bounces only: SES bounceType, lower case. */
  bounceType?: 'permanent' | 'transient' | 'undetermined';
  /** Bounces only: SES bounceSubType as sent (General, MailboxFull, ContentRejected, …). */
  bounceSubType?: string;
  /** Complaints only: complaintFeedbackType, lower case (abuse, fraud, not-spam, …), when the report had one. */
  complaintType?: string;
  providerMessageId: string;
  /** Our opaque tag (O10), when the provider echoed it. */
  sendId?: string;
  /** The `subscriber` tag the mailer set, when the provider echoed it. */
  subscriberId?: string;
  /** Addresses the event is about: hashed at once, never stored or logged; used only for untagged messages. */
  recipients: string[];
  at?: string;
}

export type FeedbackOutcome = 'duplicate' | 'handled' | 'not-a-complaint';

export const DEFAULT_TRANSIENT_BOUNCE_LIMIT = 3;

/** Transient subtypes about the mailbox (count toward suppression); the others are about the message. */
const MAILBOX_SUBTYPES = new Set(['General', 'MailboxFull']);

const EVENT_KIND: Record<Exclude<DeliveryFeedback['kind'], 'accepted'>, StepEvent['kind']> = {
  delivered: 'delivered',
  bounced: 'bounced',
  complained: 'complained',
  rejected: 'rejected',
  delayed: 'delayed',
};

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Whom the event is about: the subscriber named by the message's tags (the outbox row of its
 * sendId first, then its `subscriber` tag), and the address hashes to act on. An untagged
 * message (sent before tags, or by hand) falls back to the reported addresses.
 */
const feedbackTarget = async (deps: DomainContext, fb: DeliveryFeedback, now: Date): Promise<{ subscriber?: Subscriber; hashes: string[] }> => {
  const send = fb.sendId ? await deps.store.getSend(fb.sendId) : undefined;
  const tagged = send ? (send.subscriberId === 'clinic' ? undefined : send.subscriberId) : fb.subscriberId;
  const subscriber = tagged ? await deps.store.getSubscriber(tagged, now) : undefined;
  if (subscriber?.email) return { subscriber, hashes: [deps.hasher.hash('email', subscriber.email)] };
  return { hashes: fb.recipients.map((r) => deps.hasher.hash('email', normaliseEmail(r) ?? r.trim())) };
};

export const handleDeliveryFeedback = async (deps: DomainContext, fb: DeliveryFeedback): Promise<FeedbackOutcome> => {
  const { store, clock } = deps;
  if (await store.isFeedbackHandled(fb.feedbackId)) return 'duplicate';
  const now = clock.now();
  if (fb.kind === 'complained' && fb.complaintType === 'not-spam') {
    await store.markFeedbackHandled(fb.feedbackId, epoch(now) + retention.feedbackMarkerSeconds);
    return 'not-a-complaint';
  }
  const at = fb.at && !Number.isNaN(Date.parse(fb.at)) ? new Date(fb.at).toISOString() : now.toISOString();
  const { hashes } = fb.kind === 'accepted' || fb.kind === 'rejected' || fb.kind === 'delayed' ? { hashes: [] } : await feedbackTarget(deps, fb, now);

  // Any SES event for a tagged message (Send, Delivery, Bounce, Complaint, Reject, DeliveryDelay)
  // proves SES received it: an UNKNOWN row is settled and never sent again (issue 16).
  const reconciled = fb.sendId ? await store.reconcileSend(fb.sendId, fb.providerMessageId, at) : false;
  if (reconciled) deps.metrics?.count('UnknownReconciled', { Channel: 'email' });
  if (fb.sendId && !reconciled && (await store.getSend(fb.sendId))?.state === 'SENDING') {
    // The event beat the worker's own settle (it may yet time out, or its worker die, into
    // UNKNOWN): the row keeps the evidence, so it is settled SENT then and never resent. Only if
    // the row moved meanwhile does this fail, so SNS delivers the event again (nothing written yet).
    if (!(await store.noteProviderEvent(fb.sendId, fb.providerMessageId, at)) && !(await store.reconcileSend(fb.sendId, fb.providerMessageId, at))) throw new SendInFlight();
  }
  if (fb.kind === 'accepted') {
    // Nothing more: the Send event only reconciles.
  } else if (fb.kind === 'complained') {
    for (const h of hashes) await suppressEmail(deps, h, 'complaint', at, true);
  } else if (fb.kind === 'bounced' && fb.bounceType === 'permanent') {
    for (const h of hashes) await suppressEmail(deps, h, 'bounce-permanent', at, false);
  } else if (fb.kind === 'bounced' && fb.bounceType === 'transient' && (!fb.bounceSubType || MAILBOX_SUBTYPES.has(fb.bounceSubType))) {
    const limit = deps.settings.transientBounceLimit ?? DEFAULT_TRANSIENT_BOUNCE_LIMIT;
    for (const h of hashes) {
      const count = await store.countSoftBounce(h, fb.feedbackId, epoch(now) + retention.softBounceSeconds, now);
      if (count >= limit) await suppressEmail(deps, h, 'bounce-transient', at, false);
    }
  } else if (fb.kind === 'delivered') {
    for (const h of hashes) await store.clearSoftBounces(h);
  }

  if (fb.kind !== 'accepted') {
    const send = fb.sendId ? await store.getSend(fb.sendId) : undefined;
    await recordStepEvent(deps, {
      eventId: fb.feedbackId,
      kind: EVENT_KIND[fb.kind],
      at,
      channel: 'email',
      ...(fb.sendId ? { sendId: fb.sendId } : {}),
      ...(send && send.subscriberId !== 'clinic' ? { subscriberId: send.subscriberId } : {}),
      ...(send?.sequenceId && send.stepId ? { sequenceId: send.sequenceId, stepId: send.stepId } : {}),
      ...(fb.bounceType ? { detail: fb.bounceType } : {}),
    });
  }
  await store.markFeedbackHandled(fb.feedbackId, epoch(now) + retention.feedbackMarkerSeconds);
  return 'handled';
};

/** Suppresses an address hash and marks its subscriber's email channel `suppressed`. */
const suppressEmail = async (deps: DomainContext, hash: string, reason: string, at: string, revokesConsent: boolean) => {
  const { store, clock } = deps;
  await store.suppress(hash, 'email', reason, at);
  const subscriberId = await store.findSubscriberIdByAddress('email', hash, clock.now());
  if (!subscriberId) return;
  const s = await store.getSubscriber(subscriberId, clock.now());
  if (!s || (s.emailStatus !== 'pending' && s.emailStatus !== 'confirmed')) return;
  const moved = await store.transitionChannel(subscriberId, 'email', ['pending', 'confirmed'], 'suppressed', false);
  // O3: a complaint counts as an unsubscribe, so the ledger records the withdrawal too.
  if (moved && revokesConsent) await recordRevocation(deps, s, 'email', 'ses-complaint');
};
