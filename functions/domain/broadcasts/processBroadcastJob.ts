/**
 * The send worker's part for one broadcast recipient: the same outbox claim (R3, R4), the same
 * marketing gate as a drip step (confirmed channel, standing consent, not suppressed: E3, E7,
 * S6, R5), and for texts the recipient's quiet hours (S8) and at most three marketing texts in
 * 24 hours (S9). Outside them the recipient is deferred to the next opening, never dropped.
 * An ambiguous provider call (UNKNOWN) keeps the recipient pending until the row's resend time
 * (issue 16), as a drip step waits at its step.
 */
import type { Broadcast } from '../ports/staff/broadcasts.js';
import { BROADCAST_SEQUENCE_ID } from '../results/countStepEvent.js';
import type { DomainContext } from '../core/domainContext.js';
import { currentClosedDays } from '../clinic/clinicProfile.js';
import { enrollBroadcastRecipient } from './broadcastEnrollment.js';
import { broadcastOpeningFor } from './dispatchBroadcasts.js';
import type { SendJob, Subscriber } from '../core/model.js';
import { claim, defer, deliver, fateOfUnknown, type SendOutcome, skip } from '../sending/outbox.js';
import { checkMarketingGate } from '../sending/sendGates.js';

/** S9: marketing texts per person per rolling 24 hours. */
export const MAX_MARKETING_TEXTS_PER_DAY = 3;
const DAY_MS = 24 * 3600_000;

/** When the next marketing text may go under S9, or undefined when one may go now. */
const textCapFreeAt = async (deps: DomainContext, s: Subscriber, now: Date): Promise<Date | undefined> => {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const recent = (await deps.store.listMessages(s.subscriberId))
    .filter((m) => m.channel === 'sms' && m.sequenceId && m.state !== 'FAILED' && m.at > since)
    .map((m) => m.at)
    .sort();
  if (recent.length < MAX_MARKETING_TEXTS_PER_DAY) return undefined;
  return new Date(new Date(recent[recent.length - MAX_MARKETING_TEXTS_PER_DAY] as string).getTime() + DAY_MS + 1_000);
};

/**
 * A recipient whose outbox row is UNKNOWN (issue 16): settled `sent` when the provider's event for
 * the sendId came meanwhile; otherwise kept `pending`, due again at the row's resend time
 * (`unknownResendAt`: the email or text wait), when the dispatcher's broadcast pass queues it and
 * `claim` sends it again after the gates, unless an SES event or a text's delivery record settled
 * it first. Settled `unknown` only when it will never be resent (wait off, provider calls used up).
 * @returns 'sent' when settled by the provider's event, else 'unknown'
 */
const settleUnknownRecipient = async (deps: DomainContext, broadcast: Broadcast, job: Extract<SendJob, { kind: 'broadcast' }>): Promise<SendOutcome> => {
  const { store } = deps;
  const now = deps.clock.now().toISOString();
  const fate = await fateOfUnknown(deps, await store.getSend(job.sendId));
  if (fate === 'sent') {
    await enrollBroadcastRecipient(deps, broadcast, job.subscriberId);
    await store.settleBroadcastRecipient(job.broadcastId, job.subscriberId, 'sent', now);
    return 'sent';
  }
  if (fate === 'never') await store.settleBroadcastRecipient(job.broadcastId, job.subscriberId, 'unknown', now);
  else await store.deferBroadcastRecipient(job.broadcastId, job.subscriberId, fate.toISOString(), now);
  return 'unknown';
};

/**
 * Sends one broadcast recipient's message through the outbox (claim → gates → provider → settle)
 * and settles the recipient row. `stale` for a cancelled broadcast or a recipient no longer pending;
 * `deferred` (due again at the next opening) outside quiet hours or over the texting cap.
 * @throws as outbox.callProvider: retryable provider errors after the row went back to RETRY.
 */
export const processBroadcastJob = async (deps: DomainContext, job: Extract<SendJob, { kind: 'broadcast' }>): Promise<SendOutcome> => {
  const { store, clock } = deps;
  const broadcast: Broadcast | undefined = await store.getBroadcast(job.broadcastId);
  const recipient = await store.getBroadcastRecipient(job.broadcastId, job.subscriberId);
  if (!broadcast || broadcast.status === 'cancelled' || recipient?.state !== 'pending') return 'stale';
  const channel = broadcast.audience.channel;

  const c = await claim(deps, job, channel, { sequenceId: BROADCAST_SEQUENCE_ID, stepId: broadcast.broadcastId });
  if ('settled' in c) {
    if (c.settled === 'in-flight') return 'in-flight';
    if (c.settled === 'UNKNOWN') return settleUnknownRecipient(deps, broadcast, job);
    // An earlier delivery settled the outbox row but not the recipient: finish that (enrollment first, as below).
    if (c.settled === 'SENT') await enrollBroadcastRecipient(deps, broadcast, job.subscriberId);
    await store.settleBroadcastRecipient(job.broadcastId, job.subscriberId, c.settled === 'FAILED' ? 'failed' : c.settled === 'SKIPPED' ? 'skipped' : 'sent', clock.now().toISOString());
    return 'duplicate';
  }

  const subscriber = await store.getSubscriber(job.subscriberId, clock.now());
  const gate = await checkMarketingGate(deps, subscriber, channel);
  if (!gate.ok) {
    await skip(deps, c.record, gate);
    await store.settleBroadcastRecipient(job.broadcastId, job.subscriberId, 'skipped', clock.now().toISOString(), gate.reason);
    return 'skipped';
  }
  const s = subscriber as Subscriber;
  const now = clock.now();
  const isClosed = await currentClosedDays(deps);
  const capFreeAt = channel === 'sms' ? await textCapFreeAt(deps, s, now) : undefined;
  if (capFreeAt || broadcastOpeningFor(s, channel, now, isClosed).getTime() !== now.getTime()) {
    // Quiet hours, the texting cap (S9) or a day the clinic closed meanwhile (issue 14): wait, never drop.
    await defer(deps, c.record);
    await store.deferBroadcastRecipient(job.broadcastId, job.subscriberId, broadcastOpeningFor(s, channel, capFreeAt ?? now, isClosed).toISOString(), now.toISOString());
    return 'deferred';
  }

  const outcome = await deliver(deps, s, channel, broadcast.template, c.record, { sendId: job.sendId, sequenceId: BROADCAST_SEQUENCE_ID, stepId: broadcast.broadcastId }, 'promotional');
  if (outcome === 'unknown') return settleUnknownRecipient(deps, broadcast, job);
  // Before the recipient settles: a retry after a crash here finds it pending and enrolls then (idempotent).
  if (outcome === 'sent') await enrollBroadcastRecipient(deps, broadcast, job.subscriberId);
  await store.settleBroadcastRecipient(job.broadcastId, job.subscriberId, outcome, clock.now().toISOString());
  return outcome;
};
