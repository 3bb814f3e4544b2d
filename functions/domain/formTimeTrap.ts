/**
 * The signed time trap (W2): the signup page carries a token with its render time; a form sent
 * back sooner than a person could fill it is a bot, which gets the same answer as everyone while
 * nothing is written, like the honeypot. A token that expired (a page left open overnight) or is
 * missing from a form post is a person: they get the form back (issue 11), never a false success.
 */
import type { LinkTokens } from './LinkTokens.js';

export const MIN_FILL_SECONDS = 3;

export const issueFormToken = (tokens: LinkTokens, now: Date): string => tokens.sign({ p: 'form', s: 'signup' }, now);

/** `human`: rendered by us at least MIN_FILL_SECONDS ago; `too-fast`: a bot; `expired`: expired, forged or absent. */
export const formTokenVerdict = (tokens: LinkTokens, token: string | undefined, now: Date): 'human' | 'too-fast' | 'expired' => {
  if (token === undefined) return 'expired';
  try {
    const claims = tokens.verify(token, 'form', now);
    return now.getTime() / 1000 - claims.i >= MIN_FILL_SECONDS ? 'human' : 'too-fast';
  } catch {
    return 'expired';
  }
};

/** True when the form was rendered by us at least MIN_FILL_SECONDS ago. */
export const filledAtHumanPace = (tokens: LinkTokens, token: string, now: Date): boolean => formTokenVerdict(tokens, token, now) === 'human';
