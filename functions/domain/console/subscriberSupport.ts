/**
 * Staff look-up of one subscriber by email or phone (never a list): status per channel,
 * suppression, consent ledger, message history, enrollments and bookings. Each look-up is
 * audited by subscriber id (P9), never by the address searched for (P5).
 */
import { recordAudit } from './auditLog.js';
import { findOwnerOfAddress, isAddressSuppressed } from '../identity/addressLookup.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import { deletePersonalData } from '../recipientActions/deletePersonalData.js';
import type { DomainContext } from '../core/domainContext.js';
import { InvalidInput, NotFound } from '../core/errors.js';
import type { BookingRequest, Channel, ConsentRecord, Enrollment, MessageRecord, Subscriber } from '../core/model.js';
import { normaliseEmail, normalisePhone } from '../signup/SignupForm.js';
import { unsubscribe } from '../recipientActions/unsubscribe.js';

/** What staff see of one subscriber: profile, channel states (and suppression), consent ledger, messages, enrollments, bookings. */
export interface SubscriberView {
  subscriberId: string;
  firstName?: string;
  email?: string;
  phone?: string;
  language: string;
  timezone: string;
  createdAt: string;
  deletedAt?: string;
  channels: { channel: Channel; status: string; suppressed: boolean }[];
  consent: ConsentRecord[];
  messages: MessageRecord[];
  enrollments: Pick<Enrollment, 'sequenceId' | 'sequenceVersion' | 'status' | 'nextStepIndex' | 'dueAt'>[];
  bookings: BookingRequest[];
}

/** @throws NotFound for an unknown subscriber. */
export const subscriberView = async (deps: DomainContext, subscriberId: string): Promise<SubscriberView> => {
  const { store, clock } = deps;
  const s: Subscriber | undefined = await store.getSubscriber(subscriberId, clock.now());
  if (!s) throw new NotFound('subscriber');
  const channel = async (c: Channel, address: string | undefined, status: string) => ({
    channel: c,
    status,
    suppressed: address ? await isAddressSuppressed(deps, c, address) : false,
  });
  const [consent, messages, enrollments, bookings] = await Promise.all([
    store.listConsent(subscriberId),
    store.listMessages(subscriberId),
    store.listEnrollments(subscriberId),
    store.listBookings(subscriberId),
  ]);
  return {
    subscriberId,
    ...(s.firstName ? { firstName: s.firstName } : {}),
    ...(s.email ? { email: s.email } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
    language: s.language,
    timezone: s.timezone,
    createdAt: s.createdAt,
    ...(s.deletedAt ? { deletedAt: s.deletedAt } : {}),
    channels: [await channel('email', s.email, s.emailStatus), await channel('sms', s.phone, s.smsStatus)],
    consent: consent.sort((a, b) => a.at.localeCompare(b.at)),
    messages: messages.sort((a, b) => b.at.localeCompare(a.at)),
    enrollments: enrollments.map(({ sequenceId, sequenceVersion, status, nextStepIndex, dueAt }) => ({ sequenceId, sequenceVersion, status, nextStepIndex, ...(dueAt ? { dueAt } : {}) })),
    bookings,
  };
};

/**
 * Finds a subscriber by email or phone (normalised and hashed, never stored) and audits the look-up.
 * @throws InvalidInput for an address that does not parse; NotFound when nobody holds it.
 */
export const lookupSubscriber = async (deps: DomainContext, actor: StaffActor, query: { email?: string | undefined; phone?: string | undefined }): Promise<SubscriberView> => {
  const [channel, address] = query.email
    ? (['email', normaliseEmail(query.email)] as const)
    : (['sms', query.phone ? normalisePhone(query.phone) : undefined] as const);
  if (!address) throw new InvalidInput(channel === 'email' ? { email: 'Enter a valid email address' } : { phone: 'Enter a valid US phone number' });
  const id = await findOwnerOfAddress(deps, channel, address, deps.clock.now());
  if (!id) throw new NotFound('subscriber with that address');
  const view = await subscriberView(deps, id);
  await recordAudit(deps, actor, 'subscriber.lookup', `subscriber:${id}`, { after: { by: channel } });
  return view;
};

/** A revocation staff took by phone, email or in person (S7): the channel stops at once. */
export const revokeForSubscriber = async (deps: DomainContext, actor: StaffActor, subscriberId: string, channels: Channel[]): Promise<Channel[]> => {
  const before = await subscriberView(deps, subscriberId);
  const changed = await unsubscribe(deps, { subscriberId, channel: channels[0] as Channel }, channels, `staff:${actor.sub}`);
  await recordAudit(deps, actor, 'subscriber.revoke', `subscriber:${subscriberId}`, {
    before: { channels: before.channels.map(({ channel, status }) => ({ channel, status })) },
    after: { revoked: changed },
  });
  return changed;
};

/** "Delete my data" taken by staff (P8): the recipient flow's own deletion, audited. */
export const deleteSubscriberByStaff = async (deps: DomainContext, actor: StaffActor, subscriberId: string): Promise<'deleted' | 'gone'> => {
  const s = await deps.store.getSubscriber(subscriberId, deps.clock.now());
  const outcome = await deletePersonalData(deps, subscriberId);
  await recordAudit(deps, actor, 'subscriber.delete', `subscriber:${subscriberId}`, {
    before: s ? { emailStatus: s.emailStatus, smsStatus: s.smsStatus, hadEmail: Boolean(s.email), hadPhone: Boolean(s.phone) } : { gone: true },
    after: { outcome },
  });
  return outcome;
};
