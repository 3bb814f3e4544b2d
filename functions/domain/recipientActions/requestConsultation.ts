/**
 * A consultation request from the booking page (issue 5).
 *
 * Stores the request, queues the clinic's booking-inbox notification and the patient's
 * confirmation on each of their confirmed channels (through the outbox, like every send),
 * records the conversion against the step whose link brought them, and ends their invite steps
 * (exit goal `booked`; processSendJob refuses an invite step already queued). Earlier message
 * records are left as they are. A bot that filled the honeypot gets the same answer and nothing
 * is written (W2). A booking token that does not verify is ignored: the request still counts,
 * unattributed and tied to no profile (typing someone's address never books on their profile).
 */
import { createHash, randomUUID } from 'node:crypto';
import { retention } from '../../contract/table.js';
import type { BookingFormRequest } from './BookingForm.js';
import type { DomainContext } from '../core/domainContext.js';
import type { TokenClaims } from '../core/LinkTokens.js';
import type { BookingRequest, SendJob, Subscriber } from '../core/model.js';
import { recordStepEvent } from './recordStepEvent.js';
import { systemSendId } from '../core/sendIds.js';
import { stepsOf } from '../scheduling/stepsOf.js';

/** The exit goal a booking reaches (templates/sequences/*: `exitGoals.booked`). */
export const BOOKED_GOAL = 'booked';

export interface ConsultationOutcome {
  bookingId?: string;
  subscriberId?: string;
  /** Whether a tracked link named the step that brought the person. */
  attributed: boolean;
  /** A retry of a request already stored (same form request id): nothing new was booked. */
  repeated?: true;
}

/**
 * The subscriber a booking belongs to: only the one a verified booking link names (issue 11), or
 * on a retry the one its stored request names.
 * An address typed on the form proves nothing about who typed it, so it never ties a booking to
 * a profile nor sends that profile anything; the clinic still gets the request and its details.
 */
const findSubscriber = async (deps: DomainContext, subscriberId: string | undefined, now: Date): Promise<Subscriber | undefined> => {
  if (!subscriberId) return undefined;
  const s = await deps.store.getSubscriber(subscriberId, now);
  return s && !s.deletedAt ? s : undefined;
};

export const requestConsultation = async (deps: DomainContext, req: BookingFormRequest): Promise<ConsultationOutcome> => {
  if (req.honeypotFilled) return { attributed: false };
  const { store, clock, tokens } = deps;
  const now = clock.now();
  let claims: TokenClaims | undefined;
  try {
    claims = req.token ? tokens.verify(req.token, 'book', now) : undefined;
  } catch {
    claims = undefined;
  }
  let subscriber = await findSubscriber(deps, claims?.s, now);
  const fromStep =
    subscriber && claims?.s === subscriber.subscriberId && claims.c && claims.c !== 'direct' && claims.t
      ? { sequenceId: claims.t, stepId: claims.c }
      : {};
  const fresh: BookingRequest = {
    bookingId: req.requestId ? bookingIdOf(req.requestId) : randomUUID(),
    at: now.toISOString(),
    locationId: req.locationId,
    preferredTimes: req.preferredTimes,
    language: req.language,
    firstName: req.firstName,
    ...(req.email ? { email: req.email } : {}),
    ...(req.phone ? { phone: req.phone } : {}),
    ...(req.reason ? { reason: req.reason } : {}),
    ...(subscriber ? { subscriberId: subscriber.subscriberId } : {}),
    ...fromStep,
  };
  const typed = [...(req.email ? [deps.hasher.hash('email', req.email)] : []), ...(req.phone ? [deps.hasher.hash('sms', req.phone)] : [])];
  const created = await store.createBooking(fresh, Math.floor(now.getTime() / 1000) + retention.messageLogSeconds, typed);
  // A retry of the same form (issue 16): the stored request stands. What follows is idempotent
  // (sendIds and the step event derive from the booking id), so a first attempt that stopped
  // half-way (a 503 after the write) is completed, and one that finished changes nothing.
  const booking = created ? fresh : ((await store.getBooking(fresh.bookingId)) ?? fresh);
  if (!created) subscriber = await findSubscriber(deps, booking.subscriberId, now);

  const jobs: SendJob[] = [
    { kind: 'clinic', sendId: systemSendId('clinic', 'booking-notification', booking.bookingId), bookingId: booking.bookingId, template: 'booking-notification' },
  ];
  for (const channel of ['email', 'sms'] as const) {
    if (!subscriber || (channel === 'email' ? subscriber.emailStatus : subscriber.smsStatus) !== 'confirmed') continue;
    jobs.push({
      kind: 'system',
      sendId: systemSendId(subscriber.subscriberId, 'booking-confirmation', `${channel}:${booking.bookingId}`),
      subscriberId: subscriber.subscriberId,
      channel,
      template: 'booking-confirmation',
      bookingId: booking.bookingId,
    });
  }
  await deps.queue.enqueue(jobs);

  if (subscriber) {
    const from = booking.sequenceId && booking.stepId ? { sequenceId: booking.sequenceId, stepId: booking.stepId } : {};
    await recordStepEvent(deps, { eventId: `booked:${booking.bookingId}`, kind: 'booked', at: booking.at, subscriberId: subscriber.subscriberId, ...from, detail: booking.locationId });
    for (const e of await store.listEnrollments(subscriber.subscriberId)) {
      if (e.status === 'active' && (await stepsOf(deps, e)).some((s) => s.goalExit?.includes(BOOKED_GOAL))) {
        await store.addEnrollmentGoal(subscriber.subscriberId, e.sequenceId, BOOKED_GOAL);
      }
    }
  }
  return { bookingId: booking.bookingId, ...(subscriber ? { subscriberId: subscriber.subscriberId } : {}), attributed: booking.stepId !== undefined, ...(created ? {} : { repeated: true }) };
};

/**
 * The booking id of a form's request id (issue 16): a hash, so a retried post of the same form
 * (a double click, a retry after a 503, a network retry) finds the request it already made.
 */
export const bookingIdOf = (requestId: string): string =>
  createHash('sha256').update(`booking\u0000${requestId}`).digest('base64url').slice(0, 32);
