/**
 * The dispatcher's broadcast pass (same Lambda, same minute, after the drip's dispatchDue).
 *
 * A broadcast whose start has come is leased and its audience expanded: the sequence
 * membership rows are paged (Queries on sharded partitions, never a Scan), each member is read
 * once and, when they match the audience (audience.ts: the same rule as the count staff saw),
 * gets a recipient row in the due index, due at once for email and at the next
 * opening of their SMS quiet hours for a text (S8). The walk stops after a budget per run and
 * resumes from its cursor the next minute. Due recipients become send jobs with
 * `sendId = hash(broadcast, subscriber)`, so a re-dispatch never sends twice (R3).
 *
 * Paced to the send rate (issue 15): a pass queues at most one pass interval of what the
 * provider accepts per channel (`settings.sendRates`). Recipients are queued with a 15-minute
 * lease; had a pass queued 5,000 emails while SES sends 840 a minute, the backlog's leases would
 * run out in the queue and the lost-job recovery would queue them all again (the outbox claim
 * kept one send each, but every extra job is a Lambda run and DynamoDB requests). Queued at the
 * send rate, a job waits about one pass in the queue, far inside its lease.
 */
import { createHash } from 'node:crypto';
import pMap from 'p-map';
import { BROADCAST_DUE_SHARDS } from '../../contract/table.js';
import type { Broadcast, BroadcastWork } from '../ports/staff/broadcasts.js';
import { type AudienceCursor, audienceSequences, walkAudiencePage } from './audience.js';
import type { DomainContext } from '../core/domainContext.js';
import type { Channel, SendJob, SendWindow, Subscriber } from '../core/model.js';
import type { Settings } from '../core/domainContext.js';
import { currentClosedDays } from '../clinic/clinicProfile.js';
import type { IsClosed } from '../scheduling/clinicCalendar.js';
import { dailyWindow, nextOpeningInZones, windowZones } from '../scheduling/sendWindows.js';

/** How long (ms) a dispatcher holds a leased broadcast or recipient before another may take it. */
export const BROADCAST_LEASE_MS = 15 * 60_000;
/** Members read per dispatcher run per broadcast; the rest waits a minute. */
export const EXPANSION_BUDGET = 5_000;
/** How often the dispatcher runs (its EventBridge schedule): a pass queues at most this long of sending. */
export const PASS_INTERVAL_MS = 60_000;

/** Broadcast jobs one pass may still queue, per channel: a pass interval of the provider's rate (no limit when the rate is unset). */
export type PassBudget = Record<Channel, number>;

export const passBudget = (settings: Pick<Settings, 'sendRates'>): PassBudget => {
  const of = (rate: number | undefined) => (rate ? Math.max(1, Math.floor((rate * PASS_INTERVAL_MS) / 1000)) : Number.POSITIVE_INFINITY);
  return { email: of(settings.sendRates?.email), sms: of(settings.sendRates?.sms) };
};
const PAGE = 100;

/** Texts: any day, federal calling hours, narrowed by state rules in dailyWindow (S8). */
export const BROADCAST_SMS_WINDOW: SendWindow = { days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '21:00' };

/** The sendId of one broadcast recipient: a hash of (broadcast, subscriber), so a re-dispatch reuses the outbox row (R3). */
export const broadcastSendId = (broadcastId: string, subscriberId: string): string =>
  createHash('sha256').update(['broadcast', broadcastId, subscriberId].join('\u0000')).digest('base64url').slice(0, 32);

/** Emails: any hour of any day the clinic is open. */
const BROADCAST_EMAIL_WINDOW: SendWindow = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };

/** When a text to `s` may go, at or after `from`: texting hours (S8) on a day the clinic is open (issue 14). */
export const smsOpeningFor = (s: Subscriber, from: Date, isClosed?: IsClosed): Date =>
  nextOpeningInZones(from, windowZones('sms', s.timezone, s.smsZones), dailyWindow(BROADCAST_SMS_WINDOW, 'sms', s.phoneState, isClosed));

/** When a broadcast message on `channel` may go to `s`, at or after `from`: never on the clinic's closed days in the recipient's zone. */
export const broadcastOpeningFor = (s: Subscriber, channel: 'email' | 'sms', from: Date, isClosed?: IsClosed): Date =>
  channel === 'sms' ? smsOpeningFor(s, from, isClosed) : nextOpeningInZones(from, [s.timezone], dailyWindow(BROADCAST_EMAIL_WINDOW, 'email', undefined, isClosed));

/** Recipient rows written in parallel per page of members (conditional puts on distinct items). */
const RECIPIENT_WRITES_IN_FLIGHT = 10;

/**
 * Walks the audience from the broadcast's cursor (audience.ts), a budget of members per run, a
 * page at a time (memory stays one page, whatever the audience size); returns how many jobs it queued.
 */
const expand = async (deps: DomainContext, b: Broadcast, leaseUntil: string, budget: PassBudget): Promise<number> => {
  const { store, clock } = deps;
  const sequenceIds = await audienceSequences(deps, b.audience);
  let cursor: AudienceCursor | undefined = b.cursor ? (JSON.parse(b.cursor) as AudienceCursor) : { seq: 0, shard: 0 };
  let recipients = b.recipients;
  let read = 0;
  let queued = 0;
  const isClosed = await currentClosedDays(deps);
  while (cursor) {
    if (read >= EXPANSION_BUDGET || budget[b.audience.channel] <= 0) {
      // Continue next minute from here.
      await store.saveBroadcastProgress(b.broadcastId, { status: 'expanding', recipients, cursor: JSON.stringify(cursor) }, new Date(clock.now().getTime() + 60_000).toISOString());
      return queued;
    }
    // A page no larger than what the pass may still queue (a member who does not match costs a read, not a send).
    cursor = await walkAudiencePage(deps, b.audience, sequenceIds, cursor, async (matched, pageRead) => {
      read += pageRead;
      const now = clock.now();
      const jobs = await pMap(
        matched,
        async (s): Promise<SendJob | undefined> => {
          // Due now: written already leased and queued at once (no second pass, no lease write). If the
          // job is lost, the lease runs out and the dispatcher queues it again; the outbox claim keeps one send.
          const opening = broadcastOpeningFor(s, b.audience.channel, now, isClosed);
          const dueNow = opening.getTime() <= now.getTime();
          const dueAt = dueNow ? leaseUntil : opening.toISOString();
          if (!(await store.putBroadcastRecipient({ broadcastId: b.broadcastId, subscriberId: s.subscriberId, state: 'pending', dueAt, updatedAt: now.toISOString() }))) return undefined;
          recipients++;
          return dueNow ? { kind: 'broadcast', sendId: broadcastSendId(b.broadcastId, s.subscriberId), subscriberId: s.subscriberId, broadcastId: b.broadcastId } : undefined;
        },
        { concurrency: RECIPIENT_WRITES_IN_FLIGHT },
      );
      const due = jobs.filter((j): j is SendJob => j !== undefined);
      if (due.length) await deps.queue.enqueue(due);
      queued += due.length;
      budget[b.audience.channel] -= due.length;
    }, budget[b.audience.channel]);
    if (cursor) await store.saveBroadcastProgress(b.broadcastId, { status: 'expanding', recipients, cursor: JSON.stringify(cursor) }, leaseUntil);
  }
  await store.saveBroadcastProgress(b.broadcastId, { status: 'queued', recipients }, undefined);
  return queued;
};

/** What one pass did: broadcasts expanded, recipients added, jobs queued. */
export interface BroadcastDispatchReport {
  expanded: number;
  dispatched: number;
  contended: number;
}

/**
 * One dispatcher pass over the broadcast partitions of the due index: expands started
 * broadcasts (at most EXPANSION_BUDGET members each) and queues due recipients as `broadcast` jobs.
 * Safe to run concurrently: every item is leased with a conditional write first.
 */
export const dispatchBroadcasts = async (deps: DomainContext): Promise<BroadcastDispatchReport> => {
  const { store, clock, queue } = deps;
  const now = clock.now();
  const leaseUntil = new Date(now.getTime() + BROADCAST_LEASE_MS).toISOString();
  const report: BroadcastDispatchReport = { expanded: 0, dispatched: 0, contended: 0 };
  const budget = passBudget(deps.settings);
  // A recipient's channel is its broadcast's: read once per broadcast per pass.
  const channels = new Map<string, Promise<Channel | undefined>>();
  const channelOf = (broadcastId: string) => {
    let c = channels.get(broadcastId);
    if (!c) channels.set(broadcastId, (c = store.getBroadcast(broadcastId).then((b) => b?.audience.channel)));
    return c;
  };
  for (let shard = 0; shard < BROADCAST_DUE_SHARDS; shard++) {
    let spent = false;
    for (let pages = 0; pages < 50 && !spent; pages++) {
      const work: BroadcastWork[] = await store.listDueBroadcastWork(shard, now, PAGE);
      if (work.length === 0) break;
      const jobs: SendJob[] = [];
      for (const w of work) {
        const channel = w.kind === 'recipient' ? await channelOf(w.recipient.broadcastId) : undefined;
        if (channel && budget[channel] <= 0) {
          // This pass has queued a minute of sending on that channel: the rest stays due for the next pass.
          spent = true;
          continue;
        }
        if (!(await store.leaseBroadcastWork(w, leaseUntil))) {
          report.contended++;
          continue;
        }
        if (w.kind === 'broadcast') {
          report.dispatched += await expand(deps, w.broadcast, leaseUntil, budget);
          report.expanded++;
        } else {
          const { broadcastId, subscriberId } = w.recipient;
          jobs.push({ kind: 'broadcast', sendId: broadcastSendId(broadcastId, subscriberId), subscriberId, broadcastId });
          if (channel) budget[channel]--;
        }
      }
      if (jobs.length) await queue.enqueue(jobs);
      report.dispatched += jobs.length;
      if (work.length < PAGE) break;
    }
  }
  return report;
};
