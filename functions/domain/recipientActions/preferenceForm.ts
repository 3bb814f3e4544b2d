/**
 * What a POST to `/u/{token}` asks for, read from its form fields (E10, RFC 8058).
 *
 * A mailbox provider's one-click POST carries exactly `List-Unsubscribe=One-Click`; the
 * preferences page's own forms carry an `action`. Anything else is refused and changes nothing.
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

export const readPreferenceRequest = (fields: Record<string, string>): PreferenceRequest | undefined => {
  const names = Object.keys(fields);
  if (Object.hasOwn(fields, 'List-Unsubscribe')) {
    // Exactly the RFC 8058 body, or nothing: a mixed body is ambiguous and changes nothing.
    return names.length === 1 && fields['List-Unsubscribe'] === 'One-Click' ? { kind: 'one-click' } : undefined;
  }
  const action = Object.hasOwn(fields, 'action') ? fields.action : undefined;
  if (action === undefined) return undefined;
  if (Object.hasOwn(STOPS, action)) return { kind: 'stop', channels: STOPS[action] as Channel[] };
  if (action === 'language') {
    const language = fields.language;
    return language === 'en' || language === 'es' ? { kind: 'language', language } : undefined;
  }
  if (action === 'delete') return fields.confirm === 'yes' ? { kind: 'delete' } : { kind: 'delete-ask' };
  return undefined;
};
