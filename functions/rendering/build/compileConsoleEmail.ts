/**
 * Compiles a console-written email (issue 14) into the same catalog entry shape the shipped
 * templates have, through the same layout (header, footer with addresses, unsubscribe, the
 * "education, not medical advice" line, sources): staff supply only the body between them.
 * Runs at save time in the console (mjml ~5 ms), never in the send worker.
 */
import type { Language } from '../merge/mergeContext.js';
import type { EmailCatalogEntry } from '../templateCatalog.js';
import { assembleMjml } from './assembleMjml.js';
import { compileMjml } from './compileEmail.js';
import { plainTextOf } from './plainText.js';
import type { AuthoringAssets } from './authoringAssets.js';

export interface ConsoleEmailInput {
  language: Language;
  /** Liquid allowed (merge fields); checked by the caller. */
  subject: string;
  preheader: string;
  /** The body as HTML (structuredTextToHtml), merge fields in place. */
  bodyHtml: string;
  /** The one call-to-action button, when there is one (href: a merge-field link or an allow-listed URL). */
  cta?: { label: string; href: string };
  /** Source ids from templates/sources.yaml, listed in the footer. */
  sources: string[];
  /** "Reviewed by … on …", shown under the body when the reviewer chose to. */
  reviewLine?: string;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Why the reader gets it, in the footer: the same sentence as the shipped sequence emails. */
const WHY: Record<Language, string> = {
  en: 'You are receiving this email because you signed up for {{ clinic.programName }} from {{ clinic.name }}.',
  es: 'Recibe este correo porque se inscribió en {{ clinic.programName }} de {{ clinic.name }}.',
};

const bodyMjml = (input: ConsoleEmailInput): string =>
  [
    '<mj-section>',
    '  <mj-column>',
    `    <mj-text>\n${input.bodyHtml}\n    </mj-text>`,
    input.cta ? `    <mj-button href="${escapeHtml(input.cta.href)}">${escapeHtml(input.cta.label)}</mj-button>` : '',
    input.reviewLine ? `    <mj-text font-size="14px" color="#3d4852"><p>${escapeHtml(input.reviewLine)}</p></mj-text>` : '',
    '  </mj-column>',
    '</mj-section>',
  ]
    .filter(Boolean)
    .join('\n');

/** @returns the catalog entry, or the MJML problems found (strict validation) and no entry. */
export const compileConsoleEmail = async (
  input: ConsoleEmailInput,
  assets: Pick<AuthoringAssets, 'sources' | 'partials'>,
): Promise<{ entry?: EmailCatalogEntry; problems: string[] }> => {
  const sources = input.sources.flatMap((id) => {
    const s = assets.sources.sources[id];
    return s ? [{ id, ...s }] : [];
  });
  const mjml = await assembleMjml(
    {
      language: input.language,
      frontMatter: { subject: input.subject, preheader: input.preheader, kind: 'sequence', audience: 'patient', why: WHY[input.language], facts: [], sources: input.sources },
      body: bodyMjml(input),
      sources,
    },
    assets.partials,
  );
  const { html, problems } = await compileMjml(mjml);
  if (problems.length > 0) return { problems };
  return { entry: { subject: input.subject, preheader: input.preheader, html, text: plainTextOf(html), facts: [], sources: input.sources }, problems: [] };
};
