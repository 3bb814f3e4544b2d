import { describe, expect, it } from 'vitest';
import { measureReadability, sentencesOf } from '../../../functions/readability/measureReadability.js';
import { infleszBand, spanishReadability } from '../../../functions/readability/spanishReadability.js';
import { countSpanishSyllables } from '../../../functions/readability/spanishSyllables.js';

describe('Spanish syllables (RAE rules for diphthongs, triphthongs and hiatus)', () => {
  it.each([
    // diphthongs and triphthongs: one nucleus
    ['cuello', 2], ['ciudad', 2], ['aire', 2], ['agua', 2], ['cuidado', 3], ['buey', 1], ['Uruguay', 3], ['construí', 2],
    // hiatus: open + open, or a stressed i/u next to an open vowel
    ['poeta', 3], ['leer', 2], ['teatro', 3], ['día', 2], ['país', 2], ['reúne', 3], ['María', 3], ['oído', 3], ['distonía', 4],
    // silent u in que/qui/gue/gui; pronounced ü; y as a vowel only at the end after a vowel
    ['que', 1], ['guitarra', 3], ['seguí', 2], ['guía', 2], ['pingüino', 3], ['cigüeña', 3], ['hoy', 1], ['muy', 1], ['y', 1], ['mayo', 2],
    // h separates nuclei in writing; words from the series
    ['búho', 2], ['ahí', 2], ['toxina', 3], ['botulínica', 5], ['espasmódica', 5], ['tortícolis', 4], ['inyección', 3], ['estimulación', 5],
  ] as const)('%s has %i', (word, count) => {
    expect(countSpanishSyllables(word)).toBe(count);
  });

  it('counts one per digit and at least one per word', () => {
    expect(countSpanishSyllables('911')).toBe(3);
    expect(countSpanishSyllables('FDA')).toBe(1);
  });
});

describe('Szigriszt-Pazos / INFLESZ', () => {
  it('applies P = 206.835 − 62.3 × syllables/words − words/sentences', () => {
    // 2 sentences, 6 words, 12 syllables: 206.835 − 62.3 × 2 − 3 = 79.235
    const r = spanishReadability(['La casa es roja.', 'Mi perro come.']);
    expect(r).toMatchObject({ words: 7, sentences: 2 });
    const expected = 206.835 - 62.3 * (r.syllables / 7) - 7 / 2;
    expect(r.szigrisztPazos).toBeCloseTo(expected, 1);
  });

  it('names the INFLESZ bands at their published edges', () => {
    expect([39.9, 40, 55, 65, 80].map(infleszBand)).toEqual(['muy difícil', 'algo difícil', 'normal', 'bastante fácil', 'muy fácil']);
  });

  it('treats each line as a sentence and splits sentences inside a line', () => {
    expect(sentencesOf('Título\nUna frase. Otra frase.\n\n¿Pregunta? Sí.')).toEqual(['Título.', 'Una frase.', 'Otra frase.', '¿Pregunta?', 'Sí.']);
  });

  it('scores easy Spanish above hard Spanish', () => {
    const easy = measureReadability('El cuello duele. La cabeza gira. Pida una cita.', 'es');
    const hard = measureReadability('La estimulación cerebral profunda interrumpe las señales nerviosas responsables de las contracciones involuntarias.', 'es');
    if (easy.language !== 'es' || hard.language !== 'es') throw new Error('expected Spanish reports');
    expect(easy.szigrisztPazos).toBeGreaterThan(80);
    expect(hard.szigrisztPazos).toBeLessThan(40);
  });
});

describe('English grades (text-readability)', () => {
  it('grades short plain sentences low and long technical ones high, on both indexes', () => {
    const plain = measureReadability('The neck hurts.\nThe head turns.\nCall us to ask for a visit.\nWe can help you plan.', 'en');
    const technical = measureReadability(
      'Anticholinergic medications, benzodiazepines and baclofen demonstrate variable effectiveness.\nIntramuscular botulinum toxin administration necessitates periodic reinjection.\nDeep brain stimulation interrupts pathological neuronal signalling.',
      'en',
    );
    if (plain.language !== 'en' || technical.language !== 'en') throw new Error('expected English reports');
    expect(plain.meetsTarget).toBe(true);
    expect(technical.fleschKincaid).toBeGreaterThan(12);
    expect(technical.smog).toBeGreaterThan(12);
    expect(technical.meetsTarget).toBe(false);
  });
});
