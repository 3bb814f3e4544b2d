/**
 * The signed time trap (W2): the signup page carries a token with its render time; a form sent
 * back sooner than a person could fill it, with a forged token, or with a token already used once
 * (issue 12: a replayed token would let a script skip the page), is a bot. It gets the same
 * answer as everyone and nothing is written, like the honeypot.
 */
import { randomUUID } from 'node:crypto';
import type { LinkTokens } from './LinkTokens.js';
import type { Store } from './ports.js';

export const MIN_FILL_SECONDS = 3;

/** A fresh token per page view: the random subject makes each one single-use on its own. */
export const issueFormToken = (tokens: LinkTokens, now: Date): string => tokens.sign({ p: 'form', s: randomUUID() }, now);

/** True when the form was rendered by us at least MIN_FILL_SECONDS ago. */
export const filledAtHumanPace = (tokens: LinkTokens, token: string, now: Date): boolean => {
  try {
    const claims = tokens.verify(token, 'form', now);
    return now.getTime() / 1000 - claims.i >= MIN_FILL_SECONDS;
  } catch {
    return false;
  }
};

/**
 * Accepts a form token once: valid, filled at human pace, and not used before. The use is
 * recorded with a conditional write that expires with the token.
 */
export const acceptFormToken = async (deps: { tokens: LinkTokens; store: Pick<Store, 'claimFormToken'> }, token: string, now: Date): Promise<boolean> => {
  if (!filledAtHumanPace(deps.tokens, token, now)) return false;
  const claims = deps.tokens.verify(token, 'form', now);
  return deps.store.claimFormToken(`${claims.s}.${claims.i}`, claims.e);
};
