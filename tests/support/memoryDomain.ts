/**
 * A DomainContext on in-memory adapters, for unit tests of the domain's rules without DynamoDB
 * Local: the memory Store, a manual clock, recording providers (programmable failures) and a
 * queue that keeps what was enqueued. The shipped sequences, templates and clinic are the real ones.
 */
import { randomBytes } from 'node:crypto';
import { createMemoryStore } from '../../functions/adapters/memory/createMemoryStore.js';
import { AddressHasher } from '../../functions/domain/core/AddressHasher.js';
import type { DomainContext } from '../../functions/domain/core/domainContext.js';
import { LinkTokens } from '../../functions/domain/core/LinkTokens.js';
import type { SendJob, Subscriber } from '../../functions/domain/core/model.js';
import { enrollmentIdOf, stepSendId } from '../../functions/domain/core/sendIds.js';
import type { Audience } from '../../functions/domain/ports/staff/broadcasts.js';
import { enrollSubscriber } from '../../functions/domain/scheduling/enrollSubscriber.js';
import { stepsOf } from '../../functions/domain/scheduling/stepsOf.js';
import type { OutgoingEmail, OutgoingText } from '../../functions/domain/ports/providers.js';
import { storedSequenceCatalog } from '../../functions/domain/scheduling/sequenceCatalog.js';
import { loadDefaultClinicProfile } from '../../functions/rendering/clinicProfile.js';
import { shippedSequences } from '../../functions/sequences.js';

/** What a recording provider does on its next calls: answer, or throw the given error. */
export type ProviderScript = (() => Error | undefined)[];

export const memoryDomain = (start = '2026-03-02T17:00:00.000Z') => {
  let now = new Date(start);
  const clock = { now: () => new Date(now.getTime()) };
  const emails: OutgoingEmail[] = [];
  const texts: OutgoingText[] = [];
  const queued: SendJob[] = [];
  const failNext: { email: ProviderScript; sms: ProviderScript } = { email: [], sms: [] };
  const memory = createMemoryStore({ statsTimeZone: 'America/Los_Angeles' });
  const clinic = loadDefaultClinicProfile();
  let n = 0;
  /** A provider's send: keeps the message, or throws what the script says for this call. */
  const recordingProvider =
    <M>(sink: M[], script: ProviderScript, prefix: string) =>
    async (message: M) => {
      const err = script.shift()?.();
      if (err) throw err;
      sink.push(message);
      return { providerMessageId: `${prefix}-${++n}` };
    };
  const ctx: DomainContext = {
    store: memory.store,
    clock,
    mailer: { send: recordingProvider(emails, failNext.email, 'ses') },
    texter: { send: recordingProvider(texts, failNext.sms, 'sns'), optIn: async () => true },
    queue: { enqueue: async (jobs) => void queued.push(...jobs) },
    tokens: new LinkTokens({ currentKeyId: 'k1', keys: { k1: randomBytes(32).toString('base64url') } }),
    hasher: new AddressHasher(randomBytes(32).toString('base64url')),
    sequences: storedSequenceCatalog(memory.store, shippedSequences(), clock.now),
    settings: {
      clinic,
      publicBaseUrl: 'https://clinic.example',
      fromAddress: 'Clinic <education@clinic.example>',
      defaultSequenceId: 'cervical-dystonia',
      bookingInbox: 'bookings@clinic.example',
      transientBounceLimit: 3,
    },
  };
  const domain = {
    ctx,
    memory,
    emails,
    texts,
    queued,
    failNext,
    /** Moves the manual clock forward by `ms` milliseconds. */
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    setNow: (iso: string) => {
      now = new Date(iso);
    },
    /** A confirmed subscriber on the given channels, with consent on file (what signup leaves behind). */
    confirmedSubscriber: async (over: Partial<Subscriber> = {}, channels: ('email' | 'sms')[] = ['email', 'sms']): Promise<Subscriber> => {
      const i = ++n;
      const s: Subscriber = {
        subscriberId: `sub-${i}`,
        email: `pat${i}@example.com`,
        phone: `+1714555${String(100 + i).padStart(4, '0')}`,
        language: 'en',
        timezone: 'America/Los_Angeles',
        emailStatus: channels.includes('email') ? 'confirmed' : 'none',
        smsStatus: channels.includes('sms') ? 'confirmed' : 'none',
        createdAt: clock.now().toISOString(),
        ...over,
      };
      const contacts = [
        ...(s.email ? [{ channel: 'email' as const, addressHash: ctx.hasher.hash('email', s.email) }] : []),
        ...(s.phone ? [{ channel: 'sms' as const, addressHash: ctx.hasher.hash('sms', s.phone) }] : []),
      ];
      await memory.store.createSubscriber(s, contacts, clock.now());
      for (const channel of channels) {
        await memory.store.appendConsent(
          { subscriberId: s.subscriberId, channel, action: 'granted', textVersion: 'v1', textHash: 'h', at: clock.now().toISOString(), source: 'test' },
          `c-${++n}`,
        );
      }
      return s;
    },
  };
  return {
    ...domain,
    /**
     * A confirmed subscriber (`over`, `channels` as confirmedSubscriber) enrolled in `sequenceId`,
     * the clock at their first step's due time, and that step's send job.
     */
    dueFirstStep: async (over: Partial<Subscriber> = {}, channels: ('email' | 'sms')[] = ['email'], sequenceId = 'cervical-dystonia') => {
      const s = await domain.confirmedSubscriber(over, channels);
      await enrollSubscriber(ctx, s.subscriberId, sequenceId);
      const e = await ctx.store.getEnrollment(s.subscriberId, sequenceId);
      if (!e?.dueAt) throw new Error('not enrolled');
      domain.setNow(e.dueAt);
      const step = (await stepsOf(ctx, e))[0];
      if (!step) throw new Error('no step');
      const job: SendJob = { kind: 'step', sendId: stepSendId(enrollmentIdOf(s.subscriberId, sequenceId), step.id), subscriberId: s.subscriberId, sequenceId, stepIndex: 0, stepId: step.id };
      return { s, job };
    },
    /** A broadcast of the shipped `treatment` message to `audience`, scheduled to start now (staff's 09:00 in Los Angeles). */
    broadcastNow: (broadcastId: string, audience: Audience) => {
      const at = clock.now().toISOString();
      return ctx.store.createBroadcast({
        broadcastId,
        name: 'Clinic news',
        template: 'treatment',
        audience,
        startAt: at,
        localStart: { date: at.slice(0, 10), time: '09:00', timeZone: 'America/Los_Angeles' },
        status: 'scheduled',
        createdAt: at,
        createdBy: 'test',
        recipients: 0,
      });
    },
  };
};
