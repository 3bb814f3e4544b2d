/**
 * Counts the syllables of a Spanish word by counting its vowel nuclei, following the
 * Real Academia Española's rules for diphthongs, triphthongs and hiatus
 * (Ortografía de la lengua española, 2010, §1.1.1.1.2 and §1.2.2):
 *
 * - an open vowel (a, e, o) next to another open vowel is a hiatus: le-er, po-e-ta (2 nuclei);
 * - a stressed close vowel (í, ú) next to an open vowel is a hiatus: dí-a, ma-íz, re-ú-ne;
 * - any other pair (close + open, open + close, close + close) is one nucleus (diphthong or
 *   triphthong): cui-da-do, a-gua, buey, ciu-dad, pin-güi-no;
 * - the u of `que`, `qui`, `gue`, `gui` is silent (que-so, se-guí); ü is pronounced;
 * - y is a vowel at the end of a word after a vowel (hoy, muy) and as the word `y`;
 * - h is a consonant in writing, so it separates nuclei as the RAE's syllabification does
 *   (re-hu-sar).
 *
 * Digits count one syllable each (an approximation: "2016" is "dos mil dieciséis", 5), and every
 * word has at least one syllable (acronyms such as FDA are under-counted; they are rare).
 * No npm package for Spanish syllables is both maintained and typed (checked 2026-12: `silabea`
 * 1.0.0 ships mocha and chai as runtime dependencies), hence this small implementation; its cases
 * are in tests/unit/readability/spanishSyllables.test.ts.
 */
const open = new Set(['a', 'e', 'o', 'á', 'é', 'ó']);
const stressedClose = new Set(['í', 'ú']);
const vowels = new Set([...open, ...stressedClose, 'i', 'u', 'ü']);

const isHiatus = (a: string, b: string): boolean =>
  (open.has(a) && open.has(b)) || (stressedClose.has(a) && open.has(b)) || (open.has(a) && stressedClose.has(b));

/** Syllables in one word (letters and digits; other characters are ignored). */
export const countSpanishSyllables = (word: string): number => {
  const lower = word.normalize('NFC').toLocaleLowerCase('es');
  const digits = lower.replace(/\D/g, '').length;
  let letters = lower.replace(/[^a-záéíóúüñ]/g, '');
  if (letters === '') return Math.max(digits, digits > 0 ? 1 : 0);
  letters = letters
    .replace(/([qg])u([eiéí])/g, '$1$2')
    .replace(/^y$/, 'i')
    .replace(/([aeiouáéíóú])y$/, '$1i');
  let nuclei = 0;
  let previous = '';
  for (const c of letters) {
    if (vowels.has(c)) {
      if (!vowels.has(previous) || isHiatus(previous, c)) nuclei += 1;
    }
    previous = c;
  }
  return Math.max(1, nuclei) + digits;
};
