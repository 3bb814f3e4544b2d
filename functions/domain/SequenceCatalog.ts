/** The sequences this deployment runs, by id. */
import type { SequenceDefinition } from './SequenceDefinition.js';

export interface SequenceCatalog {
  get(sequenceId: string): SequenceDefinition | undefined;
  list(): SequenceDefinition[];
}

export const sequenceCatalogOf = (sequences: SequenceDefinition[]): SequenceCatalog => {
  const byId = new Map(sequences.map((s) => [s.id, s]));
  return { get: (id) => byId.get(id), list: () => [...byId.values()] };
};
