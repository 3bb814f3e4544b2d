/**
 * Readability of patient copy, per language: a pure function with no I/O, so the staff console's
 * message editor (issue 14, not built yet) can call it on every keystroke and show the same grade
 * the content tests enforce.
 *
 * Input is plain text where each line is a block (paragraph, list item, heading, button label); a
 * line without end punctuation is treated as one sentence, as the issue's baseline did.
 * - English: Flesch–Kincaid grade and SMOG grade from `text-readability` (a port of Python's
 *   textstat; syllables from `syllable`). Target: both at or below grade 8 (CDC Clear
 *   Communication Index, AMA and NIH "easy-to-read" guidance ask for grade 6–8).
 * - Spanish: Szigriszt-Pazos index on the INFLESZ scale (./spanishReadability.ts). Target: at least
 *   65, "bastante fácil".
 */
import readability from 'text-readability';
import type { Language } from '../rendering/merge/mergeContext.js';
import { type InfleszBand, spanishReadability } from './spanishReadability.js';

export const readabilityTargets = {
  /** Highest Flesch–Kincaid and SMOG grade allowed in English patient copy. */
  maxEnglishGrade: 8,
  /** Lowest Szigriszt-Pazos (INFLESZ) score allowed in Spanish patient copy ("bastante fácil"). */
  minSpanishScore: 65,
} as const;

export type ReadabilityReport =
  | { language: 'en'; fleschKincaid: number; smog: number; words: number; sentences: number; meetsTarget: boolean }
  | { language: 'es'; szigrisztPazos: number; band: InfleszBand; words: number; sentences: number; meetsTarget: boolean };

const endsSentence = /[.!?…:;]["'”»)\]]*$/;

/** Lines of text as sentences: blank lines dropped, end punctuation added where a line has none. */
export const sentenceLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => /[\p{L}\p{N}]/u.test(line))
    .map((line) => (endsSentence.test(line) ? line : `${line}.`));

/** Sentences of a text: each line (see {@link sentenceLines}) split after . ! ? followed by a space. */
export const sentencesOf = (text: string): string[] =>
  sentenceLines(text).flatMap((line) => line.split(/(?<=[.!?…]["'”»)\]]*)\s+/));

export const measureReadability = (text: string, language: Language): ReadabilityReport => {
  if (language === 'es') {
    const r = spanishReadability(sentencesOf(text));
    return {
      language,
      szigrisztPazos: r.szigrisztPazos,
      band: r.band,
      words: r.words,
      sentences: r.sentences,
      meetsTarget: r.szigrisztPazos >= readabilityTargets.minSpanishScore,
    };
  }
  const prepared = sentenceLines(text).join('\n');
  const fleschKincaid = readability.fleschKincaidGrade(prepared);
  const smog = readability.smogIndex(prepared);
  return {
    language,
    fleschKincaid,
    smog,
    words: readability.lexiconCount(prepared),
    sentences: readability.sentenceCount(prepared),
    meetsTarget: fleschKincaid <= readabilityTargets.maxEnglishGrade && smog <= readabilityTargets.maxEnglishGrade,
  };
};

/** One-line summary for tables and the preview gallery: "FK 7.2 · SMOG 7.9" or "INFLESZ 68.1 (bastante fácil)". */
export const describeReadability = (r: ReadabilityReport): string =>
  r.language === 'en' ? `FK ${r.fleschKincaid.toFixed(1)} · SMOG ${r.smog.toFixed(1)}` : `INFLESZ ${r.szigrisztPazos.toFixed(1)} (${r.band})`;
