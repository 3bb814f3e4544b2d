/**
 * The dispatcher: finds enrollments due now through the sharded due index (never a Scan) and
 * hands one job per due step to the send queue. Cost follows what is due, not the list size.
 *
 * Each enrollment is leased first (its due time pushed ahead by a conditional write), so two
 * dispatchers running at once queue a step once; if a job is lost after the lease, the lease
 * expires and the step is dispatched again, and the outbox claim keeps that from sending twice.
 * Within a shard, a page's leases go out in parallel, at most `leaseConcurrency` at a time
 * (issue 15): each is a conditional write on its own item, so their order does not matter.
 */
import pMap from 'p-map';
import { DUE_SHARDS } from '../../contract/table.js';
import type { DomainContext } from '../core/domainContext.js';
import type { SendJob } from '../core/model.js';
import { stepSendId } from '../core/sendIds.js';
import { stepsOf } from './stepsOf.js';

/** How long a dispatched step waits for its worker before it is dispatched again. */
export const DISPATCH_LEASE_MS = 15 * 60_000;
const PAGE = 100;
/** Conditional lease writes in flight per shard (8 shards: 80 at most per dispatcher run). */
export const LEASE_CONCURRENCY = 10;

export interface DispatchReport {
  dispatched: number;
  contended: number;
}

export interface DispatchOptions {
  /** Due items taken per shard per run. */
  maxPerShard?: number;
  /** Lease writes in flight per shard; 1 leases one after another (before issue 15). */
  leaseConcurrency?: number;
}

export const dispatchDue = async (deps: DomainContext, opts: DispatchOptions = {}): Promise<DispatchReport> => {
  const maxPerShard = opts.maxPerShard ?? 1000;
  const concurrency = opts.leaseConcurrency ?? LEASE_CONCURRENCY;
  const { store, clock, queue } = deps;
  const now = clock.now();
  const leaseUntil = new Date(now.getTime() + DISPATCH_LEASE_MS).toISOString();
  const report: DispatchReport = { dispatched: 0, contended: 0 };
  // Paused sequences (staff console, issue 6): their due enrollments are parked, not dispatched.
  const pausedBySequence = new Map<string, Promise<boolean>>();
  const isPaused = (sequenceId: string) => {
    let p = pausedBySequence.get(sequenceId);
    if (!p) pausedBySequence.set(sequenceId, (p = deps.sequences.head(sequenceId).then((h) => h?.paused === true)));
    return p;
  };
  await Promise.all(
    Array.from({ length: DUE_SHARDS }, async (_, shard) => {
      let taken = 0;
      while (taken < maxPerShard) {
        const due = await store.listDue(shard, now, PAGE);
        if (due.length === 0) break;
        const leased = await pMap(
          due,
          async (e): Promise<SendJob | undefined> => {
            // The version's steps, cached per process: the due item carries no copy of them.
            const step = (await stepsOf(deps, e))[e.nextStepIndex];
            if (!step) return undefined;
            if (await isPaused(e.sequenceId)) {
              await store.parkEnrollment(e, now.toISOString());
              return undefined;
            }
            if (!(await store.leaseDue(e, leaseUntil))) {
              report.contended++;
              return undefined;
            }
            return {
              kind: 'step',
              sendId: stepSendId(e.enrollmentId, step.id, e.run),
              subscriberId: e.subscriberId,
              sequenceId: e.sequenceId,
              stepIndex: e.nextStepIndex,
              stepId: step.id,
            };
          },
          { concurrency },
        );
        const jobs = leased.filter((j): j is SendJob => j !== undefined);
        if (jobs.length) await queue.enqueue(jobs);
        taken += due.length;
        report.dispatched += jobs.length;
        if (due.length < PAGE) break;
      }
    }),
  );
  return report;
};
