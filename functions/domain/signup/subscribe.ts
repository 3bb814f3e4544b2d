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
import { FormExpired } from '../core/errors.js';
import { acceptFormToken } from './formTimeTrap.js';
import { admitConfirmation } from './confirmationCeilings.js';
import { findOwnerOfAddress, isAddressSuppressed } from '../identity/addressLookup.js';
import type { Channel, ConsentRecord, SendJob, Subscriber } from '../core/model.js';
import { strictStateOfPhone } from './phoneState.js';
import { systemSendId } from '../core/sendIds.js';
import type { SignupRequest } from './SignupForm.js';

/** Confirmation messages per address per UTC day (W3). */
export const CONFIRMATION_CAP_PER_DAY = 3;
/** A second signup for an address within this many seconds (double click, refresh) sends nothing more. */
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
 * Records a signup and queues the confirmations it calls for.
 * @param opts.formPost a browser form post: it must carry a live form token (else FormExpired, nothing written).
 * @throws FormExpired when the form token is expired, forged, or missing from a form post.
 */
export const subscribe = async (deps: DomainContext, req: SignupRequest, meta: RequestMeta, opts: { formPost?: boolean } = {}): Promise<void> => {
  const { store, hasher, clock } = deps;
  const now = clock.now();
  // W2: a filled honeypot or a form sent back faster than a person types gets the same answer and writes nothing.
  if (req.honeypotFilled) return;
  if (req.formToken !== undefined || opts.formPost) {
    const verdict = await acceptFormToken(deps, req.formToken, now);
    if (verdict === 'too-fast' || verdict === 'forged' || verdict === 'replayed') return;
    if (verdict === 'expired') throw new FormExpired();
  }
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
    if (!created) return subscribe(deps, { ...req, formToken: undefined } as SignupRequest, meta);
    for (const ask of unowned) {
      await store.appendConsent(consentGrant(deps, created, ask.channel, req, meta, now), randomUUID());
      const job = await confirmationJob(deps, created, ask, now);
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
  if (status === 'unsubscribed' && (await store.transitionChannel(owner, ask.channel, ['unsubscribed'], 'pending', false))) {
    // Links sent before this request no longer confirm (a kept link cannot confirm a later re-subscription).
    await store.updateSubscriber(owner, ask.channel === 'email' ? { emailRequestedAt: now.toISOString() } : { smsRequestedAt: now.toISOString() });
  }
  return confirmationJob(deps, owner, ask, now);
};

/** The confirmation message for one address, unless one just went (double click) or today's cap is reached (W3). */
const confirmationJob = async (deps: DomainContext, subscriberId: string, ask: ChannelAsk, now: Date): Promise<SendJob | undefined> => {
  const { store } = deps;
  if (!(await store.claimConfirmationSlot(ask.hash, epoch(now) + CONFIRMATION_RESEND_SECONDS, now))) return undefined;
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
