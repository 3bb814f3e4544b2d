/**
 * The steps an enrollment runs, from its immutable sequence version (issue 15): the enrollment
 * item stores only `sequenceId` + `sequenceVersion` and its own progress, not a copy of the steps,
 * so each lease and advance writes a few hundred bytes instead of ~4 KB (and a transactional
 * advance pays twice). Versions never change, so the catalog's per-process cache of version
 * definitions (sequenceCatalog.ts) means one read of a version per container, and the resolved
 * steps are kept per definition here.
 */
import type { DomainContext } from '../core/domainContext.js';
import type { Enrollment, EnrollmentStep } from '../core/model.js';
import { enrollmentSteps, type SequenceDefinition } from './SequenceDefinition.js';

const resolved = new WeakMap<SequenceDefinition, EnrollmentStep[]>();

/** An enrollment together with the steps of its version (what the scheduling functions work on). */
export type RunningEnrollment = Enrollment & { steps: EnrollmentStep[] };

/**
 * The steps of `e`'s version; an enrollment in the old stored shape runs on its own copy.
 * @throws Error when the version is missing (versions are never deleted: a broken store).
 */
export const stepsOf = async (deps: Pick<DomainContext, 'sequences'>, e: Pick<Enrollment, 'sequenceId' | 'sequenceVersion' | 'steps'>): Promise<EnrollmentStep[]> => {
  if (e.steps) return e.steps;
  const definition = await deps.sequences.version(e.sequenceId, e.sequenceVersion);
  if (!definition) throw new Error(`Sequence ${e.sequenceId} has no version ${e.sequenceVersion}`);
  let steps = resolved.get(definition);
  if (!steps) resolved.set(definition, (steps = enrollmentSteps(definition)));
  return steps;
};

/** `e` with its version's steps attached (not stored: adapters never write `steps`). */
export const running = async (deps: Pick<DomainContext, 'sequences'>, e: Enrollment): Promise<RunningEnrollment> => ({ ...e, steps: await stepsOf(deps, e) });
