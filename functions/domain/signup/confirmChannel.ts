/**
 * Double opt-in completion: the email link (S2-like for email) or a YES text (S2).
 * Confirming the first channel enrolls the subscriber in the default sequence.
 */
import { randomUUID } from 'node:crypto';
import { consentDisclosure } from './consentDisclosure.js';
import type { DomainContext } from '../core/domainContext.js';
import { enrollSubscriber } from '../scheduling/enrollSubscriber.js';
import { TokenInvalid } from '../core/errors.js';
import type { Channel } from '../core/model.js';

export const confirmChannel = async (
  deps: DomainContext,
  subscriberId: string,
  channel: Channel,
  source: string,
): Promise<'confirmed' | 'already'> => {
  const { store, clock } = deps;
  const now = clock.now();
  const subscriber = await store.getSubscriber(subscriberId, now);
  if (!subscriber) throw new TokenInvalid();
  const moved = await store.transitionChannel(subscriberId, channel, ['pending'], 'confirmed', true);
  if (moved) {
    const d = consentDisclosure(channel, subscriber.language, {
      clinicName: deps.settings.clinic.name,
      programName: deps.settings.clinic.programName,
    });
    await store.appendConsent(
      { subscriberId, channel, action: 'confirmed', textVersion: d.version, textHash: d.hash, at: now.toISOString(), source },
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
  await enrollSubscriber(deps, subscriberId, deps.settings.defaultSequenceId);
  return moved ? 'confirmed' : 'already';
};

/** Confirms the email channel from a signed link (`GET /api/confirm?token=…`). */
export const confirmEmailLink = async (deps: DomainContext, token: unknown) => {
  const claims = deps.tokens.verify(token, 'confirm', deps.clock.now());
  if (claims.c !== 'email') throw new TokenInvalid();
  return confirmChannel(deps, claims.s, 'email', 'email-link');
};
