/**
 * The signed time trap (W2): the signup page carries a token with its render time; a form sent
 * back sooner than a person could fill it is a bot, which gets the same answer as everyone while
 * nothing is written, like the honeypot. A token that expired (a page left open overnight) or is
 * missing from a form post is a person: they get the form back (issue 11), never a false success.
 * A token is accepted once (issue 12: a replayed token would let a script skip the page); a replay gets
 * the bot's answer, which for a person's double click is right too: the first post went through.
 */
import { randomUUID } from 'node:crypto';
import type { LinkTokens } from '../core/LinkTokens.js';
import type { Store } from '../ports/store.js';

export const MIN_FILL_SECONDS = 3;

/** A fresh token per page view: the random subject makes each one single-use on its own. */
export const issueFormToken = (tokens: LinkTokens, now: Date): string => tokens.sign({ p: 'form', s: randomUUID() }, now);

/**
 * `human`: rendered by us at least MIN_FILL_SECONDS ago; `too-fast` or `forged`: a bot (same
 * answer as everyone, nothing written); `expired`: ours but past its lifetime, or absent.
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
  return (await deps.store.claimFormToken(`${claims.s}.${claims.i}`, claims.e)) ? 'human' : 'replayed';
};
