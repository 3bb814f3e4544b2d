/**
 * Readability of every patient email in the catalog, per language, measured on the body text of
 * the email as rendered with sample data (what a patient reads, merge fields filled in). Emails to
 * the clinic inbox (`audience: clinic`) are not patient copy and are left out.
 *
 * Used by the content tests (CI gate), `npm run preview` (printed table) and the preview gallery.
 */
import { readEmailSources } from '../rendering/build/templateFiles.js';
import { type Language, languages } from '../rendering/merge/mergeContext.js';
import { renderEmail } from '../rendering/renderEmail.js';
import { sampleMergeContext } from '../rendering/merge/sampleMergeContext.js';
import { emailBodyText } from './emailBodyText.js';
import { describeReadability, measureReadability, type ReadabilityReport } from './measureReadability.js';

export interface EmailReadability {
  id: string;
  language: Language;
  bodyText: string;
  report: ReadabilityReport;
}

export const patientEmailIds = (): string[] => [
  ...new Set(readEmailSources().filter((s) => s.frontMatter.audience === 'patient').map((s) => s.id)),
];

export const measureCatalogReadability = async (): Promise<EmailReadability[]> => {
  const out: EmailReadability[] = [];
  for (const language of languages) {
    for (const id of patientEmailIds()) {
      const { html } = await renderEmail(id, language, sampleMergeContext(language), { strict: true });
      const bodyText = emailBodyText(html);
      out.push({ id, language, bodyText, report: measureReadability(bodyText, language) });
    }
  }
  return out;
};

/** Markdown table: one row per email, English and Spanish side by side. */
export const readabilityTable = (rows: EmailReadability[]): string => {
  const find = (id: string, language: Language) => rows.find((r) => r.id === id && r.language === language)?.report;
  const cell = (r: ReadabilityReport | undefined) => (r ? `${describeReadability(r)} · ${r.words} words${r.meetsTarget ? '' : ' · ABOVE TARGET'}` : '');
  const ids = [...new Set(rows.map((r) => r.id))];
  return [
    '| email | English | Spanish |',
    '|---|---|---|',
    ...ids.map((id) => `| ${id} | ${cell(find(id, 'en'))} | ${cell(find(id, 'es'))} |`),
  ].join('\n');
};
