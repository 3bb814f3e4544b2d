/**
 * Who a broadcast goes to (issue 14): one rule for the count staff see before scheduling and for
 * the expansion that then queues the recipients, so the two cannot disagree.
 *
 * The audience is walked, never loaded: sequence membership partitions are paged (Queries on
 * sharded partitions), each member is read once and tested. A person enrolled in several
 * sequences is counted under the first of them (sorted ids) only: they are skipped in a later
 * sequence when they are a member of an earlier one, with constant memory.
 *
 * Filters (all optional but the channel): language; confirmed on the channel (always); sequence;
 * enrollment status in it; step reached in it (the step was sent or passed); preferred location
 * (the location of the person's latest consultation request, the only place a patient names an
 * office); booked or not (has made a consultation request linked to their profile).
 */
import pMap from 'p-map';
import { DUE_SHARDS } from '../../contract/table.js';
import type { DomainContext } from '../core/domainContext.js';
import { InvalidInput } from '../core/errors.js';
import type { Subscriber } from '../core/model.js';
import type { Audience } from '../ports/staff/broadcasts.js';
import { currentClinicProfile } from '../clinic/clinicProfile.js';
import { stepsOf } from '../scheduling/stepsOf.js';

/** Where an audience walk stopped: sequence index, membership shard, last member id read. */
export interface AudienceCursor {
  seq: number;
  shard: number;
  after?: string;
}

const PAGE = 100;

/**
 * Checks an audience's references against what exists now.
 * @throws InvalidInput naming each unknown sequence (`sequenceId`), step (`stepId`), location (`locationId`), or a
 * sequence-only filter without a sequence (`status`, `stepId`).
 */
export const validateAudience = async (deps: DomainContext, a: Audience): Promise<void> => {
  const fields: Record<string, string> = {};
  if (a.status && !a.sequenceId) fields.status = 'Choose a sequence to filter by enrollment status';
  if (a.stepId && !a.sequenceId) fields.stepId = 'Choose a sequence to filter by the step reached';
  if (a.sequenceId) {
    const live = await deps.sequences.current(a.sequenceId);
    if (!live) fields.sequenceId = 'No such sequence';
    else if (a.stepId && !live.definition.steps.some((s) => s.id === a.stepId)) fields.stepId = `Sequence "${a.sequenceId}" has no step "${a.stepId}"`;
  }
  if (a.locationId && !(await currentClinicProfile(deps)).locations.some((l) => l.id === a.locationId)) fields.locationId = 'No such location';
  if (Object.keys(fields).length) throw new InvalidInput(fields);
};

/** The sequences whose members make up the audience, in walk order. */
export const audienceSequences = async (deps: DomainContext, a: Audience): Promise<string[]> =>
  a.sequenceId ? [a.sequenceId] : (await deps.store.listSequenceHeads()).map((h) => h.sequenceId).sort();

const enrollmentMatches = async (deps: DomainContext, a: Audience, subscriberId: string): Promise<boolean> => {
  if (!a.sequenceId || (!a.status && !a.stepId)) return true;
  const e = await deps.store.getEnrollment(subscriberId, a.sequenceId);
  if (!e || (a.status && e.status !== a.status)) return false;
  if (!a.stepId) return true;
  const index = (await stepsOf(deps, e)).findIndex((s) => s.id === a.stepId);
  return index >= 0 && (e.nextStepIndex > index || e.status === 'completed');
};

const bookingMatches = async (deps: DomainContext, a: Audience, subscriberId: string): Promise<boolean> => {
  if (a.booked === undefined && !a.locationId) return true;
  const bookings = await deps.store.listBookings(subscriberId);
  if (a.booked !== undefined && bookings.length > 0 !== a.booked) return false;
  if (!a.locationId) return true;
  const latest = bookings.reduce<(typeof bookings)[number] | undefined>((l, b) => (!l || b.at > l.at ? b : l), undefined);
  return latest?.locationId === a.locationId;
};

/**
 * Whether subscriber `s` (already read) is in audience `a`. `earlier` are the sequences walked
 * before this one: a member of any of them was already counted there. Reads only what a filter
 * needs (enrollments for sequence filters, bookings for location/booked).
 */
export const audienceMatch = async (deps: DomainContext, a: Audience, s: Subscriber | undefined, earlier: readonly string[]): Promise<boolean> => {
  if (!s) return false;
  const [address, status] = a.channel === 'email' ? [s.email, s.emailStatus] : [s.phone, s.smsStatus];
  if (!address || status !== 'confirmed') return false;
  if (a.language && s.language !== a.language) return false;
  for (const seq of earlier) if (await deps.store.getEnrollment(s.subscriberId, seq)) return false;
  if (!(await enrollmentMatches(deps, a, s.subscriberId))) return false;
  return bookingMatches(deps, a, s.subscriberId);
};

/** Members tested in parallel within a page (reads of distinct items). */
const MATCHES_IN_FLIGHT = 10;

/**
 * Reads one page of members from `cursor` (one Query, then one batch read of their profiles) and
 * hands the matching ones to `onPage`. Memory stays one page, whatever the audience size.
 * @returns the cursor after that page, or undefined when the walk is finished.
 */
export const walkAudiencePage = async (
  deps: DomainContext,
  a: Audience,
  sequenceIds: readonly string[],
  cursor: AudienceCursor,
  onPage: (matched: Subscriber[], read: number) => Promise<void>,
  pageSize = PAGE,
): Promise<AudienceCursor | undefined> => {
  if (cursor.seq >= sequenceIds.length) return undefined;
  const page = await deps.store.listSequenceMembers(sequenceIds[cursor.seq] as string, cursor.shard, Math.max(1, Math.min(PAGE, pageSize)), cursor.after);
  const earlier = sequenceIds.slice(0, cursor.seq);
  const profiles = await deps.store.getSubscribers(page.subscriberIds, deps.clock.now());
  const tested = await pMap(
    page.subscriberIds,
    async (id) => {
      const s = profiles.get(id);
      return (await audienceMatch(deps, a, s, earlier)) ? s : undefined;
    },
    { concurrency: MATCHES_IN_FLIGHT },
  );
  await onPage(tested.filter((s): s is Subscriber => s !== undefined), page.subscriberIds.length);
  const next: AudienceCursor = { ...cursor };
  if (page.next) next.after = page.next;
  else {
    delete next.after;
    next.shard++;
    if (next.shard >= DUE_SHARDS) {
      next.shard = 0;
      next.seq++;
    }
  }
  return next.seq < sequenceIds.length ? next : undefined;
};

/**
 * How many people a broadcast to `a` would queue now (the same walk and rule as its expansion);
 * also checks the audience's references.
 * @throws InvalidInput as validateAudience.
 */
export const countAudience = async (deps: DomainContext, a: Audience): Promise<number> => {
  await validateAudience(deps, a);
  const sequenceIds = await audienceSequences(deps, a);
  let count = 0;
  let cursor: AudienceCursor | undefined = { seq: 0, shard: 0 };
  while (cursor) {
    cursor = await walkAudiencePage(deps, a, sequenceIds, cursor, async (matched) => {
      count += matched.length;
    });
  }
  return count;
};
