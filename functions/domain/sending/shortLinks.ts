/**
 * Short links for text messages. A signed click token that names the subscriber, step and
 * target is ~59 characters, which pushes an English text past one GSM-7 segment; a text
 * instead carries `/c/<11 characters>` (LinkTokens.shortLinkId: unguessable, the same on a
 * retry), with the same claims stored in the table for 400 days. Email keeps signed tokens.
 */
import type { DomainContext } from '../core/domainContext.js';
import { TOKEN_LIFETIME_SECONDS } from '../core/LinkTokens.js';
import type { ShortLinkClaims } from '../ports/sending/shortLinks.js';

export const SHORT_LINK_PATTERN = /^[A-Za-z0-9_-]{11}$/;

/** A short link to store: its id (the same for a retry of the same send) and expiry (epoch seconds). */
export interface PendingShortLink {
  linkId: string;
  claims: ShortLinkClaims;
  expiresAt: number;
}

/** The short link of a send, not yet stored (the send worker's claim transaction stores it, issue 15). */
export const shortLinkOf = (deps: Pick<DomainContext, 'tokens' | 'clock'>, sendId: string, claims: ShortLinkClaims): PendingShortLink => ({
  linkId: deps.tokens.shortLinkId(sendId, claims.target),
  claims,
  expiresAt: Math.floor(deps.clock.now().getTime() / 1000) + TOKEN_LIFETIME_SECONDS.click,
});

export const createShortLink = async (deps: DomainContext, sendId: string, claims: ShortLinkClaims): Promise<string> => {
  const link = shortLinkOf(deps, sendId, claims);
  await deps.store.putShortLink(link.linkId, link.claims, link.expiresAt);
  return link.linkId;
};
