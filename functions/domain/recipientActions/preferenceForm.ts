/**
 * What a POST to `/u/{token}` asks for (E10, RFC 8058).
 *
 * The URL is the one in the `List-Unsubscribe` header, and its signed token is the authority:
 * RFC 8058 §3.1 has the mail client POST `List-Unsubscribe=One-Click`, but real clients and
 * add-ons also post an empty body, no content type, `text/plain`, a trailing CRLF or another
 * charset. So every POST is a one-click unsubscribe of the link's channel, except a form from
 * the preferences page itself, which carries an `action` field (and no `List-Unsubscribe`). An
 * `action` we do not offer is refused and changes nothing (a 4xx page).
 */
import type { Channel, Language } from '../core/model.js';

export type PreferenceRequest =
  | { kind: 'one-click' }
  | { kind: 'stop'; channels: Channel[] }
  | { kind: 'language'; language: Language }
  /** First step of a deletion: show what will happen and ask again. */
  | { kind: 'delete-ask' }
  | { kind: 'delete' };

const STOPS: Record<string, Channel[]> = {
  'stop-email': ['email'],
  'stop-sms': ['sms'],
  'stop-all': ['email', 'sms'],
};

/**
 * @param fields the body's form fields, or undefined when the body is not a form (empty, no
 *   content type, `text/plain`, JSON, unreadable multipart): such a POST is a one-click.
 * @returns undefined for a page form asking for something we do not offer.
 */
export const readPreferenceRequest = (fields: Record<string, string> | undefined): PreferenceRequest | undefined => {
  // A body naming List-Unsubscribe wins over anything else in it: never more than an unsubscribe.
  if (!fields || Object.hasOwn(fields, 'List-Unsubscribe') || !Object.hasOwn(fields, 'action')) return { kind: 'one-click' };
  const action = (fields.action ?? '').trim();
  if (Object.hasOwn(STOPS, action)) return { kind: 'stop', channels: STOPS[action] as Channel[] };
  if (action === 'language') {
    const language = fields.language?.trim();
    return language === 'en' || language === 'es' ? { kind: 'language', language } : undefined;
  }
  if (action === 'delete') return fields.confirm?.trim() === 'yes' ? { kind: 'delete' } : { kind: 'delete-ask' };
  return undefined;
};
