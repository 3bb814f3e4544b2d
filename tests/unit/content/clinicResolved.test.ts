import { describe, expect, it } from 'vitest';
import { catalog } from '../../../functions/rendering/catalog.js';
import { resolveClinicFields } from '../../../functions/rendering/clinicResolved.js';
import { renderEmail, renderSms, type MergeContext } from '../../../functions/rendering/index.js';
import { htmlEngine, textEngine } from '../../../functions/rendering/liquidEngines.js';
import { mergeScope } from '../../../functions/rendering/merge/mergeScope.js';
import { sampleMergeContext } from '../../../functions/rendering/merge/sampleMergeContext.js';

const contexts = { en: sampleMergeContext('en'), es: sampleMergeContext('es') };
/** What the worker rendered before issue 15: every placeholder, clinic fields included, at send time. */
const fullRender = (engine: typeof textEngine, source: string, ctx: MergeContext) => engine.parseAndRenderSync(source, mergeScope(ctx), { strictVariables: true });

describe('clinic fields resolved once per clinic profile (issue 15)', () => {
  it('renders every email exactly as a full render of the template does', async () => {
    for (const [id, byLanguage] of Object.entries(catalog.email)) {
      for (const [language, entry] of Object.entries(byLanguage)) {
        const ctx = contexts[language as 'en' | 'es'];
        const rendered = await renderEmail(id, language as 'en' | 'es', ctx, { strict: true });
        expect(rendered.html, `${id}/${language}`).toBe(fullRender(htmlEngine, entry.html, ctx));
        expect(rendered.text, `${id}/${language}`).toBe(fullRender(textEngine, entry.text, ctx));
      }
    }
  });

  it('renders every text exactly as a full render does', async () => {
    for (const [id, byLanguage] of Object.entries(catalog.sms)) {
      for (const [language, entry] of Object.entries(byLanguage)) {
        const ctx = contexts[language as 'en' | 'es'];
        const { body } = await renderSms(id, language as 'en' | 'es', ctx, { strict: true });
        expect(body, `${id}/${language}`).toBe(fullRender(textEngine, entry.body, ctx).replace(/[ \t]{2,}/g, ' ').trim());
      }
    }
  });

  it('leaves only per-message fields: the welcome email keeps links and the first name, not the clinic name', () => {
    const source = catalog.email.welcome?.en?.html as string;
    const resolved = resolveClinicFields(htmlEngine, source, contexts.en.clinic, true);

    expect(resolved).not.toMatch(/\{[{%][^}%]*clinic\./);
    expect(resolved).toContain('{{ links.unsubscribe }}');
    expect(resolved).toContain('subscriber.firstName');
  });

  it('prints a clinic value that looks like Liquid as text, never as a placeholder', () => {
    const clinic = { ...contexts.en.clinic, name: 'Clinic {{ links.unsubscribe }}' };
    const resolved = resolveClinicFields(textEngine, 'Hello from {{ clinic.name }}, {{ links.booking }}', clinic, true);

    expect(textEngine.parseAndRenderSync(resolved, { links: { booking: 'B', unsubscribe: 'U' } })).toBe('Hello from Clinic {{ links.unsubscribe }}, B');
  });

  it('keeps a template with assign whole: a later part may read what it sets', () => {
    const source = '{% assign who = clinic.name %}{{ who }} / {{ clinic.phone }}';

    expect(resolveClinicFields(textEngine, source, contexts.en.clinic, true)).toBe(source);
  });

  it('re-resolves when the clinic profile changes (a new profile object)', async () => {
    const renamed = { ...contexts.en, clinic: { ...contexts.en.clinic, name: 'Renamed Clinic' } };

    const before = await renderEmail('welcome', 'en', contexts.en);
    const after = await renderEmail('welcome', 'en', renamed);

    expect(before.html).toContain(contexts.en.clinic.name);
    expect(after.html).toContain('Renamed Clinic');
  });
});
