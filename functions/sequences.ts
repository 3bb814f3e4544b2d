/**
 * The sequences shipped with this deployment, bundled from templates/sequences/ and
 * validated by the one schema at load time (a bad file fails the cold start loudly). Each is
 * version 1 of its sequence; the store keeps the versions staff add (domain/SequenceCatalog.ts).
 */
import cervicalDystonia from '../templates/sequences/cervical-dystonia.json' with { type: 'json' };
import { parseSequence, type SequenceDefinition } from './domain/scheduling/SequenceDefinition.js';

export const shippedSequences = (): SequenceDefinition[] => [
  parseSequence(cervicalDystonia, 'templates/sequences/cervical-dystonia.json'),
];
