/**
 * Double opt-in completion: the button on the email link's page (a POST) or a YES text (S2).
 *
 * A confirm link names the address it was sent to (its hash) and a single-use nonce (issue 11),
 * so it confirms that address only, once, and only for the request it answered: a link issued
 * before the channel was last asked again (a re-subscription) no longer works. Confirming records
 * who pressed the button (IP, user agent, time) in the consent ledger, after the signup request
 * it answers. Confirming after an opt-out restarts the series from its first step, unless another
 * channel is still confirmed and receiving it (then this channel joins where it is).
 */
import { randomUUID } from 'node:crypto';
import { TOKEN_LIFETIME_SECONDS, type TokenClaims } from '../core/LinkTokens.js';
import { consentDisclosure } from './consentDisclosure.js';
import { consentEvidence } from './consentEvidence.js';
import type { DomainContext } from '../core/domainContext.js';
import { enrollSubscriber } from '../scheduling/enrollSubscriber.js';
import { TokenInvalid } from '../core/errors.js';
import type { Channel, Subscriber } from '../core/model.js';
import { signupSequenceFor } from '../scheduling/entryPoints.js';

/** Who pressed the button: kept in the consent ledger as proof (TCPA, S1). */
export interface ConfirmEvidence {
  ip?: string;
  userAgent?: string;
}

/** `enrolled`: the series starts; `restarted`: it starts again from the first message; `continuing`: it goes on where it is. */
export type ConfirmOutcome = 'enrolled' | 'restarted' | 'continuing' | 'already';

export const confirmChannel = async (
  deps: DomainContext,
  subscriberId: string,
  channel: Channel,
  source: string,
  evidence: ConfirmEvidence = {},
): Promise<ConfirmOutcome> => {
  const { store, clock } = deps;
  const now = clock.now();
  const subscriber = await store.getSubscriber(subscriberId, now);
  if (!subscriber) throw new TokenInvalid();
  // Confirmed before: this channel is coming back after an opt-out (read before this confirmation is appended).
  const comingBack = (await store.listConsent(subscriberId)).some((r) => r.channel === channel && r.action === 'confirmed');
  const moved = await store.transitionChannel(subscriberId, channel, ['pending'], 'confirmed', true);
  if (moved) {
    const d = consentDisclosure(channel, subscriber.language, {
      clinicName: deps.settings.clinic.name,
      programName: deps.settings.clinic.programName,
    });
    // The request this confirmation answers enters the ledger now (a signup for an existing profile kept it aside).
    const request = await store.takeSignupRequest(subscriberId, channel, now);
    if (request) await store.appendConsent(request, randomUUID());
    await store.appendConsent(
      {
        subscriberId,
        channel,
        action: 'confirmed',
        textVersion: d.version,
        textHash: d.hash,
        at: now.toISOString(),
        ...consentEvidence(evidence),
        source,
      },
      randomUUID(),
    );
    // A confirmed subscriber no longer expires (P7): neither do the address lookups.
    for (const [ch, address] of [['email', subscriber.email], ['sms', subscriber.phone]] as const) {
      if (address) await store.claimContact(ch, deps.hasher.hash(ch, address), subscriberId, undefined, now);
    }
  }
  const current = await store.getSubscriber(subscriberId, now);
  const status = channel === 'email' ? current?.emailStatus : current?.smsStatus;
  if (status !== 'confirmed') throw new TokenInvalid();
  // Restart policy (docs/subscriber-lifecycle.md): a channel coming back after an opt-out restarts the series
  // from its first message, unless another channel is still confirmed and receiving it (then it joins it).
  // A channel's first confirmation joins the series as before.
  const otherConfirmed = (channel === 'email' ? current?.smsStatus : current?.emailStatus) === 'confirmed';
  const restart = moved && comingBack ? { restart: otherConfirmed ? ('if-stopped' as const) : ('always' as const) } : {};
  const enrolled = await enrollSubscriber(deps, subscriberId, await signupSequenceFor(deps, subscriberId), restart);
  if (!moved) return 'already';
  return enrolled === 'already' ? 'continuing' : enrolled;
};

/** What a confirm link's page shows: the button (`ready`), or that the address is already confirmed (`done`). */
export type ConfirmLinkState = { state: 'ready' | 'done'; subscriber: Subscriber; claims: TokenClaims };

/**
 * Reads a confirm link without changing anything (GET and HEAD, mail scanners).
 * @throws TokenInvalid when the token is bad, expired, for another address, or answers an older request.
 */
export const inspectConfirmLink = async (deps: DomainContext, token: unknown): Promise<ConfirmLinkState> => {
  const now = deps.clock.now();
  const claims = deps.tokens.verify(token, 'confirm', now);
  if (claims.c !== 'email') throw new TokenInvalid();
  const subscriber = await deps.store.getSubscriber(claims.s, now);
  if (!subscriber?.email || subscriber.deletedAt) throw new TokenInvalid();
  // Bound to the address it was sent to. Links from before issue 11 carry no hash: they last 72 hours, so they
  // stop working 72 hours after deploy at the latest, and the request-time check below still holds for them.
  if (claims.h !== undefined && claims.h !== deps.hasher.hash('email', subscriber.email)) throw new TokenInvalid();
  if (subscriber.emailStatus === 'confirmed') return { state: 'done', subscriber, claims };
  if (subscriber.emailStatus !== 'pending') throw new TokenInvalid();
  const askedAt = subscriber.emailRequestedAt ? Math.floor(Date.parse(subscriber.emailRequestedAt) / 1000) : 0;
  if (claims.i < askedAt) throw new TokenInvalid();
  return { state: 'ready', subscriber, claims };
};

/** Confirms the email channel from the button on the link's page (`POST /api/confirm`). */
export const confirmEmailLink = async (deps: DomainContext, token: unknown, evidence: ConfirmEvidence = {}): Promise<ConfirmOutcome> => {
  const link = await inspectConfirmLink(deps, token);
  // Confirmed already: the first press may have failed between confirming and enrolling (a fault,
  // a 503), so the patient's second press completes the enrollment (enrolling is idempotent and
  // never restarts a series here), else the whole series would be lost.
  if (link.state === 'done') return confirmChannel(deps, link.subscriber.subscriberId, 'email', 'email-link-button', evidence);
  if (link.claims.n !== undefined && !(await deps.store.useConfirmNonce(link.claims.n, link.claims.i + TOKEN_LIFETIME_SECONDS.confirm, randomUUID()))) {
    // Used before: a double press answers as already done; a used link never confirms a later request.
    if ((await deps.store.getSubscriber(link.subscriber.subscriberId, deps.clock.now()))?.emailStatus === 'confirmed') {
      return confirmChannel(deps, link.subscriber.subscriberId, 'email', 'email-link-button', evidence);
    }
    throw new TokenInvalid();
  }
  return confirmChannel(deps, link.subscriber.subscriberId, 'email', 'email-link-button', evidence);
};
