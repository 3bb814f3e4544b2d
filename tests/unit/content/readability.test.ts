/**
 * Plain language for patients (issue 18): every patient email, in each language, reads at or
 * below grade 8 in English (Flesch–Kincaid and SMOG) and at least "bastante fácil" (INFLESZ 65) in
 * Spanish, measured on the body only; hard words that must stay are explained where first used.
 */
import { describe, expect, it } from 'vitest';
import { measureCatalogReadability, patientEmailIds } from '../../../functions/readability/catalogReadability.js';
import { describeReadability, measureReadability, readabilityTargets } from '../../../functions/readability/measureReadability.js';
import { loadPlainLanguageTerms, unexplainedTerms } from '../../../functions/readability/plainLanguageTerms.js';
import { sampleMergeContext } from '../../../functions/rendering/merge/sampleMergeContext.js';
import { label } from './renderedTemplates.js';

const measured = await measureCatalogReadability();
const cases = measured.map((m) => [label(m), m] as const);
const terms = loadPlainLanguageTerms();

describe('readability of patient emails (body text only)', () => {
  it('measures every patient email in both languages and leaves the clinic inbox notification out', () => {
    expect(patientEmailIds()).toContain('treatment');
    expect(patientEmailIds()).not.toContain('booking-notification');
    expect(measured).toHaveLength(patientEmailIds().length * 2);
  });

  it.each(cases)('%s measures the body, not the header, disclaimer, footer links or sources', (_, m) => {
    const { clinic } = sampleMergeContext(m.language);
    const lines = m.bodyText.split('\n');

    expect(lines[0]).not.toBe(clinic.name);
    expect(lines.length).toBeGreaterThan(3);
    expect(m.bodyText).not.toMatch(/education only|solo educativa|Unsubscribe|Cancelar la suscripción|Privacy notice|Aviso de privacidad|Mayo Clinic/);
  });

  it.each(cases.filter(([, m]) => m.language === 'en'))(
    `%s reads at or below grade ${readabilityTargets.maxEnglishGrade} (Flesch–Kincaid and SMOG)`,
    (_, m) => {
      const r = m.report;
      if (r.language !== 'en') throw new Error('expected an English report');
      expect(r.fleschKincaid, describeReadability(r)).toBeLessThanOrEqual(readabilityTargets.maxEnglishGrade);
      expect(r.smog, describeReadability(r)).toBeLessThanOrEqual(readabilityTargets.maxEnglishGrade);
    },
  );

  it.each(cases.filter(([, m]) => m.language === 'es'))(
    `%s scores at least ${readabilityTargets.minSpanishScore} on Szigriszt-Pazos / INFLESZ ("bastante fácil")`,
    (_, m) => {
      const r = m.report;
      if (r.language !== 'es') throw new Error('expected a Spanish report');
      expect(r.szigrisztPazos, describeReadability(r)).toBeGreaterThanOrEqual(readabilityTargets.minSpanishScore);
    },
  );

  it('fails copy written like the series before its rewrite, so the gate above can fail', () => {
    const before = [
      'A 2016 American Academy of Neurology guideline rated the evidence for four botulinum toxin products in cervical dystonia: abobotulinumtoxinA and rimabotulinumtoxinB as established as effective, and onabotulinumtoxinA and incobotulinumtoxinA as probably effective.',
      'Medicine groups used for dystonia include anticholinergics (for example trihexyphenidyl), benzodiazepines (for example clonazepam or diazepam) and baclofen.',
      'These ratings describe the strength of the evidence; they are not a comparison between products.',
    ].join('\n');
    const antes = [
      'Una guía de 2016 de la American Academy of Neurology calificó la evidencia de cuatro productos de toxina botulínica para la distonía cervical, y las calificaciones describen la solidez de la evidencia.',
      'Entre los grupos de medicamentos que se usan para la distonía están los anticolinérgicos, las benzodiacepinas y el baclofeno.',
    ].join('\n');

    expect(measureReadability(before, 'en').meetsTarget).toBe(false);
    expect(measureReadability(antes, 'es').meetsTarget).toBe(false);
  });
});

describe('words that must stay (templates/plain-language.yaml)', () => {
  it('lists each term once, in both languages, resting on facts', () => {
    const ids = terms.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    const en = terms.flatMap((t) => t.en.terms.map((x) => x.toLowerCase()));
    expect(new Set(en).size).toBe(en.length);
    expect(en).toEqual(expect.arrayContaining(['cervical dystonia', 'botulinum toxin', 'botox']));
  });

  it.each(cases)('%s explains each listed term where it first appears', (_, m) => {
    expect(unexplainedTerms(m.bodyText, terms, m.language)).toEqual([]);
  });

  it('are used by the series (each term appears in at least one email)', () => {
    for (const t of terms) {
      for (const language of ['en', 'es'] as const) {
        const used = t[language].terms.some((term) => measured.some((m) => m.language === language && m.bodyText.toLowerCase().includes(term.toLowerCase())));
        expect(used, `${t.id} (${language})`).toBe(true);
      }
    }
  });

  it('flags a term used before it is explained, so the check above can fail', () => {
    const text = ['Botulinum toxin helps some people.', 'A heading', 'Another line', 'Later: it is given as a shot.'].join('\n');
    expect(unexplainedTerms(text, terms, 'en')).toEqual([{ id: 'botulinum-toxin', term: 'botulinum toxin', line: 'Botulinum toxin helps some people.' }]);
    expect(unexplainedTerms('Botulinum toxin is a drug given as a shot.', terms, 'en')).toEqual([]);
  });
});
