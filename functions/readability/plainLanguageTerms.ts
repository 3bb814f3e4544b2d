/**
 * Hard words patient copy must keep (templates/plain-language.yaml) and the check that each is
 * explained where it first appears. `unexplainedTerms` is pure, so the console editor (issue 14)
 * can run it live next to the grade; `loadPlainLanguageTerms` reads the file (build, test, preview).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Language } from '../rendering/merge/mergeContext.js';

const TermInLanguage = z.object({ terms: z.array(z.string().min(2)).min(1), explainedBy: z.array(z.string().min(3)).min(1) });

export const PlainLanguageTerm = z.object({
  id: z.string(),
  facts: z.array(z.string().regex(/^F\d+$/)).min(1),
  en: TermInLanguage,
  es: TermInLanguage,
});
export type PlainLanguageTerm = z.infer<typeof PlainLanguageTerm>;

const plainLanguagePath = fileURLToPath(new URL('../../templates/plain-language.yaml', import.meta.url));

export const loadPlainLanguageTerms = (path: string = plainLanguagePath): PlainLanguageTerm[] =>
  z.object({ terms: z.array(PlainLanguageTerm) }).parse(parse(readFileSync(path, 'utf8'))).terms;

export interface UnexplainedTerm {
  id: string;
  term: string;
  /** The line (block) where the term first appears. */
  line: string;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Terms used in `text` (one block per line) whose first use has none of its explanations on the
 * line before, the same line or the two lines after (a heading may sit between the first use and
 * its explanation). Matching is case-insensitive and on whole words.
 */
export const unexplainedTerms = (text: string, terms: PlainLanguageTerm[], language: Language): UnexplainedTerm[] => {
  const lines = text.split('\n');
  const missing: UnexplainedTerm[] = [];
  for (const entry of terms) {
    const { terms: words, explainedBy } = entry[language];
    for (const term of words) {
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}(?![\\p{L}\\p{N}])`, 'iu');
      const first = lines.findIndex((l) => pattern.test(l));
      if (first < 0) continue;
      const around = lines.slice(Math.max(0, first - 1), first + 3).join('\n').toLocaleLowerCase(language);
      if (!explainedBy.some((e) => around.includes(e.toLocaleLowerCase(language)))) {
        missing.push({ id: entry.id, term, line: lines[first] ?? '' });
      }
    }
  }
  return missing;
};
