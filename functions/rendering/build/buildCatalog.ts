/**
 * Builds the whole catalog from templates/: every email compiled, every SMS body collected.
 * Build-time only; `scripts/buildTemplates.ts` writes the result.
 */
import type { TemplateCatalog } from '../templateCatalog.js';
import { languages } from '../merge/mergeContext.js';
import { compileEmail } from './compileEmail.js';
import { loadSourceList } from './sourceList.js';
import { readEmailSources, readSmsSources } from './templateFiles.js';

export const buildCatalog = async (): Promise<TemplateCatalog> => {
  const sourceList = loadSourceList();
  const catalog: TemplateCatalog = { email: {}, sms: {} };
  const emails = readEmailSources();
  const compiled = await Promise.all(emails.map((t) => compileEmail(t, sourceList)));
  emails.forEach((t, i) => {
    const entry = compiled[i];
    if (entry) (catalog.email[t.id] ??= {} as TemplateCatalog['email'][string])[t.language] = entry;
  });
  for (const t of readSmsSources()) {
    (catalog.sms[t.id] ??= {} as TemplateCatalog['sms'][string])[t.language] = { body: t.body };
  }
  assertEveryLanguage(catalog);
  return catalog;
};

// Same templates in every language (issue 4): a missing translation fails the build, not a send.
const assertEveryLanguage = (catalog: TemplateCatalog): void => {
  const missing = (['email', 'sms'] as const).flatMap((channel) =>
    Object.entries(catalog[channel]).flatMap(([id, byLanguage]) =>
      languages.filter((l) => !byLanguage[l]).map((l) => `${channel} "${id}" has no ${l} version`),
    ),
  );
  if (missing.length > 0) throw new Error(`Template catalog incomplete:\n  ${missing.join('\n  ')}`);
};
