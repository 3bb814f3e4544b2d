/**
 * Patient signup with double opt-in (S1, S2, W2–W4).
 *
 * Writes the subscriber and consent ledger, then queues the confirmation message(s). The
 * outcome the caller sees is the same for a new, existing, confirmed or suppressed address
 * (W4): nothing here tells the requester what the list holds.
 */
import { randomUUID } from 'node:crypto';
import { retention } from '../contract/table.js';
import { consentDisclosure } from './ConsentDisclosure.js';
import type { Deps } from './Deps.js';
import type { Channel, SendJob, Subscriber } from './model.js';
import { strictStateOfPhone } from './phoneState.js';
import { acceptFormToken } from './formTimeTrap.js';
import { admitConfirmation } from './confirmationCeilings.js';
import type { SignupRequest } from './SignupForm.js';
import { systemSendId } from './sendIds.js';

/** Confirmation messages per address per UTC day (W3). */
export const CONFIRMATION_CAP_PER_DAY = 3;

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

export const subscribe = async (deps: Deps, req: SignupRequest, meta: RequestMeta): Promise<void> => {
  const { store, hasher, clock } = deps;
  const now = clock.now();
  // W2: a filled honeypot or a form sent back faster than a person types gets the same answer and writes nothing.
  if (req.honeypotFilled) return;
  if (req.formToken !== undefined && !(await acceptFormToken(deps, req.formToken, now))) return;
  const asks: ChannelAsk[] = [];
  if (req.email) asks.push({ channel: 'email', address: req.email, hash: hasher.hash('email', req.email) });
  if (req.phone) asks.push({ channel: 'sms', address: req.phone, hash: hasher.hash('sms', req.phone) });

  const owners = new Map<Channel, string | undefined>();
  for (const a of asks) owners.set(a.channel, await store.findSubscriberIdByAddress(a.channel, a.hash, now));
  const primary = owners.get('email') ?? owners.get('sms');
  const subscriberId = primary ?? randomUUID();
  const expiresAt = epoch(now) + retention.unconfirmedSignupSeconds;

  if (!primary) {
    const fresh: Subscriber = {
      subscriberId,
      ...(req.email ? { email: req.email } : {}),
      ...(req.phone ? { phone: req.phone } : {}),
      ...(req.firstName ? { firstName: req.firstName } : {}),
      ...(req.phone && strictStateOfPhone(req.phone) ? { phoneState: strictStateOfPhone(req.phone) as string } : {}),
      language: req.language,
      timezone: req.timezone,
      emailStatus: req.email ? 'pending' : 'none',
      smsStatus: req.phone ? 'pending' : 'none',
      createdAt: now.toISOString(),
      expiresAt,
    };
    const created = await store.createSubscriber(fresh, asks.map((a) => ({ channel: a.channel, addressHash: a.hash })), now);
    // Lost a race with a concurrent identical signup: the winner's rows stand, so run again as "existing".
    if (!created) return subscribe(deps, req, meta);
  }

  const jobs: SendJob[] = [];
  for (const a of asks) {
    const owner = owners.get(a.channel) ?? subscriberId;
    const job = await requestChannel(deps, owner, a, req, meta, now, expiresAt);
    if (job) jobs.push(job);
  }
  if (jobs.length) await deps.queue.enqueue(jobs);
};

/** Records consent for one channel and returns the confirmation job, if one should go out. */
const requestChannel = async (
  deps: Deps,
  subscriberId: string,
  ask: ChannelAsk,
  req: SignupRequest,
  meta: RequestMeta,
  now: Date,
  expiresAt: number,
): Promise<SendJob | undefined> => {
  const { store, settings } = deps;
  const disclosure = consentDisclosure(ask.channel, req.language, {
    clinicName: settings.clinic.name,
    programName: settings.clinic.programName,
  });
  await store.appendConsent(
    {
      subscriberId,
      channel: ask.channel,
      action: 'granted',
      textVersion: disclosure.version,
      textHash: disclosure.hash,
      at: now.toISOString(),
      ...(meta.ip ? { ip: meta.ip } : {}),
      ...(meta.userAgent ? { userAgent: meta.userAgent.slice(0, 512) } : {}),
      ...(meta.pageUrl ? { pageUrl: meta.pageUrl.slice(0, 1024) } : {}),
      source: 'signup-form',
    },
    randomUUID(),
  );
  if (await store.isSuppressed(ask.hash)) return undefined;

  const subscriber = await store.getSubscriber(subscriberId, now);
  if (!subscriber) return undefined;
  const status = ask.channel === 'email' ? subscriber.emailStatus : subscriber.smsStatus;
  if (status === 'confirmed' || status === 'suppressed') return undefined;

  // The address may be new to an existing subscriber (added phone) or re-subscribing after an opt-out.
  await store.claimContact(ask.channel, ask.hash, subscriberId, subscriber.emailStatus === 'confirmed' || subscriber.smsStatus === 'confirmed' ? undefined : expiresAt, now);
  await store.updateSubscriber(subscriberId, {
    ...(ask.channel === 'email' ? { email: ask.address, emailStatus: 'pending' } : { phone: ask.address, smsStatus: 'pending' }),
    ...(ask.channel === 'sms' && strictStateOfPhone(ask.address) ? { phoneState: strictStateOfPhone(ask.address) as string } : {}),
    ...(subscriber.firstName || !req.firstName ? {} : { firstName: req.firstName }),
  });

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
