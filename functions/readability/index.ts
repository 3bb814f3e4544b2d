/** Readability of patient copy (issue 18). `measureReadability` is pure: safe for the console editor. */
export { describeReadability, measureReadability, readabilityTargets, sentencesOf, type ReadabilityReport } from './measureReadability.js';
export { countSpanishSyllables } from './spanishSyllables.js';
export { infleszBand, type InfleszBand } from './spanishReadability.js';
export { loadPlainLanguageTerms, unexplainedTerms, type PlainLanguageTerm, type UnexplainedTerm } from './plainLanguageTerms.js';
