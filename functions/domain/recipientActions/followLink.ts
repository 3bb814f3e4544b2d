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
import type { Channel, StepEvent } from '../core/model.js';
import { isBurst, type MachineReason, machineReasons } from '../results/classifyClick.js';
import { recordStepEvent } from './recordStepEvent.js';
import { stepsOf } from '../scheduling/stepsOf.js';

/** Where to redirect (an allow-listed URL with UTM parameters). */
export interface FollowedLink {
  location: string;
  target: LinkTargetId;
  subscriberId: string;
  sequenceId?: string;
  stepId?: string;
  /** How the fetch was counted: a person's click, or a machine's with why. */
  clickedBy: 'person' | MachineReason[];
}

/** The (sequence, step) a step reference names, among the subscriber's enrollments. */
const findStep = async (deps: DomainContext, subscriberId: string, stepRef: string) => {
  if (stepRef === NO_STEP) return undefined;
  for (const e of await deps.store.listEnrollments(subscriberId)) {
    const step = (await stepsOf(deps, e)).find((s) => stepRefOf(e.sequenceId, s.id) === stepRef);
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

/** What the request says about who fetched the link (method, User-Agent); never stored. */
export interface ClickRequest {
  method?: string;
  userAgent?: string;
}

/** How long the latest fetch of a message is remembered for burst detection (s). */
const LAST_CLICK_TTL_SECONDS = 24 * 3600;

/**
 * Records a fetch as a person's `clicked` or a machine's `machineclicked` (classifyClick.ts); when
 * it turns out to be part of a burst, it and the fetch before it on the same message are re-counted
 * as a machine's. Counting only: the redirect is the same for both (a GET never changes ownership).
 */
const recordClick = async (deps: DomainContext, request: ClickRequest, claims: ClickClaims, event: StepEvent): Promise<'person' | MachineReason[]> => {
  const { store } = deps;
  const sent = event.sequenceId
    ? (await store.listMessages(claims.subscriberId)).find((m) => m.sequenceId === event.sequenceId && m.stepId === event.stepId)
    : undefined;
  const facts = { method: request.method ?? 'GET', userAgent: request.userAgent, at: new Date(event.at), target: event.detail as string, ...(sent ? { sentAt: new Date(sent.at) } : {}) };
  const reasons = machineReasons(facts);
  await recordStepEvent(deps, { ...event, kind: reasons.length ? 'machineclicked' : 'clicked' });
  // A HEAD is counted as a machine's and touches nothing else: it is not remembered for burst
  // detection, so it can never re-count a person's click (GET and HEAD change no other state).
  if (reasons.includes('head')) return reasons;
  const previous = await store.swapLastClick(
    `${claims.subscriberId}#${claims.stepRef}`,
    { eventId: event.eventId, at: event.at, target: facts.target, human: reasons.length === 0 },
    Math.floor(deps.clock.now().getTime() / 1000) + LAST_CLICK_TTL_SECONDS,
  );
  if (previous && isBurst(facts.at, facts.target, { at: new Date(previous.at), target: previous.target })) {
    // A burst: this fetch and the one before it were a machine's (each move happens at most once).
    await store.reclassifyClick({ ...event, kind: 'clicked' });
    await store.reclassifyClick({ ...event, eventId: previous.eventId, at: previous.at, kind: 'clicked', detail: previous.target });
    return [...reasons, 'burst'];
  }
  return reasons.length ? reasons : 'person';
};

/**
 * Resolves a click (short link id or signed click token) and records it once, as a person's or a
 * machine's (`request`: method and User-Agent, for classifyClick.ts; a HEAD never counts as a person).
 * @throws TokenInvalid for a bad, expired or unknown token; LinkTargetRefused for a target off the allow-list (W10).
 */
export const followLink = async (deps: DomainContext, token: unknown, request: ClickRequest = {}): Promise<FollowedLink> => {
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
  const clickedBy = await recordClick(deps, request, claims, {
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
    clickedBy,
  };
};
