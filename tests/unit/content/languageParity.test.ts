import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../functions/rendering/catalog.js';
import { languages } from '../../../functions/rendering/index.js';
import { readEmailSources, readSmsSources } from '../../../functions/rendering/build/templateFiles.js';

const liquid = new Liquid();
const mergeFields = (...parts: string[]): string[] =>
  [...new Set(parts.flatMap((p) => liquid.globalFullVariablesSync(p)))].sort();

describe('English and Spanish', () => {
  it('have the same email and SMS template sets in the sources', () => {
    for (const read of [readEmailSources, readSmsSources]) {
      const ids = (language: string) => read().filter((t) => t.language === language).map((t) => t.id).sort();
      expect(ids('es')).toEqual(ids('en'));
      expect(ids('en').length).toBeGreaterThan(5);
    }
  });

  it('have every catalog template in both languages', () => {
    for (const channel of ['email', 'sms'] as const) {
      for (const [id, byLanguage] of Object.entries(catalog[channel])) {
        expect(Object.keys(byLanguage).sort(), id).toEqual([...languages].sort());
      }
    }
  });

  it.each(Object.entries(catalog.email))('use the same merge fields in email %s', (_, byLanguage) => {
    const fields = (l: 'en' | 'es') => mergeFields(byLanguage[l].subject, byLanguage[l].preheader, byLanguage[l].html, byLanguage[l].text);

    expect(fields('es')).toEqual(fields('en'));
    expect(fields('en')).toContain('clinic.locations');
  });

  it.each(Object.entries(catalog.sms))('use the same merge fields in SMS %s', (_, byLanguage) => {
    expect(mergeFields(byLanguage.es.body)).toEqual(mergeFields(byLanguage.en.body));
  });

  it('cite the same facts and sources in each email', () => {
    for (const [id, byLanguage] of Object.entries(catalog.email)) {
      expect(byLanguage.es.facts, id).toEqual(byLanguage.en.facts);
      expect(byLanguage.es.sources, id).toEqual(byLanguage.en.sources);
    }
  });
});
