/**
 * "Delete my data" (P8): the profile keeps no email, phone or name; address lookups go; every
 * enrollment ends; free text kept beside the profile (inbound text bodies, booking details) is
 * erased. Each address's keyed hash is suppressed with reason `deleted`, so it is never
 * contacted again, and the consent ledger stays as evidence (S10), with a `revoked` row added
 * for each channel that was still open. Queued jobs then find no address and are refused.
 */
import type { DomainContext } from '../core/domainContext.js';
import type { Channel, ChannelStatus, Subscriber } from '../core/model.js';
import { recordRevocation } from './unsubscribe.js';

const OPEN: ChannelStatus[] = ['pending', 'confirmed'];

/** Erases a subscriber's personal data (P8); `gone` when there was no such subscriber. Idempotent. */
export const deletePersonalData = async (deps: DomainContext, subscriberId: string): Promise<'deleted' | 'gone'> => {
  const { store, clock, hasher } = deps;
  const now = clock.now();
  const s = await store.getSubscriber(subscriberId, now);
  if (!s) return 'gone';
  const addresses: [Channel, string | undefined][] = [
    ['email', s.email],
    ['sms', s.phone],
  ];
  for (const [channel, address] of addresses) {
    if (!address) continue;
    const hash = hasher.hash(channel, address);
    // Suppress first: whatever fails after this, the address is already never contacted again.
    await store.suppress(hash, channel, 'deleted', now.toISOString());
    await store.releaseContact(channel, hash, subscriberId);
    // Requests typed with this address on the booking form belong to no profile (issue 11) but hold it.
    await store.eraseBookingsByAddress(hash);
  }
  for (const e of await store.listEnrollments(subscriberId)) {
    if (e.status === 'active') await store.exitEnrollment(subscriberId, e.sequenceId, 'data deleted');
  }
  for (const channel of ['email', 'sms'] as const) {
    if (OPEN.includes(statusOf(s, channel))) await recordRevocation(deps, s, channel, 'delete-request');
  }
  await store.updateSubscriber(
    subscriberId,
    {
      deletedAt: now.toISOString(),
      ...(OPEN.includes(s.emailStatus) ? { emailStatus: 'unsubscribed' as const } : {}),
      ...(OPEN.includes(s.smsStatus) ? { smsStatus: 'unsubscribed' as const } : {}),
    },
    ['email', 'phone', 'firstName', 'phoneState'],
  );
  // Free text and contact details kept beside the profile go too (P8).
  await store.eraseInboundTexts(subscriberId);
  await store.eraseBookingDetails(subscriberId);
  return 'deleted';
};

const statusOf = (s: Subscriber, channel: Channel) => (channel === 'email' ? s.emailStatus : s.smsStatus);
