/**
 * Turns a template and a subscriber into a message ready for the wire: signed links,
 * rendered copy (Liquid only, precompiled MJML) and the compliance headers (E8, O1, O10).
 */
import { randomUUID } from 'node:crypto';
import { type MergeContext, renderEmail, renderSms } from '../../rendering/index.js';
import type { DomainContext } from '../core/domainContext.js';
import { sendableEmail } from '../identity/AddressIdentity.js';
import { publishedTemplates } from '../messages/publishedTemplates.js';
import { createShortLink } from './shortLinks.js';
import { stepRefOf } from '../core/LinkTokens.js';
import type { BookingRequest, Channel, Subscriber } from '../core/model.js';
import type { OutgoingEmail, OutgoingText } from '../ports/providers.js';

export interface MessageOrigin {
  sendId: string;
  sequenceId?: string;
  stepId?: string;
  /** The consultation request a booking message is about. */
  booking?: BookingRequest;
}

/** The booking templates' merge fields from a stored request (location resolved from the clinic profile). */
export const bookingMergeFields = (deps: DomainContext, b: BookingRequest): NonNullable<MergeContext['booking']> => {
  const location = deps.settings.clinic.locations.find((l) => l.id === b.locationId);
  return {
    locationName: location?.name ?? b.locationId,
    locationAddress: location?.address ?? '',
    preferredTimes: b.preferredTimes,
    ...(b.reason ? { reason: b.reason } : {}),
    ...(b.firstName ? { firstName: b.firstName } : {}),
    ...(b.email ? { email: b.email } : {}),
    ...(b.phone ? { phone: b.phone } : {}),
  };
};

/** Header values must never carry CR/LF (O9, W8). */
const headerSafe = (value: string): string => {
  if (/[\r\n]/.test(value)) throw new Error('Header value contains a line break');
  return value;
};

/** A confirm link bound to the address it is sent to (its hash) with a single-use nonce (issue 11). */
const confirmTokenFor = (deps: DomainContext, subscriber: Subscriber, now: Date): string =>
  deps.tokens.sign(
    {
      p: 'confirm',
      s: subscriber.subscriberId,
      c: 'email',
      ...(subscriber.email ? { h: deps.hasher.hash('email', subscriber.email) } : {}),
      n: randomUUID(),
    },
    now,
  );

export const mergeContextFor = (deps: DomainContext, subscriber: Subscriber, channel: Channel, origin: MessageOrigin): MergeContext => {
  const { tokens, clock, settings } = deps;
  const now = clock.now();
  const base = settings.publicBaseUrl;
  const fromStep = origin.sequenceId && origin.stepId ? { q: origin.sequenceId, k: origin.stepId } : {};
  const unsub = `${base}/u/${tokens.sign({ p: 'unsub', s: subscriber.subscriberId, c: channel, ...fromStep }, now)}`;
  // Tracked and short enough for a text; /c/ adds the booking token (prefill, attribution) on the way.
  const click = tokens.signClick(
    { subscriberId: subscriber.subscriberId, stepRef: stepRefOf(origin.sequenceId, origin.stepId), channel, target: 'book' },
    now,
  );
  return {
    subscriber: { firstName: subscriber.firstName ?? null },
    clinic: settings.clinic,
    links: {
      unsubscribe: unsub,
      preferences: unsub,
      booking: `${base}/c/${click}`,
      confirm: `${base}/api/confirm?token=${confirmTokenFor(deps, subscriber, now)}&lang=${subscriber.language}`,
      terms: `${base}/terms`,
      privacy: `${base}/privacy`,
    },
    ...(origin.booking ? { booking: bookingMergeFields(deps, origin.booking) } : {}),
  };
};

export const composeEmail = async (
  deps: DomainContext,
  subscriber: Subscriber,
  template: string,
  origin: MessageOrigin,
): Promise<OutgoingEmail> => {
  if (!subscriber.email) throw new Error('Subscriber has no email address');
  const ctx = mergeContextFor(deps, subscriber, 'email', origin);
  const content = await renderEmail(template, subscriber.language, ctx, { published: publishedTemplates(deps.store) });
  const { settings } = deps;
  const listUnsubscribe = [`<${ctx.links.unsubscribe}>`];
  if (settings.unsubscribeMailto) listUnsubscribe.push(`<mailto:${settings.unsubscribeMailto}?subject=unsubscribe>`);
  return {
    to: sendableEmail(subscriber.email),
    from: settings.fromAddress,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    subject: headerSafe(content.subject),
    html: content.html,
    text: content.text,
    headers: {
      'List-Unsubscribe': headerSafe(listUnsubscribe.join(', ')),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    tags: {
      sendId: origin.sendId,
      // Opaque id (O10): SES feedback finds the recipient through it (handleDeliveryFeedback.ts).
      subscriber: subscriber.subscriberId,
      sequence: origin.sequenceId ?? 'system',
      step: origin.stepId ?? template,
    },
  };
};

export const composeText = async (
  deps: DomainContext,
  subscriber: Subscriber,
  template: string,
  origin: MessageOrigin,
  kind: OutgoingText['kind'],
): Promise<OutgoingText> => {
  if (!subscriber.phone) throw new Error('Subscriber has no phone number');
  const ctx = mergeContextFor(deps, subscriber, 'sms', origin);
  // A signed click token would push an English text past one segment: texts carry a short link.
  const linkId = await createShortLink(deps, origin.sendId, {
    subscriberId: subscriber.subscriberId,
    stepRef: stepRefOf(origin.sequenceId, origin.stepId),
    channel: 'sms',
    target: 'book',
  });
  ctx.links.booking = `${deps.settings.publicBaseUrl}/c/${linkId}`;
  const { body } = await renderSms(template, subscriber.language, ctx, { published: publishedTemplates(deps.store) });
  return { to: subscriber.phone, body, kind };
};

/**
 * The booking inbox notification (to the clinic, not a subscriber): no unsubscribe headers, as
 * it is not a marketing message; Reply-To is the patient when they gave an email address.
 */
export const composeClinicEmail = (deps: DomainContext, template: string, booking: BookingRequest, origin: MessageOrigin): Promise<OutgoingEmail> =>
  composeClinicMessage(deps, template, { booking: bookingMergeFields(deps, booking) }, booking.email, origin);

/** A message to the clinic's own inbox (`settings.bookingInbox`), in English, about `about`. */
export const composeClinicMessage = async (
  deps: DomainContext,
  template: string,
  about: Pick<MergeContext, 'booking' | 'inboundText'>,
  patientEmail: string | undefined,
  origin: MessageOrigin,
): Promise<OutgoingEmail> => {
  const { settings } = deps;
  const base = settings.publicBaseUrl;
  const ctx: MergeContext = {
    subscriber: { firstName: null },
    clinic: settings.clinic,
    links: { unsubscribe: `${base}/`, preferences: `${base}/`, booking: `${base}/book`, terms: `${base}/terms`, privacy: `${base}/privacy` },
    ...about,
  };
  const content = await renderEmail(template, 'en', ctx);
  const replyTo = patientEmail ?? settings.replyTo;
  return {
    to: settings.bookingInbox,
    from: settings.fromAddress,
    ...(replyTo ? { replyTo: headerSafe(replyTo) } : {}),
    subject: headerSafe(content.subject),
    html: content.html,
    text: content.text,
    headers: {},
    tags: { sendId: origin.sendId, sequence: 'system', step: template },
  };
};
