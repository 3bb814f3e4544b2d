/** What the booking page may prefill from a tracked link's booking token (W9). */
import type { DomainContext } from '../core/domainContext.js';
import type { Language } from '../core/model.js';

/** The form values we may prefill for the token's subscriber (the first name only), and their language. */
export interface BookingPrefill {
  values: { token: string; firstName?: string | undefined };
  language: Language;
}

/**
 * Verifies a booking token (`purpose: book`) and returns the prefill for its subscriber, or
 * undefined when the token does not verify or the subscriber is gone or deleted (W9: a bad token
 * changes nothing and reveals nothing). Store failures propagate.
 */
export const bookingPrefill = async (deps: Pick<DomainContext, 'tokens' | 'store' | 'clock'>, token: string): Promise<BookingPrefill | undefined> => {
  let subscriberId: string;
  try {
    subscriberId = deps.tokens.verify(token, 'book', deps.clock.now()).s;
  } catch {
    return undefined; // any token that does not parse and verify (TokenInvalid, malformed payload)
  }
  const s = await deps.store.getSubscriber(subscriberId, deps.clock.now());
  if (!s || s.deletedAt) return undefined;
  // Email and phone are never prefilled (issue 11): the link lives for months and a forwarded email would reveal them.
  return { values: { token, firstName: s.firstName }, language: s.language };
};
