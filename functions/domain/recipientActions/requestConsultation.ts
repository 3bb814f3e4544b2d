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
import { randomUUID } from 'node:crypto';
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
}

/**
 * The subscriber a booking belongs to: only the one a verified booking link names (issue 11).
 * An address typed on the form proves nothing about who typed it, so it never ties a booking to
 * a profile nor sends that profile anything; the clinic still gets the request and its details.
 */
const findSubscriber = async (deps: DomainContext, claims: TokenClaims | undefined, now: Date): Promise<Subscriber | undefined> => {
  if (!claims) return undefined;
  const s = await deps.store.getSubscriber(claims.s, now);
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
  const subscriber = await findSubscriber(deps, claims, now);
  const fromStep =
    subscriber && claims?.s === subscriber.subscriberId && claims.c && claims.c !== 'direct' && claims.t
      ? { sequenceId: claims.t, stepId: claims.c }
      : {};
  const booking: BookingRequest = {
    bookingId: randomUUID(),
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
  await store.createBooking(booking, Math.floor(now.getTime() / 1000) + retention.messageLogSeconds, typed);

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
    await recordStepEvent(deps, { eventId: `booked:${booking.bookingId}`, kind: 'booked', at: booking.at, subscriberId: subscriber.subscriberId, ...fromStep, detail: req.locationId });
    for (const e of await store.listEnrollments(subscriber.subscriberId)) {
      if (e.status === 'active' && (await stepsOf(deps, e)).some((s) => s.goalExit?.includes(BOOKED_GOAL))) {
        await store.addEnrollmentGoal(subscriber.subscriberId, e.sequenceId, BOOKED_GOAL);
      }
    }
  }
  return { bookingId: booking.bookingId, ...(subscriber ? { subscriberId: subscriber.subscriberId } : {}), attributed: 'stepId' in fromStep };
};
