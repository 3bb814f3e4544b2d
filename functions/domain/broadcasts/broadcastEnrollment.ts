/**
 * A broadcast as an entry point (issue 14): once a recipient has been sent the broadcast, they are
 * enrolled into the broadcast's `enrollInto` sequence. The send worker calls this before it
 * settles the recipient, so a retry after a crash in between enrolls them then; enrolling is
 * idempotent (one enrollment per person and sequence), so nobody is enrolled twice.
 */
import type { DomainContext } from '../core/domainContext.js';
import type { Broadcast } from '../ports/staff/broadcasts.js';
import { enrollSubscriber } from '../scheduling/enrollSubscriber.js';
import { enrollableSequenceProblem, type EntryPointView, listEntryPoints } from '../scheduling/entryPoints.js';
import { checkMarketingGate } from '../sending/sendGates.js';

export type BroadcastEnrollment = 'enrolled' | 'already' | 'no-consent' | 'not-enrollable' | 'none';

/**
 * Enrolls a recipient the broadcast was sent to into `broadcast.enrollInto`.
 * @returns `none` without `enrollInto`; `not-enrollable` when the sequence was archived meanwhile;
 *   `no-consent` when the person no longer passes the marketing gate on the broadcast's channel
 *   (consent withdrawn, suppressed: checked again here, not assumed from the send); `already` when
 *   they have (or had) an enrollment in that sequence, which is left as it is; else `enrolled`.
 */
export const enrollBroadcastRecipient = async (deps: DomainContext, broadcast: Broadcast, subscriberId: string): Promise<BroadcastEnrollment> => {
  if (!broadcast.enrollInto) return 'none';
  if (await enrollableSequenceProblem(deps, broadcast.enrollInto)) return 'not-enrollable';
  const subscriber = await deps.store.getSubscriber(subscriberId, deps.clock.now());
  if (!(await checkMarketingGate(deps, subscriber, broadcast.audience.channel)).ok) return 'no-consent';
  const outcome = await enrollSubscriber(deps, subscriberId, broadcast.enrollInto);
  return outcome === 'enrolled' ? 'enrolled' : 'already';
};

/** Broadcasts that enroll their recipients into a sequence, as entry points (cancelled ones left out). */
export const broadcastEntryPoints = async (deps: Pick<DomainContext, 'store'>): Promise<EntryPointView[]> =>
  (await deps.store.listBroadcasts())
    .filter((b) => b.enrollInto && b.status !== 'cancelled')
    .map((b) => ({
      id: `broadcast:${b.broadcastId}`,
      kind: 'broadcast' as const,
      name: `Broadcast “${b.name}”`,
      where: `People sent the broadcast of ${b.localStart.date} ${b.localStart.time} (${b.localStart.timeZone})`,
      sequenceId: b.enrollInto as string,
      // Not sent yet: `queued` means its recipients were queued (each is enrolled as it is sent).
      enrolling: b.status === 'scheduled' || b.status === 'expanding',
      updatedAt: b.createdAt,
      updatedBy: b.createdBy,
    }));

/**
 * Every entry point: the signup form(s) with their chosen sequence, then the broadcasts that enroll
 * their recipients. The one list the API (`GET /api/admin/entry-points`), the entry-points page,
 * the sequence page and the archive check read.
 */
export const everyEntryPoint = async (deps: DomainContext): Promise<EntryPointView[]> => [...(await listEntryPoints(deps)), ...(await broadcastEntryPoints(deps))];
