/**
 * The send worker's one job: deliver a step or system message at most once (R3, R4).
 *
 * Outbox row per sendId, moved only by conditional writes:
 *   (none|RETRY) → SENDING (lease) → SENT | RETRY | FAILED | UNKNOWN | SKIPPED
 * A retryable provider failure (nothing was sent) returns the row to RETRY and rethrows, so the
 * queue redelivers with backoff. An ambiguous outcome becomes UNKNOWN and is never resent.
 * See docs/sending-state-machine.md for the full diagram and the one window no design closes.
 */
import { randomUUID } from 'node:crypto';
import { retention } from '../contract/table.js';
import { advanceEnrollment } from './advanceEnrollment.js';
import { composeClinicEmail, composeClinicMessage, composeEmail, composeText, type MessageOrigin } from './composeMessage.js';
import { countStepEvent } from './countStepEvent.js';
import type { Deps } from './Deps.js';
import { processBroadcastJob } from './processBroadcastJob.js';
import { dueTimeOf } from './enrollSubscriber.js';
import { ProviderOutcomeUnknown, ProviderRejected, SendClaimLost, SendInFlight } from './errors.js';
import type { Channel, Enrollment, SendJob, SendRecord, SendState, Subscriber } from './model.js';
import type { OutgoingEmail } from './ports.js';
import { checkMarketingGate, checkSystemGate, type GateResult } from './sendGates.js';
import { dailyWindow, isInsideWindow, localDate, nextOpeningInZones, startOfNextLocalDay } from './SendWindows.js';

export type SendOutcome = 'sent' | 'duplicate' | 'skipped' | 'deferred' | 'unknown' | 'failed' | 'stale' | 'in-flight';

/** How long a worker holds a claim before it is presumed dead (well above the Lambda timeout). */
export const SEND_LEASE_MS = 5 * 60_000;

const FINAL: SendState[] = ['SENT', 'UNKNOWN', 'FAILED', 'SKIPPED'];

interface Claimed {
  record: SendRecord;
}

/** Takes the outbox row, or explains why not. */
export const claim = async (
  deps: Deps,
  job: { sendId: string; subscriberId: string },
  channel: Channel,
  extra: Partial<SendRecord>,
): Promise<Claimed | { settled: SendState | 'in-flight' }> => {
  const now = deps.clock.now();
  const existing = await deps.store.getSend(job.sendId);
  if (existing && FINAL.includes(existing.state)) return { settled: existing.state };
  if (existing?.state === 'SENDING') {
    if (existing.leaseUntil && existing.leaseUntil > now.toISOString()) return { settled: 'in-flight' };
    if (existing.providerCallAt) {
      // The holder died after it may have called the provider: never resend blindly (R4).
      const marked = await deps.store.markUnknown(job.sendId, existing.leaseUntil ?? '', now);
      return { settled: marked ? 'UNKNOWN' : 'in-flight' };
    }
    // The holder died before it called the provider: nothing was sent, so the claim is taken over
    // below (issue 8: the chaos run lost steps when a worker died between claim and send).
  }
  const record: SendRecord = {
    sendId: job.sendId,
    state: 'SENDING',
    attempts: (existing?.attempts ?? 0) + 1,
    leaseUntil: new Date(now.getTime() + SEND_LEASE_MS).toISOString(),
    claimToken: randomUUID(),
    channel,
    subscriberId: job.subscriberId,
    updatedAt: now.toISOString(),
    ...extra,
  };
  const taken = await deps.store.claimSend(record, now, existing?.state === 'SENDING' ? existing.claimToken : undefined);
  if (!taken) {
    const again = await deps.store.getSend(job.sendId);
    // Our own write landed but its answer was lost (an SDK retry then fails the condition): the row is ours.
    if (again?.state === 'SENDING' && again.claimToken === record.claimToken) return { record };
    return { settled: again && FINAL.includes(again.state) ? again.state : 'in-flight' };
  }
  return { record: taken };
};

/**
 * From here the provider may be called: stamps the claim so that, if this worker dies, the row
 * becomes UNKNOWN (never resent) rather than taken over. Throws when the claim was taken over
 * meanwhile (this worker outlived its lease), so nothing is sent twice.
 */
const markProviderCall = async (deps: Deps, record: SendRecord): Promise<void> => {
  if (!(await deps.store.markProviderCall(record.sendId, record.claimToken as string, deps.clock.now().toISOString()))) throw new SendClaimLost();
};

/** Calls the provider and settles the row; rethrows retryable errors after releasing the claim. */
export const deliver = async (
  deps: Deps,
  subscriber: Subscriber,
  channel: Channel,
  template: string,
  record: SendRecord,
  origin: MessageOrigin,
  textKind: 'promotional' | 'transactional',
): Promise<'sent' | 'failed' | 'unknown'> => {
  const { store, clock } = deps;
  const claimToken = record.claimToken as string;
  let state: SendState;
  let providerMessageId: string | undefined;
  try {
    const send =
      channel === 'email'
        ? await composeEmail(deps, subscriber, template, origin).then((m) => () => deps.mailer.send(m))
        : await composeText(deps, subscriber, template, origin, textKind).then((m) => () => deps.texter.send(m));
    await markProviderCall(deps, record);
    const result = await send();
    state = 'SENT';
    providerMessageId = result.providerMessageId;
  } catch (err) {
    if (err instanceof ProviderOutcomeUnknown) state = 'UNKNOWN';
    else if (err instanceof ProviderRejected) state = 'FAILED';
    else {
      await store.settleSend(record.sendId, claimToken, { state: 'RETRY', reason: (err as Error).name, updatedAt: clock.now().toISOString() });
      throw err;
    }
  }
  const at = clock.now().toISOString();
  await store.settleSend(record.sendId, claimToken, {
    state,
    updatedAt: at,
    ...(providerMessageId ? { providerMessageId } : {}),
  });
  await store.recordMessage(
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
    Math.floor(clock.now().getTime() / 1000) + retention.messageLogSeconds,
  );
  // Results: a step (or broadcast) message sent (staff console, issue 6); system messages carry no step.
  if (state === 'SENT') await countStepEvent(deps, origin.sequenceId, origin.stepId, 'sent');
  return state === 'SENT' ? 'sent' : state === 'FAILED' ? 'failed' : 'unknown';
};

export const skip = async (deps: Deps, record: SendRecord, gate: GateResult & { ok: false }) => {
  await deps.store.settleSend(record.sendId, record.claimToken as string, {
    state: 'SKIPPED',
    reason: gate.reason,
    updatedAt: deps.clock.now().toISOString(),
  });
};

export const processSendJob = async (deps: Deps, job: SendJob): Promise<SendOutcome> =>
  job.kind === 'step'
    ? processStep(deps, job)
    : job.kind === 'system'
      ? processSystem(deps, job)
      : job.kind === 'broadcast'
        ? processBroadcastJob(deps, job)
        : job.kind === 'clinic'
          ? processClinic(deps, job)
          : processClinicText(deps, job);

/**
 * A system or clinic message found already claimed. Drip steps and broadcasts come back through
 * their dispatcher's lease; these have only the queue, so a claim held elsewhere fails the job
 * (retried after the visibility timeout) instead of acknowledging it (issue 8: lost STOP replies).
 */
const settledSystemOutcome = (settled: SendState | 'in-flight'): SendOutcome => {
  if (settled === 'in-flight') throw new SendInFlight();
  return 'duplicate';
};

const processSystem = async (deps: Deps, job: Extract<SendJob, { kind: 'system' }>): Promise<SendOutcome> => {
  const c = await claim(deps, job, job.channel, { stepId: job.template });
  if ('settled' in c) return settledSystemOutcome(c.settled);
  const subscriber = await deps.store.getSubscriber(job.subscriberId, deps.clock.now());
  const gate = await checkSystemGate(deps, subscriber, job.channel, job.template);
  if (!gate.ok) {
    await skip(deps, c.record, gate);
    return 'skipped';
  }
  const booking = job.bookingId ? await deps.store.getBooking(job.bookingId) : undefined;
  if (job.bookingId && !booking) {
    await skip(deps, c.record, { ok: false, reason: 'booking gone' });
    return 'skipped';
  }
  return deliver(deps, subscriber as Subscriber, job.channel, job.template, c.record, { sendId: job.sendId, ...(booking ? { booking } : {}) }, 'transactional');
};

/** The clinic's booking inbox notification: no subscriber gates (it goes to the clinic), same outbox claim. */
const processClinic = (deps: Deps, job: Extract<SendJob, { kind: 'clinic' }>): Promise<SendOutcome> =>
  sendToClinic(deps, job.sendId, job.template, async () => {
    const booking = await deps.store.getBooking(job.bookingId);
    return booking ? () => composeClinicEmail(deps, job.template, booking, { sendId: job.sendId }) : 'booking gone';
  });

/** A patient's text that was not a keyword, forwarded to the clinic inbox (issue 11); nothing once it was erased (P8). */
const processClinicText = (deps: Deps, job: Extract<SendJob, { kind: 'clinic-text' }>): Promise<SendOutcome> =>
  sendToClinic(deps, job.sendId, job.template, async () => {
    const text = await deps.store.getInboundText(job.subscriberId, job.inboundSk);
    const subscriber = await deps.store.getSubscriber(job.subscriberId, deps.clock.now());
    if (!text?.body || !subscriber?.phone) return 'text gone';
    const inbound = { body: text.body, receivedAt: text.at, phone: subscriber.phone, ...(subscriber.firstName ? { firstName: subscriber.firstName } : {}) };
    return () => composeClinicMessage(deps, job.template, { inboundText: inbound }, subscriber.email, { sendId: job.sendId });
  });

/**
 * One email to the clinic's inbox under the outbox claim. `load` reads what the message is about
 * and answers a composer, or the reason to skip (the record is gone).
 */
const sendToClinic = async (deps: Deps, sendId: string, template: string, load: () => Promise<(() => Promise<OutgoingEmail>) | string>): Promise<SendOutcome> => {
  const c = await claim(deps, { sendId, subscriberId: 'clinic' }, 'email', { stepId: template });
  if ('settled' in c) return settledSystemOutcome(c.settled);
  const compose = await load();
  if (typeof compose === 'string') {
    await skip(deps, c.record, { ok: false, reason: compose });
    return 'skipped';
  }
  const claimToken = c.record.claimToken as string;
  let state: SendState;
  let providerMessageId: string | undefined;
  try {
    const email = await compose();
    await markProviderCall(deps, c.record);
    providerMessageId = (await deps.mailer.send(email)).providerMessageId;
    state = 'SENT';
  } catch (err) {
    if (err instanceof ProviderOutcomeUnknown) state = 'UNKNOWN';
    else if (err instanceof ProviderRejected) state = 'FAILED';
    else {
      await deps.store.settleSend(sendId, claimToken, { state: 'RETRY', reason: (err as Error).name, updatedAt: deps.clock.now().toISOString() });
      throw err;
    }
  }
  await deps.store.settleSend(sendId, claimToken, { state, updatedAt: deps.clock.now().toISOString(), ...(providerMessageId ? { providerMessageId } : {}) });
  return state === 'SENT' ? 'sent' : state === 'FAILED' ? 'failed' : 'unknown';
};

const processStep = async (deps: Deps, job: Extract<SendJob, { kind: 'step' }>): Promise<SendOutcome> => {
  const { store, clock } = deps;
  const enrollment = await store.getEnrollment(job.subscriberId, job.sequenceId);
  if (!enrollment || enrollment.status !== 'active' || enrollment.nextStepIndex !== job.stepIndex) return 'stale';
  const step = enrollment.steps[job.stepIndex];
  if (!step || step.id !== job.stepId) return 'stale';
  // A paused sequence sends nothing: the enrollment is parked at this step until it resumes (issue 6).
  if ((await deps.sequences.head(job.sequenceId))?.paused) {
    await store.parkEnrollment(enrollment, clock.now().toISOString());
    return 'deferred';
  }
  const subscriber = await store.getSubscriber(job.subscriberId, clock.now());

  const c = await claim(deps, job, step.channel, { sequenceId: job.sequenceId, stepId: step.id });
  if ('settled' in c) {
    if (c.settled === 'in-flight') return 'in-flight';
    // Already settled by an earlier delivery of this job: finish what it could not (advance).
    await advanceEnrollment(deps, enrollment, subscriber, job.stepIndex);
    return c.settled === 'UNKNOWN' ? 'unknown' : 'duplicate';
  }

  // Re-read after the claim: an exit (all channels stopped, data deleted) or a goal reached after
  // dispatch (booked) ends the step even though its job was already queued.
  const current = await store.getEnrollment(job.subscriberId, job.sequenceId);
  if (!current || current.status !== 'active') {
    await skip(deps, c.record, { ok: false, reason: `enrollment ${current?.status ?? 'gone'}` });
    return 'skipped';
  }
  enrollment.goals = current.goals ?? [];
  const gate = (step.goalExit ?? []).some((g) => enrollment.goals?.includes(g))
    ? ({ ok: false, reason: 'goal reached' } as const)
    : await checkMarketingGate(deps, subscriber, step.channel);
  if (!gate.ok) {
    await skip(deps, c.record, gate);
    await advanceEnrollment(deps, enrollment, subscriber, job.stepIndex);
    return 'skipped';
  }
  const s = subscriber as Subscriber;
  const now = clock.now();
  const windowFor = dailyWindow(step.window, step.channel, s.phoneState);
  const textedToday = step.channel === 'sms' && enrollment.lastSmsDate === localDate(now, s.timezone);
  const inWindow = step.channel === 'sms' && s.smsZones?.length
    ? nextOpeningInZones(now, [s.timezone, ...s.smsZones], windowFor).getTime() === now.getTime()
    : isInsideWindow(now, s.timezone, windowFor);
  if (textedToday || !inWindow) {
    // Outside its window (or a text already went today, S9): release and move to the next opening.
    await store.settleSend(job.sendId, c.record.claimToken as string, { state: 'RETRY', reason: 'deferred', updatedAt: now.toISOString() });
    const from = textedToday ? startOfNextLocalDay(now, s.timezone) : now;
    await store.advanceEnrollment(enrollment, job.stepIndex, { dueAt: dueTimeOf(from, step, s.timezone, s.phoneState, s.smsZones).toISOString() }, false);
    return 'deferred';
  }

  const outcome = await deliver(deps, s, step.channel, step.template, c.record, { sendId: job.sendId, sequenceId: job.sequenceId, stepId: step.id }, 'promotional');
  const extra: Partial<Enrollment> = step.channel === 'sms' ? { lastSmsDate: localDate(now, s.timezone) } : {};
  await advanceEnrollment(deps, enrollment, s, job.stepIndex, extra);
  return outcome;
};
