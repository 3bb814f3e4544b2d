/**
 * The checks made at send time, every time (E3, E7, S2, S6, R5): a job queued before an
 * opt-out is refused here, after the outbox claim and right before the provider call.
 */
import type { DomainContext } from '../core/domainContext.js';
import { isAddressSuppressed } from '../identity/addressLookup.js';
import type { Channel, ConsentRecord, Subscriber, SystemTemplate } from '../core/model.js';

export type GateResult = { ok: true } | { ok: false; reason: string };

const addressOf = (s: Subscriber, channel: Channel) => (channel === 'email' ? s.email : s.phone);
const statusOf = (s: Subscriber, channel: Channel) => (channel === 'email' ? s.emailStatus : s.smsStatus);

/** Consent on file and not revoked since (E7, S1). */
export const hasStandingConsent = (records: ConsentRecord[], channel: Channel): boolean => {
  const mine = records.filter((r) => r.channel === channel).sort((a, b) => a.at.localeCompare(b.at));
  const granted = mine.some((r) => r.action === 'granted');
  const last = mine.at(-1);
  return granted && last !== undefined && last.action !== 'revoked';
};

/** Drip steps: confirmed channel, standing consent, not suppressed. */
export const checkMarketingGate = async (deps: DomainContext, s: Subscriber | undefined, channel: Channel): Promise<GateResult> => {
  if (!s) return { ok: false, reason: 'subscriber gone' };
  const address = addressOf(s, channel);
  if (!address) return { ok: false, reason: 'no address' };
  if (statusOf(s, channel) !== 'confirmed') return { ok: false, reason: `channel ${statusOf(s, channel)}` };
  if (await isAddressSuppressed(deps, channel, address)) return { ok: false, reason: 'suppressed' };
  if (!hasStandingConsent(await deps.store.listConsent(s.subscriberId), channel)) return { ok: false, reason: 'no consent record' };
  return { ok: true };
};

/** System messages: each has its own rule; a STOP confirmation goes even to an opted-out number (S5). */
export const checkSystemGate = async (
  deps: DomainContext,
  s: Subscriber | undefined,
  channel: Channel,
  template: SystemTemplate,
): Promise<GateResult> => {
  if (!s) return { ok: false, reason: 'subscriber gone' };
  const address = addressOf(s, channel);
  if (!address) return { ok: false, reason: 'no address' };
  if (template === 'stop-confirm' || template === 'help') return { ok: true };
  if (await isAddressSuppressed(deps, channel, address)) return { ok: false, reason: 'suppressed' };
  const status = statusOf(s, channel);
  if (template === 'confirm-email' || template === 'optin-confirm') {
    return status === 'pending' ? { ok: true } : { ok: false, reason: `channel ${status}` };
  }
  return status === 'confirmed' ? { ok: true } : { ok: false, reason: `channel ${status}` };
};
