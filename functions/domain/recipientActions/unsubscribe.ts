/**
 * Opting out from a link (E3, E5, E10, S7): the one-click POST and the preferences page.
 *
 * A channel that is pending or confirmed moves to `unsubscribed` and the consent ledger gets a
 * `revoked` row; the send-time gate (sendGates.ts) then refuses every job already queued. A
 * repeat changes nothing (idempotent). An SMS opt-out made on the web gets the same single
 * confirmation text as a STOP reply (S5). The enrollment stays: a later re-opt-in resumes it.
 */
import { randomUUID } from 'node:crypto';
import { consentDisclosure } from '../signup/consentDisclosure.js';
import type { DomainContext } from '../core/domainContext.js';
import { TokenInvalid } from '../core/errors.js';
import type { Channel, Subscriber } from '../core/model.js';
import { recordStepEvent } from './recordStepEvent.js';
import { systemSendId } from '../core/sendIds.js';

/** What an unsubscribe link names: who, which channel, and the step whose message carried it. */
export interface UnsubscribeLink {
  subscriberId: string;
  channel: Channel;
  sequenceId?: string;
  stepId?: string;
}

/**
 * Verifies an unsubscribe/preferences token (W9): TokenInvalid for anything wrong with it. The
 * subscriber is absent when the profile is gone (an unconfirmed signup that expired).
 */
export const readUnsubscribeLink = async (deps: DomainContext, token: unknown): Promise<{ link: UnsubscribeLink; subscriber?: Subscriber }> => {
  const claims = deps.tokens.verify(token, 'unsub', deps.clock.now());
  if (claims.c !== 'email' && claims.c !== 'sms') throw new TokenInvalid();
  const subscriber = await deps.store.getSubscriber(claims.s, deps.clock.now());
  return {
    link: { subscriberId: claims.s, channel: claims.c, ...(claims.q && claims.k ? { sequenceId: claims.q, stepId: claims.k } : {}) },
    ...(subscriber ? { subscriber } : {}),
  };
};

const statusOf = (s: Subscriber, channel: Channel) => (channel === 'email' ? s.emailStatus : s.smsStatus);

/** Appends a `revoked` row to the consent ledger (S10: append-only). */
export const recordRevocation = async (deps: DomainContext, s: Subscriber, channel: Channel, source: string): Promise<void> => {
  const d = consentDisclosure(channel, s.language, { clinicName: deps.settings.clinic.name, programName: deps.settings.clinic.programName });
  await deps.store.appendConsent(
    { subscriberId: s.subscriberId, channel, action: 'revoked', textVersion: d.version, textHash: d.hash, at: deps.clock.now().toISOString(), source },
    randomUUID(),
  );
};

/** Unsubscribes `channels`; returns the ones that actually changed. */
export const unsubscribe = async (deps: DomainContext, link: UnsubscribeLink, channels: Channel[], source: string): Promise<Channel[]> => {
  const { store, clock } = deps;
  const subscriber = await store.getSubscriber(link.subscriberId, clock.now());
  if (!subscriber) return []; // nothing left to send to: the wish already holds
  const moved: Channel[] = [];
  for (const channel of channels) {
    if (!['pending', 'confirmed'].includes(statusOf(subscriber, channel))) continue;
    if (!(await store.transitionChannel(subscriber.subscriberId, channel, ['pending', 'confirmed'], 'unsubscribed', false))) continue;
    moved.push(channel);
    await recordRevocation(deps, subscriber, channel, source);
    await recordStepEvent(deps, {
      eventId: randomUUID(),
      kind: 'unsubscribed',
      at: clock.now().toISOString(),
      subscriberId: subscriber.subscriberId,
      channel,
      ...(link.sequenceId && link.stepId && channel === link.channel ? { sequenceId: link.sequenceId, stepId: link.stepId } : {}),
      detail: source,
    });
  }
  if (moved.includes('sms')) {
    const now = clock.now().toISOString();
    await deps.queue.enqueue([
      { kind: 'system', sendId: systemSendId(subscriber.subscriberId, 'stop-confirm', `web:${now}`), subscriberId: subscriber.subscriberId, channel: 'sms', template: 'stop-confirm' },
    ]);
  }
  return moved;
};
