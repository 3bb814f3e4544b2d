/**
 * A click on a tracked link (`GET /c/{token}`): verifies the token, resolves its target from the
 * allow-list on the server (W10: the token names a target id, never a URL), records the click
 * against the step whose message carried it, and returns where to send the person, with UTM
 * parameters. A booking link also gets a booking token, so the form is prefilled and the
 * conversion is attributed to the step.
 */
import { randomUUID } from 'node:crypto';
import { isLinkTargetId, type LinkTargetId, resolveLinkTarget } from '../../contract/linkTargets.js';
import type { DomainContext } from '../core/domainContext.js';
import { LinkTargetRefused, TokenInvalid } from '../core/errors.js';
import { type ClickClaims, NO_STEP, stepRefOf } from '../core/LinkTokens.js';
import { SHORT_LINK_PATTERN } from '../sending/shortLinks.js';
import type { Channel } from '../core/model.js';
import { recordStepEvent } from './recordStepEvent.js';

/** Where to redirect (an allow-listed URL with UTM parameters). */
export interface FollowedLink {
  location: string;
  target: LinkTargetId;
  subscriberId: string;
  sequenceId?: string;
  stepId?: string;
}

/** The (sequence, step) a step reference names, among the subscriber's enrollments. */
const findStep = async (deps: DomainContext, subscriberId: string, stepRef: string) => {
  if (stepRef === NO_STEP) return undefined;
  for (const e of await deps.store.listEnrollments(subscriberId)) {
    const step = e.steps.find((s) => stepRefOf(e.sequenceId, s.id) === stepRef);
    if (step) return { sequenceId: e.sequenceId, stepId: step.id, channel: step.channel };
  }
  return undefined;
};

/** A text's short link (stored claims) or an email's signed click token. */
const clickClaimsOf = async (deps: DomainContext, token: unknown, now: Date): Promise<ClickClaims> => {
  if (typeof token === 'string' && SHORT_LINK_PATTERN.test(token)) {
    const stored = await deps.store.getShortLink(token, now);
    if (!stored) throw new TokenInvalid();
    return { ...stored, issuedAt: 0, expiresAt: 0 };
  }
  return deps.tokens.verifyClick(token, now);
};

/**
 * Resolves a click (short link id or signed click token) and records it once.
 * @throws TokenInvalid for a bad, expired or unknown token; LinkTargetRefused for a target off the allow-list (W10).
 */
export const followLink = async (deps: DomainContext, token: unknown): Promise<FollowedLink> => {
  const { tokens, clock, settings } = deps;
  const now = clock.now();
  const claims = await clickClaimsOf(deps, token, now);
  // W10: the one gate for every token format; the URL comes from configuration, never the token.
  const base = resolveLinkTarget(claims.target, {
    publicBaseUrl: settings.publicBaseUrl,
    clinicWebsite: settings.clinic.website,
    ...(settings.linkAllowList ? { allowedOrigins: settings.linkAllowList } : {}),
  });
  if (!base || !isLinkTargetId(claims.target)) throw new LinkTargetRefused();
  const target: LinkTargetId = claims.target;

  const step = await findStep(deps, claims.subscriberId, claims.stepRef);
  const channel: Channel | undefined = claims.channel ?? step?.channel;
  await recordStepEvent(deps, {
    eventId: randomUUID(),
    kind: 'clicked',
    at: now.toISOString(),
    subscriberId: claims.subscriberId,
    ...(step ? { sequenceId: step.sequenceId, stepId: step.stepId } : {}),
    ...(channel ? { channel } : {}),
    detail: target,
  });

  const url = new URL(base);
  if (target === 'book') {
    url.searchParams.set('t', tokens.sign({ p: 'book', s: claims.subscriberId, c: step?.stepId ?? 'direct', t: step?.sequenceId ?? '' }, now));
  }
  url.searchParams.set('utm_source', 'carecast');
  url.searchParams.set('utm_medium', channel ?? 'link');
  url.searchParams.set('utm_campaign', step?.sequenceId ?? 'system');
  url.searchParams.set('utm_content', step?.stepId ?? target);
  return {
    location: url.toString(),
    target,
    subscriberId: claims.subscriberId,
    ...(step ? { sequenceId: step.sequenceId, stepId: step.stepId } : {}),
  };
};
