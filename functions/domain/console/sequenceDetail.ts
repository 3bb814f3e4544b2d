/** What the console shows about one sequence, and the results of a sequence or of the broadcasts. */
import { BROADCAST_SEQUENCE_ID } from '../results/countStepEvent.js';
import type { SequenceHead, SequenceVersion } from '../ports/sending/sequenceVersions.js';
import type { DomainContext } from '../core/domainContext.js';
import { NotFound } from '../core/errors.js';
import type { SequenceDefinition } from '../scheduling/SequenceDefinition.js';
import { type SequenceResults, sequenceResults } from '../results/sequenceResults.js';

/** A sequence's run state (head), its current definition and its versions (without definitions). */
export interface SequenceDetail {
  head: SequenceHead;
  definition: SequenceDefinition;
  versions: Omit<SequenceVersion, 'definition'>[];
}

/** @throws NotFound for an unknown sequence. */
export const sequenceDetail = async (deps: DomainContext, sequenceId: string): Promise<SequenceDetail> => {
  const live = await deps.sequences.current(sequenceId);
  if (!live) throw new NotFound('sequence');
  const versions = (await deps.store.listSequenceVersions(sequenceId)).map(({ definition, ...v }) => v);
  return { head: live.head, definition: live.definition, versions };
};

/**
 * A sequence's results: per-step counters and rates, the funnel and per-day counters (clinic days).
 * @throws NotFound for an unknown sequence.
 */
export const resultsOfSequence = async (deps: DomainContext, sequenceId: string, days = 30): Promise<SequenceResults> => {
  if (sequenceId === BROADCAST_SEQUENCE_ID) return resultsOfBroadcasts(deps, days);
  const live = await deps.sequences.current(sequenceId);
  if (!live) throw new NotFound('sequence');
  const labels = live.definition.steps.map((s) => ({ stepId: s.id, label: s.id, channel: s.channel, template: s.template }));
  return sequenceResults(deps, sequenceId, live.definition.name, labels, days);
};

/** Broadcasts count as the steps of one pseudo-sequence, one step per broadcast. */
export const resultsOfBroadcasts = async (deps: DomainContext, days = 30): Promise<SequenceResults> => {
  const broadcasts = (await deps.store.listBroadcasts()).sort((a, b) => a.startAt.localeCompare(b.startAt));
  const labels = broadcasts.map((b) => ({ stepId: b.broadcastId, label: b.name, channel: b.audience.channel, template: b.template }));
  return sequenceResults(deps, BROADCAST_SEQUENCE_ID, 'Broadcasts', labels, days);
};

/**
 * One stored version of a sequence (its definition as staff saved it).
 * @throws NotFound when the sequence has no such version.
 */
export const sequenceVersion = async (deps: Pick<DomainContext, 'store'>, sequenceId: string, version: number): Promise<SequenceVersion> => {
  const v = await deps.store.getSequenceVersion(sequenceId, version);
  if (!v) throw new NotFound('version');
  return v;
};
