/**
 * A drip step in at most four DynamoDB requests (issue 15), for the common case (everything in
 * order, the message goes now):
 *
 *   1. read      the subscriber's profile, consent ledger and enrollments (one Query);
 *   2. claim     the outbox row, stamped "provider called" (and a text's short link), in one transaction whose condition
 *                checks re-confirm what the send was decided on: channel still confirmed to the
 *                same address, no suppression row, enrollment still active at this step with the
 *                same goals. An opt-out, STOP, bounce, exit or booking that lands after the read
 *                cancels the claim: nothing is written or sent. (The sequence's pause is read
 *                from a head at most RECENT_HEAD_MS old: per-subscriber items only in the
 *                transaction, never a hot one that every concurrent claim would touch);
 *   3. settle    the row, the message log and the next step, in one transaction;
 *   4. count     the step's results counter (an atomic ADD outside any transaction, issue 16).
 *
 * Anything else (a gate says no, outside the send window, the row exists, a check failed)
 * answers `undefined`, and the caller takes the careful path (processSendJob's claim, re-read,
 * gates), which handles every such case and costs more requests.
 */
import { randomUUID } from 'node:crypto';
import { retention } from '../../contract/table.js';
import type { DomainContext } from '../core/domainContext.js';
import { ProviderOutcomeUnknown, ProviderRejected } from '../core/errors.js';
import type { Enrollment, SendJob, SendRecord, Subscriber } from '../core/model.js';
import { currentClosedDays } from '../clinic/clinicProfile.js';
import { countStepEvent } from '../results/countStepEvent.js';
import { nextStepOf } from '../scheduling/advanceEnrollment.js';
import { running } from '../scheduling/stepsOf.js';
import { dailyWindow, localDate, nextOpeningInZones, windowZones } from '../scheduling/sendWindows.js';
import { composeEmail, composeText } from './composeMessage.js';
import { outcomeOf, SEND_LEASE_MS } from './outbox.js';
import { hasStandingConsent } from './sendGates.js';
import type { PendingShortLink } from './shortLinks.js';

type StepJob = Extract<SendJob, { kind: 'step' }>;

/** What the fast path did: `stale` (the job no longer matches), an outcome, or undefined (take the careful path). */
export type GuardedStepResult = { stale: true } | { outcome: 'sent' | 'failed' | 'unknown'; enrollment: Enrollment; subscriber: Subscriber } | undefined;

/**
 * Sends one step through the fast path when nothing stands in its way.
 * @throws provider errors that are retryable, after the row went back to RETRY (nothing was sent).
 */
export const sendStepGuarded = async (deps: DomainContext, job: StepJob): Promise<GuardedStepResult> => {
  const { store, clock } = deps;
  const now = clock.now();
  const snapshot = await store.readSubscriberSnapshot(job.subscriberId, now);
  const stored = snapshot.enrollments.find((e) => e.sequenceId === job.sequenceId);
  if (!stored || stored.status !== 'active' || stored.nextStepIndex !== job.stepIndex) return { stale: true };
  // The steps come from the version, cached per process: no request per message.
  const enrollment = await running(deps, stored);
  const step = enrollment.steps[job.stepIndex];
  if (!step || step.id !== job.stepId) return { stale: true };

  // A paused sequence parks the step (careful path). Read at most RECENT_HEAD_MS ago, not per message:
  // a ConditionCheck on the head in every claim would make it a hot item across concurrent transactions.
  if ((await deps.sequences.recentHead(job.sequenceId))?.paused) return undefined;
  const s = snapshot.subscriber;
  const channel = step.channel;
  const address = channel === 'email' ? s?.email : s?.phone;
  if (!s || !address || (channel === 'email' ? s.emailStatus : s.smsStatus) !== 'confirmed') return undefined;
  if (!hasStandingConsent(snapshot.consent, channel)) return undefined;
  if ((step.goalExit ?? []).some((g) => enrollment.goals?.includes(g))) return undefined;
  // Closed days (issue 14) come from the clinic profile cached per process: no request per message.
  const isClosed = await currentClosedDays(deps);
  const inWindow = nextOpeningInZones(now, windowZones(channel, s.timezone, s.smsZones), dailyWindow(step.window, channel, s.phoneState, isClosed)).getTime() === now.getTime();
  if (!inWindow || (channel === 'sms' && enrollment.lastSmsDate === localDate(now, s.timezone))) return undefined;

  const origin = { sendId: job.sendId, sequenceId: job.sequenceId, stepId: step.id };
  let shortLink: PendingShortLink | undefined;
  const message =
    channel === 'email' ? await composeEmail(deps, s, step.template, origin) : await composeText(deps, s, step.template, origin, 'promotional', (l) => (shortLink = l));
  // The send-rate slot first, then the claim with its stamp, then the call, back to back (issue 16).
  await (channel === 'email' ? deps.mailer : deps.texter).awaitSendSlot?.();
  const claimedAt = clock.now();
  const record: SendRecord = {
    sendId: job.sendId,
    state: 'SENDING',
    attempts: 1,
    leaseUntil: new Date(claimedAt.getTime() + SEND_LEASE_MS).toISOString(),
    claimToken: randomUUID(),
    channel,
    subscriberId: s.subscriberId,
    updatedAt: claimedAt.toISOString(),
    providerCallAt: claimedAt.toISOString(),
    sequenceId: job.sequenceId,
    stepId: step.id,
  };
  const claimed = await store.claimGuarded(record, {
    subscriber: { subscriberId: s.subscriberId, channel, address },
    suppressionHashes: deps.hasher.hashes(channel, address),
    enrollment: { subscriberId: s.subscriberId, sequenceId: job.sequenceId, stepIndex: job.stepIndex, goals: enrollment.goals?.length ?? 0 },
    ...(shortLink ? { shortLink } : {}),
  });
  if (!claimed) return undefined;
  deps.metrics?.count('MessagesClaimed', { Channel: channel });

  let state: 'SENT' | 'FAILED' | 'UNKNOWN';
  let providerMessageId: string | undefined;
  try {
    providerMessageId = (await ('body' in message ? deps.texter.send(message) : deps.mailer.send(message))).providerMessageId;
    state = 'SENT';
  } catch (err) {
    if (err instanceof ProviderOutcomeUnknown) state = 'UNKNOWN';
    else if (err instanceof ProviderRejected) state = 'FAILED';
    else {
      // Refused before anything was sent (throttled, unavailable): the stamp above counts no call
      // toward MAX_SEND_ATTEMPTS (as callProvider). Without the 0 the row's providerCallAt counted
      // one, so a step throttled twice and then UNKNOWN had used its resends up: at most once again.
      await store.settleSend(job.sendId, record.claimToken as string, { state: 'RETRY', reason: (err as Error).name, updatedAt: clock.now().toISOString(), providerCalls: 0 });
      throw err;
    }
  }
  const at = clock.now().toISOString();
  // An UNKNOWN email may wait at its step for its SES event (issue 16): the caller decides where it goes.
  const advance = state === 'UNKNOWN' ? undefined : { enrollment, fromStepIndex: job.stepIndex, ...nextStepOf(deps, enrollment, s, job.stepIndex, channel === 'sms' ? { lastSmsDate: localDate(now, s.timezone) } : {}, isClosed) };
  await store.settleDelivered(
    record.claimToken as string,
    { state, updatedAt: at, ...(providerMessageId ? { providerMessageId } : {}) },
    { subscriberId: s.subscriberId, sendId: job.sendId, channel, template: step.template, state, at, sequenceId: job.sequenceId, stepId: step.id, ...(providerMessageId ? { providerMessageId } : {}) },
    Math.floor(clock.now().getTime() / 1000) + retention.messageLogSeconds,
    advance,
  );
  deps.metrics?.count(state === 'SENT' ? 'MessagesSent' : state === 'FAILED' ? 'MessagesFailed' : 'MessagesUnknown', { Channel: channel });
  if (state === 'SENT') await countStepEvent(deps, job.sequenceId, step.id, 'sent');
  return { outcome: outcomeOf(state), enrollment, subscriber: s };
};
