/**
 * The sequences shipped with this deployment, bundled from templates/sequences/ and
 * validated by the one schema at load time (a bad file fails the cold start loudly).
 */
import cervicalDystonia from '../templates/sequences/cervical-dystonia.json' with { type: 'json' };
import { parseSequence } from './domain/SequenceDefinition.js';
import { type SequenceCatalog, sequenceCatalogOf } from './domain/SequenceCatalog.js';

export const shippedSequences = (): SequenceCatalog =>
  sequenceCatalogOf([parseSequence(cervicalDystonia, 'templates/sequences/cervical-dystonia.json')]);
