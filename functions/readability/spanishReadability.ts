/**
 * Szigriszt-Pazos perspicuity index and its INFLESZ scale, for Spanish patient copy.
 *
 *   P = 206.835 − 62.3 × (syllables / words) − (words / sentences)
 *
 * Formula: Szigriszt Pazos F. "Sistemas predictivos de legibilidad del mensaje escrito: fórmula de
 * perspicuidad". Doctoral thesis, Universidad Complutense de Madrid, 1993.
 * Scale: Barrio-Cantalejo IM, Simón-Lorda P, et al. "Validación de la Escala INFLESZ para evaluar la
 * legibilidad de los textos dirigidos a pacientes". An Sist Sanit Navar. 2008;31(2):135-152.
 * INFLESZ bands: < 40 muy difícil, 40–55 algo difícil, 55–65 normal, 65–80 bastante fácil,
 * ≥ 80 muy fácil. Patient material should be at least "normal"; Carecast asks for "bastante fácil".
 *
 * No maintained npm package computes it (checked 2026-12), so this is the formula above over
 * {@link countSpanishSyllables}.
 */
import { countSpanishSyllables } from './spanishSyllables.js';

export type InfleszBand = 'muy difícil' | 'algo difícil' | 'normal' | 'bastante fácil' | 'muy fácil';

export const infleszBand = (score: number): InfleszBand =>
  score < 40 ? 'muy difícil' : score < 55 ? 'algo difícil' : score < 65 ? 'normal' : score < 80 ? 'bastante fácil' : 'muy fácil';

export interface SpanishReadability {
  /** Szigriszt-Pazos index, one decimal (higher is easier). */
  szigrisztPazos: number;
  band: InfleszBand;
  words: number;
  sentences: number;
  syllables: number;
}

/** Words of a sentence: runs of letters or digits (hyphenated and apostrophe parts count apart). */
export const spanishWords = (sentence: string): string[] => sentence.match(/[\p{L}\p{N}]+/gu) ?? [];

/** `sentences` are already split (see {@link sentencesOf}); empty ones are ignored. */
export const spanishReadability = (sentences: string[]): SpanishReadability => {
  const wordLists = sentences.map(spanishWords).filter((w) => w.length > 0);
  const words = wordLists.flat();
  const syllables = words.reduce((n, w) => n + countSpanishSyllables(w), 0);
  if (words.length === 0) return { szigrisztPazos: 100, band: 'muy fácil', words: 0, sentences: 0, syllables: 0 };
  const score = 206.835 - 62.3 * (syllables / words.length) - words.length / wordLists.length;
  const rounded = Math.round(score * 10) / 10;
  return { szigrisztPazos: rounded, band: infleszBand(rounded), words: words.length, sentences: wordLists.length, syllables };
};
