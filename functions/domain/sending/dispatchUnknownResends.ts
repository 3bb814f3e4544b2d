/**
 * The dispatcher's pass over UNKNOWN system and clinic messages (issue 16). These go through the
 * queue only: once their provider call was ambiguous nothing came back to them, and a patient
 * could miss a subscription confirmation or a booking confirmation for good. Such a row enters
 * the `due` index (`resendDueKeys`, partitions `RESEND#<n>`) in the same write that makes it
 * UNKNOWN, due at its resend time (`unknownResendAt`: the email or text wait), and keeps its job.
 *
 * Here, each due entry is leased (moved 15 minutes ahead, conditional on the row still being the
 * UNKNOWN row read) and its job queued again. The worker then runs the ordinary path: `claim`
 * settles the row SENT if a provider event or delivery record arrived meanwhile, or re-takes it
 * conditional on its unchanged `updatedAt` (one worker wins), and the send-time gates (consent,
 * suppression, the channel's status) run again before the provider call. A resend, or a
 * reconciliation, replaces the row and so removes the entry; a job lost after the lease is queued
 * again when the lease runs out.
 *
 * Why the index and not a delayed SQS message: the entry is written atomically with the UNKNOWN
 * state (no second step to lose), survives any worker crash, waits 72 hours for a text as cheaply
 * as 30 minutes for an email (SQS delays stop at 15 minutes: a text would need 288 hops, each a
 * Lambda run and a read), and costs two Queries per dispatcher run when nothing is due.
 */
import { RESEND_DUE_SHARDS } from '../../contract/table.js';
import type { DomainContext } from '../core/domainContext.js';
import type { SendJob } from '../core/model.js';
import { fateOfUnknown } from './outbox.js';

/** How long a queued resend waits for its worker before the dispatcher queues it again (as the drip's lease). */
export const RESEND_LEASE_MS = 15 * 60_000;
const PAGE = 100;

/** What one pass did: jobs queued again, entries another dispatcher held, entries dropped (never to be resent). */
export interface ResendDispatchReport {
  requeued: number;
  contended: number;
  dropped: number;
}

/**
 * Queues again every UNKNOWN queue-only message whose resend time has come (one page per
 * partition per run; the rest waits a minute). Safe to run concurrently: each entry is leased first.
 */
export const dispatchUnknownResends = async (deps: DomainContext): Promise<ResendDispatchReport> => {
  const { store, clock } = deps;
  const now = clock.now();
  const until = new Date(now.getTime() + RESEND_LEASE_MS).toISOString();
  const report: ResendDispatchReport = { requeued: 0, contended: 0, dropped: 0 };
  for (let shard = 0; shard < RESEND_DUE_SHARDS; shard++) {
    const jobs: SendJob[] = [];
    for (const row of await store.listDueResends(shard, now, PAGE)) {
      const fate = await fateOfUnknown(deps, row);
      // An SES event noted while the row was SENDING settled it; nothing to send.
      if (fate === 'sent') continue;
      // The wait was switched off or the provider calls are used up: at most once from here on.
      if (!row.requeue || fate === 'never') {
        await store.dropResend(row);
        report.dropped++;
        continue;
      }
      if (!(await store.leaseResend(row, until))) {
        report.contended++;
        continue;
      }
      jobs.push(row.requeue);
    }
    if (jobs.length) await deps.queue.enqueue(jobs);
    report.requeued += jobs.length;
  }
  return report;
};
