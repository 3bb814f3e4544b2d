/**
 * Compiles one email template (front matter + MJML body) into its catalog entry. Build-time only.
 *
 * MJML runs with strict validation: any error fails the build. The plain-text part is derived
 * from the compiled HTML, so both parts always say the same thing.
 */
import mjml2html from 'mjml';
import type { EmailCatalogEntry } from '../templateCatalog.js';
import { assembleMjml, type LayoutPartials } from './assembleMjml.js';
import { readLayoutPartials } from './authoringAssets.js';
import { plainTextOf } from './plainText.js';
import type { SourceList } from './sourceList.js';
import type { EmailSource } from './templateFiles.js';

export class TemplateBuildError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`${path}:\n  ${problems.join('\n  ')}`);
    this.name = new.target.name;
  }
}

let filePartials: LayoutPartials | undefined;

/** The full MJML document for a template (layout, header, body, footer, sources); partials from templates/email/partials/ unless given. */
export const mjmlDocumentOf = (template: EmailSource, sourceList: SourceList, partials: LayoutPartials = (filePartials ??= readLayoutPartials())): Promise<string> => {
  const unknownFacts = template.frontMatter.facts.filter((id) => !sourceList.facts[id]);
  if (unknownFacts.length > 0) {
    throw new TemplateBuildError(template.path, [`unknown facts ${unknownFacts.join(', ')} (add them to templates/sources.yaml)`]);
  }
  const sources = template.frontMatter.sources.map((id) => {
    const source = sourceList.sources[id];
    if (!source) throw new TemplateBuildError(template.path, [`unknown source ${id} (add it to templates/sources.yaml)`]);
    return { id, ...source };
  });
  return assembleMjml({ language: template.language, frontMatter: template.frontMatter, body: template.body, sources }, partials);
};

interface MjmlError {
  line: number;
  tagName: string;
  message: string;
}

/** Compiles MJML in strict mode; returns the HTML, or every validation problem found. */
export const compileMjml = async (mjml: string): Promise<{ html: string; problems: string[] }> => {
  const describe = (errors: MjmlError[]) => errors.map((e) => `line ${e.line} <${e.tagName}>: ${e.message}`);
  try {
    // fonts: {} keeps mjml from adding a Google Fonts link (a third-party request on every open).
    const result = await mjml2html(mjml, { validationLevel: 'strict', fonts: {}, keepComments: false });
    return { html: result.html, problems: describe(result.errors) };
  } catch (error) {
    const errors = (error as { errors?: MjmlError[] }).errors;
    if (!errors) throw error;
    return { html: '', problems: describe(errors) };
  }
};

export const compileEmail = async (template: EmailSource, sourceList: SourceList): Promise<EmailCatalogEntry> => {
  const mjml = await mjmlDocumentOf(template, sourceList);
  const { html, problems } = await compileMjml(mjml);
  if (problems.length > 0) {
    // Line numbers count in the assembled document, so quote the line itself too.
    const lines = mjml.split('\n');
    const quoted = problems.map((p) => `${p} :: ${lines[Number(/^line (\d+)/.exec(p)?.[1]) - 1]?.trim() ?? ''}`);
    throw new TemplateBuildError(template.path, quoted);
  }
  return {
    subject: template.frontMatter.subject,
    preheader: template.frontMatter.preheader,
    html,
    text: plainTextOf(html),
    facts: template.frontMatter.facts,
    sources: template.frontMatter.sources,
  };
};
