/**
 * The signed time trap (W2; issues 11 and 12): the signup page carries a token with its render
 * time, and every signup post (form or JSON) must bring one back. A token that expired (a page left
 * open overnight) or is missing is answered with the form again, never a false success. A form sent
 * back sooner than MIN_FILL_SECONDS can be a person whose browser autofilled it (issue 11: a person
 * is never taken for a bot), so it too is asked to press again, and nothing is written. A forged
 * token, or one used before (issue 12: single use, so a script cannot skip the page), gets the same
 * success answer as everyone while nothing is written, like the honeypot; for a person's double
 * click that is right too: the first post went through.
 */
import { randomUUID } from 'node:crypto';
import type { LinkTokens } from '../core/LinkTokens.js';
import type { Store } from '../ports/store.js';

export const MIN_FILL_SECONDS = 3;

/** A fresh token per page view: the random subject makes each one single-use on its own. */
export const issueFormToken = (tokens: LinkTokens, now: Date): string => tokens.sign({ p: 'form', s: randomUUID() }, now);

/**
 * `human`: rendered by us at least MIN_FILL_SECONDS ago; `too-fast`: ours, sent back sooner (ask
 * again); `forged`: not ours (same answer as everyone, nothing written); `expired`: ours but past
 * its lifetime, or absent (ask again).
 */
export const formTokenVerdict = (tokens: LinkTokens, token: string | undefined, now: Date): 'human' | 'too-fast' | 'forged' | 'expired' => {
  if (token === undefined) return 'expired';
  try {
    const claims = tokens.verify(token, 'form', now);
    return now.getTime() / 1000 - claims.i >= MIN_FILL_SECONDS ? 'human' : 'too-fast';
  } catch {
    return signedByUs(tokens, token) ? 'expired' : 'forged';
  }
};

/** Whether a form token carries our MAC, whatever its age (verified as of the epoch, before any expiry). */
const signedByUs = (tokens: LinkTokens, token: string): boolean => {
  try {
    tokens.verify(token, 'form', new Date(0));
    return true;
  } catch {
    return false;
  }
};

/** True when the form was rendered by us at least MIN_FILL_SECONDS ago. */
export const filledAtHumanPace = (tokens: LinkTokens, token: string, now: Date): boolean => formTokenVerdict(tokens, token, now) === 'human';

/**
 * Accepts a form token once: valid, filled at human pace, and not used before. The use is
 * recorded with a conditional write that expires with the token.
 */
export const acceptFormToken = async (
  deps: { tokens: LinkTokens; store: Pick<Store, 'claimFormToken'> },
  token: string | undefined,
  now: Date,
): Promise<'human' | 'too-fast' | 'forged' | 'expired' | 'replayed'> => {
  const verdict = formTokenVerdict(deps.tokens, token, now);
  if (verdict !== 'human') return verdict;
  const claims = deps.tokens.verify(token as string, 'form', now);
  // A fresh claim id: a lost answer to our own marker write is still ours, not a replay (issue 16).
  return (await deps.store.claimFormToken(`${claims.s}.${claims.i}`, claims.e, randomUUID())) ? 'human' : 'replayed';
};
