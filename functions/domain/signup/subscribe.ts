/**
 * Patient signup with double opt-in (S1, S2, W2–W4; issue 11).
 *
 * A signup never changes who owns what: each address typed is looked up by its identity
 * (AddressHasher); addresses nobody owns become one new pending profile, and an address that
 * already belongs to a profile only re-asks that address to confirm. A signup never attaches an
 * address to, or replaces one on, an existing profile, and never writes to an existing
 * profile's consent ledger: the request is kept beside it (`putSignupRequest`) and enters the
 * ledger only when the address itself confirms. The answer the caller sees is the same for a
 * new, existing, confirmed or suppressed address (W4): nothing here tells what the list holds.
 */
import { randomUUID } from 'node:crypto';
import { retention } from '../../contract/table.js';
import { consentDisclosure } from './consentDisclosure.js';
import { consentEvidence } from './consentEvidence.js';
import type { DomainContext } from '../core/domainContext.js';
import { FormExpired, FormTooFast } from '../core/errors.js';
import { acceptFormToken } from './formTimeTrap.js';
import { admitConfirmation } from './confirmationCeilings.js';
import { findOwnerOfAddress, isAddressSuppressed } from '../identity/addressLookup.js';
import type { Channel, ConsentRecord, SendJob, Subscriber } from '../core/model.js';
import { strictStateOfPhone } from './phoneState.js';
import { systemSendId } from '../core/sendIds.js';
import type { SignupRequest } from './SignupForm.js';

/** Confirmation messages per address per UTC day (W3). */
export const CONFIRMATION_CAP_PER_DAY = 3;
/**
 * A repeat of the same signup request for an address within this many seconds (double click,
 * refresh) sends nothing more. The slot is per request generation (the channel's requested-at), so
 * a re-subscription after an opt-out always sends its own confirmation (issue 11).
 */
export const CONFIRMATION_RESEND_SECONDS = 10 * 60;

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  pageUrl?: string;
}

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

interface ChannelAsk {
  channel: Channel;
  address: string;
  hash: string;
}

/**
 * Records a signup and queues the confirmations it calls for. Every post must carry a live form
 * token, JSON as well as form (issue 12: required and single use).
 * @throws FormExpired when the form token is expired or missing; nothing written.
 * @throws FormTooFast when the form came back sooner than MIN_FILL_SECONDS (autofill); nothing written.
 */
export const subscribe = async (deps: DomainContext, req: SignupRequest, meta: RequestMeta): Promise<void> => {
  // W2: a filled honeypot, a forged or a replayed token get the same answer as everyone and write nothing.
  if (req.honeypotFilled) return;
  const verdict = await acceptFormToken(deps, req.formToken, deps.clock.now());
  if (verdict === 'forged' || verdict === 'replayed') return;
  if (verdict === 'too-fast') throw new FormTooFast();
  if (verdict === 'expired') throw new FormExpired();
  await recordSignup(deps, req, meta);
};

/** The signup itself, once its form token was accepted. */
const recordSignup = async (deps: DomainContext, req: SignupRequest, meta: RequestMeta): Promise<void> => {
  const { store, hasher, clock } = deps;
  const now = clock.now();
  const asks: ChannelAsk[] = [];
  if (req.email) asks.push({ channel: 'email', address: req.email, hash: hasher.hash('email', req.email) });
  if (req.phone) asks.push({ channel: 'sms', address: req.phone, hash: hasher.hash('sms', req.phone) });

  const owned: { ask: ChannelAsk; owner: string }[] = [];
  const unowned: ChannelAsk[] = [];
  for (const ask of asks) {
    const owner = await findOwnerOfAddress(deps, ask.channel, ask.address, now);
    if (owner) owned.push({ ask, owner });
    else unowned.push(ask);
  }

  const jobs: SendJob[] = [];
  if (unowned.length > 0) {
    const created = await createPendingProfile(deps, req, unowned, now);
    // Lost a race with a concurrent identical signup: the winner's rows stand, so run again as "existing".
    if (!created) return recordSignup(deps, req, meta);
    for (const ask of unowned) {
      await store.appendConsent(consentGrant(deps, created, ask.channel, req, meta, now), randomUUID());
      const job = await confirmationJob(deps, created, ask, now.toISOString(), now);
      if (job) jobs.push(job);
    }
  }
  for (const { ask, owner } of owned) {
    const job = await reaskOwner(deps, owner, ask, req, meta, now);
    if (job) jobs.push(job);
  }
  if (jobs.length) await deps.queue.enqueue(jobs);
};

/** A new profile holding only addresses nobody owns; undefined when one of them was taken meanwhile. */
const createPendingProfile = async (deps: DomainContext, req: SignupRequest, asks: ChannelAsk[], now: Date): Promise<string | undefined> => {
  const subscriberId = randomUUID();
  const email = asks.find((a) => a.channel === 'email')?.address;
  const phone = asks.find((a) => a.channel === 'sms')?.address;
  const state = phone ? strictStateOfPhone(phone) : undefined;
  const fresh: Subscriber = {
    subscriberId,
    ...(email ? { email, emailRequestedAt: now.toISOString() } : {}),
    ...(phone ? { phone, smsRequestedAt: now.toISOString() } : {}),
    ...(req.firstName ? { firstName: req.firstName } : {}),
    ...(state ? { phoneState: state } : {}),
    language: req.language,
    timezone: req.timezone,
    timezoneSource: req.timezoneSource,
    ...(phone && req.smsZones ? { smsZones: req.smsZones } : {}),
    emailStatus: email ? 'pending' : 'none',
    smsStatus: phone ? 'pending' : 'none',
    createdAt: now.toISOString(),
    expiresAt: epoch(now) + retention.unconfirmedSignupSeconds,
  };
  const created = await deps.store.createSubscriber(fresh, asks.map((a) => ({ channel: a.channel, addressHash: a.hash })), now);
  return created ? subscriberId : undefined;
};

/** The consent given on the form, as a ledger row (S1): exact text version and hash, time, IP, user agent, page. */
const consentGrant = (deps: DomainContext, subscriberId: string, channel: Channel, req: SignupRequest, meta: RequestMeta, now: Date): ConsentRecord => {
  const disclosure = consentDisclosure(channel, req.language, {
    clinicName: deps.settings.clinic.name,
    programName: deps.settings.clinic.programName,
  });
  return {
    subscriberId,
    channel,
    action: 'granted',
    textVersion: disclosure.version,
    textHash: disclosure.hash,
    at: now.toISOString(),
    ...consentEvidence(meta),
    ...(meta.pageUrl ? { pageUrl: meta.pageUrl.slice(0, 1024) } : {}),
    source: 'signup-form',
  };
};

/**
 * An address that already belongs to a profile: nothing on the profile changes except that a
 * channel the person had left (unsubscribed) goes back to pending, and only the address itself
 * is asked to confirm. Confirmed and suppressed addresses get nothing (a STOP-ed number must
 * text START itself: carriers require it, S13).
 */
const reaskOwner = async (deps: DomainContext, owner: string, ask: ChannelAsk, req: SignupRequest, meta: RequestMeta, now: Date): Promise<SendJob | undefined> => {
  const { store } = deps;
  if (await isAddressSuppressed(deps, ask.channel, ask.address)) return undefined;
  const subscriber = await store.getSubscriber(owner, now);
  if (!subscriber || subscriber.deletedAt) return undefined;
  const onFile = ask.channel === 'email' ? subscriber.email : subscriber.phone;
  if (!onFile || deps.hasher.hash(ask.channel, onFile) !== ask.hash) return undefined;
  const status = ask.channel === 'email' ? subscriber.emailStatus : subscriber.smsStatus;
  if (status !== 'pending' && status !== 'unsubscribed') return undefined;
  await store.putSignupRequest(consentGrant(deps, owner, ask.channel, req, meta, now), epoch(now) + retention.unconfirmedSignupSeconds);
  const requestedAtField = ask.channel === 'email' ? 'emailRequestedAt' : 'smsRequestedAt';
  if (status === 'unsubscribed') {
    // A concurrent copy of this request (double click) moved the channel first: that one sends.
    if (!(await store.transitionChannel(owner, ask.channel, ['unsubscribed'], 'pending', false))) return undefined;
    // A new request generation: links sent before it no longer confirm (a kept link cannot confirm a later re-subscription).
    await store.updateSubscriber(owner, { [requestedAtField]: now.toISOString() });
    return confirmationJob(deps, owner, ask, now.toISOString(), now);
  }
  return confirmationJob(deps, owner, ask, subscriber[requestedAtField] ?? subscriber.createdAt, now);
};

/**
 * The confirmation message for one address, unless one just went for the same request generation
 * (`requestedAt`: a double click) or today's cap is reached (W3).
 */
const confirmationJob = async (deps: DomainContext, subscriberId: string, ask: ChannelAsk, requestedAt: string, now: Date): Promise<SendJob | undefined> => {
  const { store } = deps;
  if (!(await store.claimConfirmationSlot(`${ask.hash}#${requestedAt}`, epoch(now) + CONFIRMATION_RESEND_SECONDS, now, randomUUID()))) return undefined;
  const day = now.toISOString().slice(0, 10);
  const allowed = await store.countConfirmationSend(ask.hash, day, CONFIRMATION_CAP_PER_DAY, epoch(now) + retention.confirmationCounterSeconds);
  if (!allowed) return undefined;
  if (!(await admitConfirmation(deps, ask.channel, ask.address, now))) return undefined;
  const template = ask.channel === 'email' ? 'confirm-email' : 'optin-confirm';
  return {
    kind: 'system',
    sendId: systemSendId(subscriberId, template, `${ask.channel}:${now.toISOString()}`),
    subscriberId,
    channel: ask.channel,
    template,
  };
};
