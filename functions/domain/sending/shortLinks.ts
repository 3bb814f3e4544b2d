/**
 * Short links for text messages. A signed click token that names the subscriber, step and
 * target is ~59 characters, which pushes an English text past one GSM-7 segment; a text
 * instead carries `/c/<11 characters>` (LinkTokens.shortLinkId: unguessable, the same on a
 * retry), with the same claims stored in the table for 400 days. Email keeps signed tokens.
 */
import type { DomainContext } from '../core/domainContext.js';
import { TOKEN_LIFETIME_SECONDS } from '../core/LinkTokens.js';
import type { ShortLinkClaims } from '../ports/shortLinks.js';

export const SHORT_LINK_PATTERN = /^[A-Za-z0-9_-]{11}$/;

export const createShortLink = async (deps: DomainContext, sendId: string, claims: ShortLinkClaims): Promise<string> => {
  const id = deps.tokens.shortLinkId(sendId, claims.target);
  const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + TOKEN_LIFETIME_SECONDS.click;
  await deps.store.putShortLink(id, claims, expiresAt);
  return id;
};
