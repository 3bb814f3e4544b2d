/**
 * The outbox state machine, the one place a provider is called (R3, R4). Drip steps, broadcasts,
 * system messages and the clinic's booking notification all go through it:
 *
 *   claim()            (none | RETRY | expired SENDING without providerCallAt) → SENDING, with a lease
 *   callProvider()     waits for the send-rate slot, stamps providerCallAt, calls the provider once, then settles:
 *                        SENT | FAILED (rejected) | UNKNOWN (ambiguous, never resent)
 *                        RETRY + rethrow (retryable, nothing was sent: the queue redelivers)
 *   skip()             SENDING → SKIPPED (a gate said no)
 *   defer()            SENDING → RETRY 'deferred' (outside a send window; the dispatcher re-queues)
 *
 * Every move is a conditional write on the row's claimToken (ports/outbox.ts). See
 * docs/sending-state-machine.md for the diagram and the one window no design closes.
 */
import { randomUUID } from 'node:crypto';
import { retention } from '../../contract/table.js';
import type { DomainContext } from '../core/domainContext.js';
import { ProviderOutcomeUnknown, ProviderRejected, SendClaimLost, SendInFlight } from '../core/errors.js';
import type { Channel, SendRecord, SendState, Subscriber } from '../core/model.js';
import { countStepEvent } from '../results/countStepEvent.js';
import { composeEmail, composeText, type MessageOrigin } from './composeMessage.js';
import type { GateResult } from './sendGates.js';
import { textDeliveryEvidence } from './textDeliveryEvidence.js';

/**
 * What the worker did with one job:
 * - `sent` / `failed` / `unknown`: the provider was called now; SENT, rejected, or ambiguous (R4);
 * - `duplicate`: an earlier delivery already settled the row (a redelivery; nothing sent again);
 * - `skipped`: a gate refused (consent, suppression, goal reached, enrollment ended);
 * - `deferred`: outside the send window or a texting cap; released and re-queued later;
 * - `stale`: the job no longer matches the enrollment or broadcast (moved on, cancelled);
 * - `in-flight`: another worker holds a live claim on the row.
 */
export type SendOutcome = 'sent' | 'duplicate' | 'skipped' | 'deferred' | 'unknown' | 'failed' | 'stale' | 'in-flight';

/** How long a worker holds a claim before it is presumed dead, in milliseconds (well above the Lambda timeout). */
export const SEND_LEASE_MS = 5 * 60_000;

const FINAL: SendState[] = ['SENT', 'UNKNOWN', 'FAILED', 'SKIPPED'];

/** A row this worker now holds (state SENDING, its own claimToken). */
export interface Claimed {
  record: SendRecord;
}

type OutboxContext = Pick<DomainContext, 'store' | 'clock'> & Partial<Pick<DomainContext, 'metrics' | 'settings' | 'hasher'>>;

/** Provider calls made for a row; a row from before the count was kept had one if it was stamped. */
const providerCallsOf = (row: SendRecord): number => row.providerCalls ?? (row.providerCallAt ? 1 : 0);

/** Sends of one message at most (the first plus resends of an UNKNOWN email), so a broken event path cannot loop. */
export const MAX_SEND_ATTEMPTS = 3;

/**
 * When an UNKNOWN row may be sent again (issue 16), or undefined when never: emails after
 * `settings.unknownEmailResendAfterMs` (SES events carry our sendId tag; a Send, Delivery, Bounce
 * or Reject event settles the row first), texts after `settings.unknownTextResendAfterMs` (SNS's
 * delivery-status record for the number settles it first: textDeliveryEvidence.ts), each only
 * when its wait is set, and at most MAX_SEND_ATTEMPTS in all. See docs/sending-state-machine.md.
 */
export const unknownResendAt = (row: SendRecord, settings: Partial<DomainContext['settings']> | undefined): Date | undefined => {
  const wait = row.channel === 'email' ? settings?.unknownEmailResendAfterMs : settings?.unknownTextResendAfterMs;
  if (row.state !== 'UNKNOWN' || row.providerEventAt || wait === undefined || providerCallsOf(row) >= MAX_SEND_ATTEMPTS) return undefined;
  return new Date(new Date(row.updatedAt).getTime() + wait);
};
/**
 * When the dispatcher is to bring an UNKNOWN queue-only row back (ISO), or undefined: system and
 * clinic messages keep their job on the row (`requeue`) because no dispatcher lease would come
 * back to them otherwise (issue 16; dispatchUnknownResends.ts). Drip steps wait on their enrollment.
 */
const resendEntryOf = (row: SendRecord, settings: OutboxContext['settings']): string | undefined =>
  row.requeue ? unknownResendAt(row, settings)?.toISOString() : undefined;

/**
 * An UNKNOWN row whose provider event came while it was still SENDING (`providerEventAt`) is
 * settled SENT with that evidence (issue 16); true when the row is (now) SENT that way.
 */
export const settleByProviderEvent = async (deps: OutboxContext, row: SendRecord): Promise<boolean> => {
  if (row.state !== 'UNKNOWN' || !row.providerEventAt) return false;
  const settled = await deps.store.reconcileSend(row.sendId, row.providerMessageId ?? 'unknown', row.providerEventAt);
  if (settled) deps.metrics?.count('UnknownReconciled', { Channel: row.channel });
  return settled;
};

/**
 * What becomes of an UNKNOWN row now (issue 16): `'sent'` when its provider event came while it
 * was SENDING (the row is settled SENT here), the time it may be sent again (`unknownResendAt`),
 * or `'never'` (no row, no wait set, or provider calls used up: at most once from here on).
 */
export const fateOfUnknown = async (deps: OutboxContext, row: SendRecord | undefined): Promise<'sent' | Date | 'never'> => {
  if (!row) return 'never';
  if (await settleByProviderEvent(deps, row)) return 'sent';
  return unknownResendAt(row, deps.settings) ?? 'never';
};

/** An UNKNOWN text with a delivery-status record that proves SNS took it (textDeliveryEvidence.ts) is settled SENT. */
const settleByTextDelivery = async (deps: OutboxContext, row: SendRecord): Promise<boolean> => {
  if (row.channel !== 'sms' || !deps.hasher) return false;
  const evidence = await textDeliveryEvidence({ store: deps.store, clock: deps.clock, hasher: deps.hasher }, row);
  if (!evidence) return false;
  const settled = await deps.store.reconcileSend(row.sendId, evidence.providerMessageId, evidence.at);
  if (settled) deps.metrics?.count('UnknownReconciled', { Channel: row.channel });
  return settled;
};

type ProviderContext = OutboxContext & Partial<Pick<DomainContext, 'mailer' | 'texter'>>;

/**
 * Takes the outbox row for `job.sendId`, or explains why not: `{ settled }` is the row's final
 * state, or `'in-flight'` while another worker's lease is live. An expired lease that reached the
 * provider (providerCallAt set) is marked UNKNOWN here, never taken over (R4).
 */
export const claim = async (
  deps: OutboxContext,
  job: { sendId: string; subscriberId: string },
  channel: Channel,
  extra: Partial<SendRecord>,
): Promise<Claimed | { settled: SendState | 'in-flight' }> => {
  const now = deps.clock.now();
  const existing = await deps.store.getSend(job.sendId);
  if (existing && (await settleByProviderEvent(deps, existing))) return { settled: 'SENT' };
  // An UNKNOWN message with no provider event within the wait is sent again, under the same claim (issue 16).
  const resendAt = existing && unknownResendAt(existing, deps.settings);
  const resend = resendAt !== undefined && resendAt <= now;
  // A text's evidence is pulled, not pushed: SNS's delivery-status record names no sendId of ours.
  if (existing && resend && (await settleByTextDelivery(deps, existing))) return { settled: 'SENT' };
  if (existing && FINAL.includes(existing.state) && !resend) return { settled: existing.state };
  if (existing?.state === 'SENDING') {
    if (existing.leaseUntil && existing.leaseUntil > now.toISOString()) return { settled: 'in-flight' };
    if (existing.providerCallAt) {
      // The holder died after it may have called the provider: never resend blindly (R4).
      const resendDueAt = resendEntryOf({ ...existing, state: 'UNKNOWN', updatedAt: now.toISOString() }, deps.settings);
      const marked = await deps.store.markUnknown(job.sendId, existing.leaseUntil ?? '', now, resendDueAt);
      if (!marked) return { settled: 'in-flight' };
      // SES's event for it came while it was SENDING: it was sent (issue 16).
      if (await settleByProviderEvent(deps, { ...existing, state: 'UNKNOWN', updatedAt: now.toISOString() })) return { settled: 'SENT' };
      deps.metrics?.count('MessagesUnknown', { Channel: existing.channel });
      return { settled: 'UNKNOWN' };
    }
    // The holder died before it called the provider: nothing was sent, so the claim is taken over
    // below (issue 8: the chaos run lost steps when a worker died between claim and send).
  }
  const record: SendRecord = {
    sendId: job.sendId,
    state: 'SENDING',
    attempts: (existing?.attempts ?? 0) + 1,
    ...(existing && providerCallsOf(existing) ? { providerCalls: providerCallsOf(existing) } : {}),
    leaseUntil: new Date(now.getTime() + SEND_LEASE_MS).toISOString(),
    claimToken: randomUUID(),
    channel,
    subscriberId: job.subscriberId,
    updatedAt: now.toISOString(),
    ...extra,
  };
  const taken = await deps.store.claimSend(record, now, existing?.state === 'SENDING' ? existing.claimToken : undefined, resend ? existing?.updatedAt : undefined);
  if (!taken) {
    const again = await deps.store.getSend(job.sendId);
    // Our own write landed but its answer was lost (an SDK retry then fails the condition): the row is ours.
    if (again?.state === 'SENDING' && again.claimToken === record.claimToken) {
      deps.metrics?.count('MessagesClaimed', { Channel: channel });
      return { record };
    }
    return { settled: again && FINAL.includes(again.state) ? again.state : 'in-flight' };
  }
  deps.metrics?.count('MessagesClaimed', { Channel: channel });
  if (resend) deps.metrics?.count('UnknownResent', { Channel: channel });
  return { record: taken };
};

/**
 * A system or clinic message found already claimed. Drip steps and broadcasts come back through
 * their dispatcher's lease; these have only the queue, so a claim held elsewhere fails the job
 * (retried after the visibility timeout) instead of acknowledging it (issue 8: lost STOP replies).
 * @throws SendInFlight when another worker holds a live claim.
 */
export const settledQueueOnlyOutcome = (settled: SendState | 'in-flight'): SendOutcome => {
  if (settled === 'in-flight') throw new SendInFlight();
  return 'duplicate';
};

/**
 * From here the provider may be called: stamps the claim so that, if this worker dies, the row
 * becomes UNKNOWN (never resent) rather than taken over.
 * @throws SendClaimLost when the claim was taken over meanwhile (this worker outlived its lease).
 */
const markProviderCall = async (deps: OutboxContext, record: SendRecord): Promise<void> => {
  const calls = providerCallsOf(record) + 1;
  if (!(await deps.store.markProviderCall(record.sendId, record.claimToken as string, deps.clock.now().toISOString(), calls))) throw new SendClaimLost();
};

const SETTLED_METRIC = { SENT: 'MessagesSent', FAILED: 'MessagesFailed', UNKNOWN: 'MessagesUnknown' } as const;

/** How a provider call ended, as the row was settled; `at` is the settle time (ISO-8601 UTC). */
export interface ProviderCallResult {
  state: 'SENT' | 'FAILED' | 'UNKNOWN';
  providerMessageId?: string;
  at: string;
}

/**
 * Builds the message (`prepare`, which may throw before anything is sent), waits for the
 * channel's send-rate slot, then stamps the provider call and calls the provider once, back to
 * back, and settles the held row: SENT, FAILED on ProviderRejected, UNKNOWN on
 * ProviderOutcomeUnknown. Stamping after the wait (issue 16) keeps a message that was still
 * queued on the token bucket when its worker died out of UNKNOWN: it never reached the provider.
 * @throws any other error after settling the row RETRY (nothing was sent; the queue retries).
 */
export const callProvider = async (
  deps: ProviderContext,
  record: SendRecord,
  prepare: () => Promise<() => Promise<{ providerMessageId: string }>>,
): Promise<ProviderCallResult> => {
  const { store, clock } = deps;
  const claimToken = record.claimToken as string;
  let state: ProviderCallResult['state'];
  let providerMessageId: string | undefined;
  try {
    const send = await prepare();
    await (record.channel === 'email' ? deps.mailer : deps.texter)?.awaitSendSlot?.();
    await markProviderCall(deps, record);
    providerMessageId = (await send()).providerMessageId;
    state = 'SENT';
  } catch (err) {
    if (err instanceof ProviderOutcomeUnknown) state = 'UNKNOWN';
    else if (err instanceof ProviderRejected) state = 'FAILED';
    else {
      // Refused before anything was sent (throttled, unavailable): this call does not count toward MAX_SEND_ATTEMPTS.
      await store.settleSend(record.sendId, claimToken, { state: 'RETRY', reason: (err as Error).name, updatedAt: clock.now().toISOString(), providerCalls: providerCallsOf(record) });
      throw err;
    }
  }
  const at = clock.now().toISOString();
  // An UNKNOWN system or clinic message enters the resend entries in the same write (issue 16).
  const resendDueAt = state === 'UNKNOWN' ? resendEntryOf({ ...record, state, updatedAt: at, providerCalls: providerCallsOf(record) + 1 }, deps.settings) : undefined;
  await store.settleSend(record.sendId, claimToken, { state, updatedAt: at, ...(providerMessageId ? { providerMessageId } : {}), ...(resendDueAt ? { resendDueAt } : {}) });
  deps.metrics?.count(SETTLED_METRIC[state], { Channel: record.channel });
  return { state, at, ...(providerMessageId ? { providerMessageId } : {}) };
};

/** Maps a settled provider call to the worker's outcome. */
export const outcomeOf = (state: ProviderCallResult['state']): 'sent' | 'failed' | 'unknown' =>
  state === 'SENT' ? 'sent' : state === 'FAILED' ? 'failed' : 'unknown';

/**
 * Sends one message to a subscriber under the held claim (callProvider), then writes the
 * subscriber's message log and, when SENT with a step, counts it in the results (issue 6).
 * @throws as callProvider: retryable errors after the row went back to RETRY.
 */
export const deliver = async (
  deps: DomainContext,
  subscriber: Subscriber,
  channel: Channel,
  template: string,
  record: SendRecord,
  origin: MessageOrigin,
  textKind: 'promotional' | 'transactional',
): Promise<'sent' | 'failed' | 'unknown'> => {
  const { state, providerMessageId, at } = await callProvider(deps, record, () =>
    channel === 'email'
      ? composeEmail(deps, subscriber, template, origin).then((m) => () => deps.mailer.send(m))
      : composeText(deps, subscriber, template, origin, textKind).then((m) => () => deps.texter.send(m)),
  );
  await deps.store.recordMessage(
    {
      subscriberId: subscriber.subscriberId,
      sendId: record.sendId,
      channel,
      template,
      state,
      at,
      ...(origin.sequenceId ? { sequenceId: origin.sequenceId } : {}),
      ...(origin.stepId ? { stepId: origin.stepId } : {}),
      ...(providerMessageId ? { providerMessageId } : {}),
    },
    Math.floor(deps.clock.now().getTime() / 1000) + retention.messageLogSeconds,
  );
  // Results: a step (or broadcast) message sent (staff console, issue 6); system messages carry no step.
  if (state === 'SENT') await countStepEvent(deps, origin.sequenceId, origin.stepId, 'sent');
  return outcomeOf(state);
};

/** SENDING → SKIPPED with the gate's reason. */
export const skip = async (deps: OutboxContext, record: SendRecord, gate: GateResult & { ok: false }): Promise<void> => {
  await deps.store.settleSend(record.sendId, record.claimToken as string, {
    state: 'SKIPPED',
    reason: gate.reason,
    updatedAt: deps.clock.now().toISOString(),
  });
  deps.metrics?.count('MessagesSkipped', { Channel: record.channel });
};

/** SENDING → RETRY 'deferred': released without a provider call; the caller re-schedules the work. */
export const defer = async (deps: OutboxContext, record: SendRecord): Promise<void> => {
  const now = deps.clock.now();
  await deps.store.settleSend(record.sendId, record.claimToken as string, { state: 'RETRY', reason: 'deferred', updatedAt: now.toISOString() });
};
