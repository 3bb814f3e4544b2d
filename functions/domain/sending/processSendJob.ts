/**
 * The send worker's one job: deliver a step or system message at most once (R3, R4).
 *
 * Outbox row per sendId, moved only by conditional writes:
 *   (none|RETRY) → SENDING (lease) → SENT | RETRY | FAILED | UNKNOWN | SKIPPED
 * A retryable provider failure (nothing was sent) returns the row to RETRY and rethrows, so the
 * queue redelivers with backoff. An ambiguous outcome becomes UNKNOWN and is never resent.
 * See docs/sending-state-machine.md for the full diagram and the one window no design closes.
 */
import type { DomainContext } from '../core/domainContext.js';
import type { Enrollment, QueueOnlyJob, SendJob, Subscriber } from '../core/model.js';
import { processBroadcastJob } from '../broadcasts/processBroadcastJob.js';
import { advanceEnrollment } from '../scheduling/advanceEnrollment.js';
import { dueTimeOf } from '../scheduling/enrollSubscriber.js';
import { currentClosedDays, withCurrentClinic } from '../clinic/clinicProfile.js';
import { dailyWindow, localDate, nextOpeningInZones, startOfNextLocalDay, windowZones } from '../scheduling/sendWindows.js';
import type { OutgoingEmail } from '../ports/providers.js';
import { composeClinicEmail, composeClinicMessage } from './composeMessage.js';
import { callProvider, claim, defer, deliver, fateOfUnknown, outcomeOf, type SendOutcome, settledQueueOnlyOutcome, skip } from './outbox.js';
import { sendStepGuarded } from './guardedStepSend.js';
import { running } from '../scheduling/stepsOf.js';
import { checkMarketingGate, checkSystemGate } from './sendGates.js';

export type { SendOutcome } from './outbox.js';

type Processor<K extends SendJob['kind']> = (deps: DomainContext, job: Extract<SendJob, { kind: K }>) => Promise<SendOutcome>;

/**
 * Processes one queued send job (`functions/contract/sendJob.ts`) and says what happened.
 * Safe to call again with the same job: the outbox claim makes every redelivery a `duplicate`,
 * `stale` or `in-flight` instead of a second message.
 * @throws SendInFlight for system and clinic jobs held by another worker (the queue retries them);
 * @throws SendClaimLost when this worker's claim was taken over before the provider call;
 * @throws provider errors that are retryable (the row is back in RETRY; nothing was sent).
 */
export const processSendJob = async (deps: DomainContext, job: SendJob): Promise<SendOutcome> =>
  (processors[job.kind] as Processor<SendJob['kind']>)(await withCurrentClinic(deps), job);

const processSystem: Processor<'system'> = async (deps, job) => {
  const c = await claim(deps, job, job.channel, { stepId: job.template, requeue: job });
  if ('settled' in c) return settledQueueOnlyOutcome(c.settled);
  const subscriber = await deps.store.getSubscriber(job.subscriberId, deps.clock.now());
  const gate = await checkSystemGate(deps, subscriber, job.channel, job.template);
  if (!gate.ok) {
    await skip(deps, c.record, gate);
    return 'skipped';
  }
  // A STOP confirmation sent again after its wait (issue 16: the first call was ambiguous; a text
  // waits 72 h) to a number that texted START meanwhile would tell a subscribed patient they are
  // unsubscribed; the START confirmation already said where they stand. A first send always goes (S5).
  if (job.template === 'stop-confirm' && (c.record.providerCalls ?? 0) > 0 && subscriber?.smsStatus === 'confirmed') {
    await skip(deps, c.record, { ok: false, reason: 'superseded: opted in again' });
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
const processClinic: Processor<'clinic'> = (deps, job) =>
  sendToClinic(deps, job, async () => {
    const booking = await deps.store.getBooking(job.bookingId);
    return booking ? () => composeClinicEmail(deps, job.template, booking, { sendId: job.sendId }) : 'booking gone';
  });

/** A patient's text that was not a keyword, forwarded to the clinic inbox (issue 11); nothing once it was erased (P8). */
const processClinicText: Processor<'clinic-text'> = (deps, job) =>
  sendToClinic(deps, job, async () => {
    const text = await deps.store.getInboundText(job.subscriberId, job.inboundSk);
    const subscriber = await deps.store.getSubscriber(job.subscriberId, deps.clock.now());
    if (!text?.body || !subscriber?.phone) return 'text gone';
    const inbound = { body: text.body, receivedAt: text.at, phone: subscriber.phone, ...(subscriber.firstName ? { firstName: subscriber.firstName } : {}) };
    return () => composeClinicMessage(deps, job.template, { inboundText: inbound }, subscriber.email, { sendId: job.sendId });
  });

/**
 * One email to the clinic's inbox under the outbox claim (no subscriber gates: it goes to the
 * clinic). `load` reads what the message is about and answers a composer, or the reason to skip
 * (the record is gone).
 */
const sendToClinic = async (deps: DomainContext, job: Extract<QueueOnlyJob, { kind: 'clinic' | 'clinic-text' }>, load: () => Promise<(() => Promise<OutgoingEmail>) | string>): Promise<SendOutcome> => {
  const c = await claim(deps, { sendId: job.sendId, subscriberId: 'clinic' }, 'email', { stepId: job.template, requeue: job });
  if ('settled' in c) return settledQueueOnlyOutcome(c.settled);
  const compose = await load();
  if (typeof compose === 'string') {
    await skip(deps, c.record, { ok: false, reason: compose });
    return 'skipped';
  }
  const { state } = await callProvider(deps, c.record, () => compose().then((email) => () => deps.mailer.send(email)));
  return outcomeOf(state);
};

/**
 * Keeps the enrollment at this step until the UNKNOWN email's resend time (issue 16): the
 * dispatcher queues the step again then, and `claim` either finds the row SENT (an SES event
 * arrived: only advance) or sends it again. False when the row will never be resent (texts, no
 * wait configured, attempts used up): the step then advances as before (at most once).
 */
const waitForSesEvent = async (deps: DomainContext, enrollment: Enrollment, job: { sendId: string; stepIndex: number }): Promise<boolean> => {
  // SES's event came while the worker waited for its answer ('sent'): the step advances.
  const at = await fateOfUnknown(deps, await deps.store.getSend(job.sendId));
  if (!(at instanceof Date)) return false;
  await deps.store.advanceEnrollment(enrollment, job.stepIndex, { dueAt: at.toISOString() }, false);
  return true;
};

const processStep: Processor<'step'> = async (deps, job) => {
  // The common case in four requests (guardedStepSend.ts); anything out of the ordinary comes back here.
  const fast = await sendStepGuarded(deps, job);
  if (fast && 'stale' in fast) return 'stale';
  if (fast) {
    if (fast.outcome === 'unknown' && !(await waitForSesEvent(deps, fast.enrollment, job))) await advanceEnrollment(deps, fast.enrollment, fast.subscriber, job.stepIndex);
    return fast.outcome;
  }
  return processStepCarefully(deps, job);
};

/** A step that the fast path left: claim, re-read after the claim, gates, skips, deferrals, pauses (R3, R4). */
const processStepCarefully: Processor<'step'> = async (deps, job) => {
  const { store, clock } = deps;
  const stored = await store.getEnrollment(job.subscriberId, job.sequenceId);
  if (!stored || stored.status !== 'active' || stored.nextStepIndex !== job.stepIndex) return 'stale';
  const enrollment = await running(deps, stored);
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
    // An UNKNOWN email still waiting for its SES event: come back when the wait is over (issue 16).
    if (c.settled === 'UNKNOWN' && (await waitForSesEvent(deps, enrollment, job))) return 'unknown';
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
  const isClosed = await currentClosedDays(deps);
  const windowFor = dailyWindow(step.window, step.channel, s.phoneState, isClosed);
  const textedToday = step.channel === 'sms' && enrollment.lastSmsDate === localDate(now, s.timezone);
  const inWindow = nextOpeningInZones(now, windowZones(step.channel, s.timezone, s.smsZones), windowFor).getTime() === now.getTime();
  if (textedToday || !inWindow) {
    // Outside its window (or a text already went today, S9): release and move to the next opening.
    await defer(deps, c.record);
    const from = textedToday ? startOfNextLocalDay(now, s.timezone) : now;
    await store.advanceEnrollment(enrollment, job.stepIndex, { dueAt: dueTimeOf(from, step, s.timezone, s.phoneState, s.smsZones, isClosed).toISOString() }, false);
    return 'deferred';
  }

  const outcome = await deliver(deps, s, step.channel, step.template, c.record, { sendId: job.sendId, sequenceId: job.sequenceId, stepId: step.id }, 'promotional');
  if (outcome === 'unknown' && (await waitForSesEvent(deps, enrollment, job))) return outcome;
  const extra: Partial<Enrollment> = step.channel === 'sms' ? { lastSmsDate: localDate(now, s.timezone) } : {};
  await advanceEnrollment(deps, enrollment, s, job.stepIndex, extra);
  return outcome;
};

/** One processor per job kind; a kind added to SendJob without one fails to compile. */
const processors: { [K in SendJob['kind']]: Processor<K> } = {
  step: processStep,
  system: processSystem,
  broadcast: processBroadcastJob,
  clinic: processClinic,
  'clinic-text': processClinicText,
};
