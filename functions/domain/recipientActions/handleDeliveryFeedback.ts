/**
 * What the email provider tells us after a send (O3, R4, R9), in the product's own words: the
 * SES adapter (functions/adapters/aws/sesNotification.ts) translates notifications into
 * DeliveryFeedback, and this applies it.
 *
 * - accepted (SES "Send"): an outbox row left UNKNOWN by an ambiguous send becomes SENT (R4).
 * - bounced permanent, or complained: the address is suppressed at once (reason and time) and the
 *   channel marked `suppressed`; a complaint also revokes consent, as an unsubscribe does.
 * - bounced transient: counted per address; suppressed once the count reaches the limit.
 * - delivered resets that count. Every event except `accepted` is recorded against its step.
 *
 * Each effect is idempotent by itself (suppress is an upsert, counters dedupe by feedbackId, the
 * event row is keyed by it), and a "handled" marker written last makes a replay a no-op (R9).
 */
import { retention } from '../../contract/table.js';
import type { DomainContext } from '../core/domainContext.js';
import type { StepEvent } from '../core/model.js';
import { recordStepEvent } from './recordStepEvent.js';
import { normaliseEmail } from '../signup/SignupForm.js';
import { recordRevocation } from './unsubscribe.js';

export interface DeliveryFeedback {
  /** Notification id + event type: the idempotency key (R9). */
  feedbackId: string;
  kind: 'accepted' | 'delivered' | 'bounced' | 'complained' | 'rejected' | 'delayed';
  /** Bounces only; the provider's "undetermined" counts as transient. */
  bounceType?: 'permanent' | 'transient';
  providerMessageId: string;
  /** Our opaque tag (O10), when the provider echoed it. */
  sendId?: string;
  /** Addresses the event is about: hashed at once, never stored or logged. */
  recipients: string[];
  at?: string;
}

export type FeedbackOutcome = 'duplicate' | 'handled';

export const DEFAULT_TRANSIENT_BOUNCE_LIMIT = 3;

const EVENT_KIND: Record<Exclude<DeliveryFeedback['kind'], 'accepted'>, StepEvent['kind']> = {
  delivered: 'delivered',
  bounced: 'bounced',
  complained: 'complained',
  rejected: 'rejected',
  delayed: 'delayed',
};

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export const handleDeliveryFeedback = async (deps: DomainContext, fb: DeliveryFeedback): Promise<FeedbackOutcome> => {
  const { store, clock } = deps;
  if (await store.isFeedbackHandled(fb.feedbackId)) return 'duplicate';
  const now = clock.now();
  const at = fb.at && !Number.isNaN(Date.parse(fb.at)) ? new Date(fb.at).toISOString() : now.toISOString();
  const hashes = fb.recipients.map((r) => deps.hasher.hash('email', normaliseEmail(r) ?? r.trim()));

  if (fb.kind === 'accepted') {
    if (fb.sendId) await store.reconcileSend(fb.sendId, fb.providerMessageId, at);
  } else if (fb.kind === 'complained') {
    for (const h of hashes) await suppressEmail(deps, h, 'complaint', at, true);
  } else if (fb.kind === 'bounced' && fb.bounceType === 'permanent') {
    for (const h of hashes) await suppressEmail(deps, h, 'bounce-permanent', at, false);
  } else if (fb.kind === 'bounced') {
    const limit = deps.settings.transientBounceLimit ?? DEFAULT_TRANSIENT_BOUNCE_LIMIT;
    for (const h of hashes) {
      const count = await store.countSoftBounce(h, fb.feedbackId, epoch(now) + retention.softBounceSeconds);
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
