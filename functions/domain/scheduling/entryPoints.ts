/**
 * Entry points: the ways into a sequence (today the one public signup form) and which sequence
 * each enrolls into. Staff choose it in the console; until they do, the deployment's
 * `defaultSequenceId` (CARECAST_DEFAULT_SEQUENCE, the shipped sequence) applies.
 */
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { EntryPoint } from '../ports/sending/sequenceVersions.js';
import type { DomainContext } from '../core/domainContext.js';
import { InvalidInput, NotFound } from '../core/errors.js';
import { recordAudit } from '../console/auditLog.js';

/** The entry points this deployment has: id, name and where it is. */
export const ENTRY_POINTS = [{ id: 'signup-form', name: 'Signup form', where: 'The public signup page (/subscribe) and POST /api/subscribe' }] as const;
export type EntryPointId = (typeof ENTRY_POINTS)[number]['id'];

/** The sequence entry point `id` enrolls into now: the staff's choice, else the deployment default. */
export const entryPointSequence = async (deps: DomainContext, id: EntryPointId): Promise<string> =>
  (await deps.store.getEntryPoint(id))?.sequenceId ?? deps.settings.defaultSequenceId;

/**
 * The sequence a confirmation from the signup form enrolls into: the one the person is already
 * active in (a second channel joins the series it started on, even if staff changed the entry
 * point since), else the signup form's sequence now.
 */
export const signupSequenceFor = async (deps: DomainContext, subscriberId: string): Promise<string> => {
  const latest = (await deps.store.listEnrollments(subscriberId)).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
  return latest?.status === 'active' ? latest.sequenceId : entryPointSequence(deps, 'signup-form');
};

export interface EntryPointView {
  id: string;
  /** `form`: a signup form (staff choose its sequence here); `broadcast`: a broadcast's *Then enroll recipients into*. */
  kind: 'form' | 'broadcast';
  name: string;
  where: string;
  sequenceId: string;
  /**
   * Whether it may still enroll people: always for a form; for a broadcast, while it has not been
   * sent yet (scheduled or being expanded). Archiving a sequence is refused while one such leads to it.
   */
  enrolling: boolean;
  /** Absent while the deployment default applies. */
  updatedAt?: string;
  updatedBy?: string;
}

/** Every entry point with the sequence it enrolls into. */
export const listEntryPoints = async (deps: DomainContext): Promise<EntryPointView[]> => {
  const stored = new Map((await deps.store.listEntryPoints()).map((e) => [e.entryPointId, e]));
  return ENTRY_POINTS.map((p) => {
    const e = stored.get(p.id);
    return { ...p, kind: 'form' as const, enrolling: true, sequenceId: e?.sequenceId ?? deps.settings.defaultSequenceId, ...(e ? { updatedAt: e.updatedAt, updatedBy: e.updatedBy } : {}) };
  });
};

/**
 * Why people cannot be enrolled into `sequenceId` from an entry point (signup form, broadcast),
 * or undefined when they can: it must exist and be published (a current version, not archived).
 */
export const enrollableSequenceProblem = async (deps: Pick<DomainContext, 'sequences'>, sequenceId: string): Promise<string | undefined> => {
  const head = await deps.sequences.head(sequenceId);
  if (!head) return 'No such sequence';
  if (head.archived) return 'This sequence is archived: restore it first';
  return undefined;
};

/**
 * Points entry point `id` at `sequenceId`; new enrollments from it go there, people already
 * enrolled stay where they are. Audited.
 * @throws NotFound for an unknown entry point; InvalidInput `{ sequenceId }` for a sequence that does not exist or is archived.
 */
export const setEntryPoint = async (deps: DomainContext, actor: StaffActor, id: string, sequenceId: string): Promise<EntryPoint> => {
  if (!ENTRY_POINTS.some((p) => p.id === id)) throw new NotFound('entry point');
  const problem = await enrollableSequenceProblem(deps, sequenceId);
  if (problem) throw new InvalidInput({ sequenceId: problem });
  const before = await entryPointSequence(deps, id as EntryPointId);
  const entryPoint: EntryPoint = { entryPointId: id, sequenceId, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.name };
  await deps.store.putEntryPoint(entryPoint);
  await recordAudit(deps, actor, 'entry-point.set', `entry-point:${id}`, { before: { sequenceId: before }, after: { sequenceId } });
  return entryPoint;
};
