/**
 * The signed time trap (W2): the signup page carries a token with its render time; a form sent
 * back sooner than a person could fill it, or with a forged token, is a bot. It gets the same
 * answer as everyone and nothing is written, like the honeypot.
 */
import type { LinkTokens } from '../core/LinkTokens.js';

export const MIN_FILL_SECONDS = 3;

export const issueFormToken = (tokens: LinkTokens, now: Date): string => tokens.sign({ p: 'form', s: 'signup' }, now);

/** True when the form was rendered by us at least MIN_FILL_SECONDS ago. */
export const filledAtHumanPace = (tokens: LinkTokens, token: string, now: Date): boolean => {
  try {
    const claims = tokens.verify(token, 'form', now);
    return now.getTime() / 1000 - claims.i >= MIN_FILL_SECONDS;
  } catch {
    return false;
  }
};
