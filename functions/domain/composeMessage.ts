/**
 * Turns a template and a subscriber into a message ready for the wire: signed links,
 * rendered copy (Liquid only, precompiled MJML) and the compliance headers (E8, O1, O10).
 */
import { type MergeContext, renderEmail, renderSms } from '../rendering/index.js';
import type { Deps } from './Deps.js';
import type { Channel, Subscriber } from './model.js';
import type { OutgoingEmail, OutgoingText } from './ports.js';

export interface MessageOrigin {
  sendId: string;
  sequenceId?: string;
  stepId?: string;
}

/** Header values must never carry CR/LF (O9, W8). */
const headerSafe = (value: string): string => {
  if (/[\r\n]/.test(value)) throw new Error('Header value contains a line break');
  return value;
};

export const mergeContextFor = (deps: Deps, subscriber: Subscriber, channel: Channel, origin: MessageOrigin): MergeContext => {
  const { tokens, clock, settings } = deps;
  const now = clock.now();
  const base = settings.publicBaseUrl;
  const unsub = `${base}/u/${tokens.sign({ p: 'unsub', s: subscriber.subscriberId, c: channel }, now)}`;
  const bookToken = tokens.sign({ p: 'book', s: subscriber.subscriberId, c: origin.stepId ?? 'direct', t: origin.sequenceId ?? '' }, now);
  return {
    subscriber: { firstName: subscriber.firstName ?? null },
    clinic: settings.clinic,
    links: {
      unsubscribe: unsub,
      preferences: unsub,
      booking: `${base}/book?t=${bookToken}`,
      confirm: `${base}/api/confirm?token=${tokens.sign({ p: 'confirm', s: subscriber.subscriberId, c: 'email' }, now)}&lang=${subscriber.language}`,
      terms: `${base}/terms`,
      privacy: `${base}/privacy`,
    },
  };
};

export const composeEmail = async (
  deps: Deps,
  subscriber: Subscriber,
  template: string,
  origin: MessageOrigin,
): Promise<OutgoingEmail> => {
  if (!subscriber.email) throw new Error('Subscriber has no email address');
  const ctx = mergeContextFor(deps, subscriber, 'email', origin);
  const content = await renderEmail(template, subscriber.language, ctx);
  const { settings } = deps;
  const listUnsubscribe = [`<${ctx.links.unsubscribe}>`];
  if (settings.unsubscribeMailto) listUnsubscribe.push(`<mailto:${settings.unsubscribeMailto}?subject=unsubscribe>`);
  return {
    to: subscriber.email,
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
      sequence: origin.sequenceId ?? 'system',
      step: origin.stepId ?? template,
    },
  };
};

export const composeText = async (
  deps: Deps,
  subscriber: Subscriber,
  template: string,
  origin: MessageOrigin,
  kind: OutgoingText['kind'],
): Promise<OutgoingText> => {
  if (!subscriber.phone) throw new Error('Subscriber has no phone number');
  const ctx = mergeContextFor(deps, subscriber, 'sms', origin);
  const { body } = await renderSms(template, subscriber.language, ctx);
  return { to: subscriber.phone, body, kind };
};
