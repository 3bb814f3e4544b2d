/**
 * Wraps one template body in the shared layout (header and footer partials) to make a full
 * MJML document. Build-time only.
 *
 * The partials use Liquid with square delimiters (`[[ x ]]`, `[% tag %]`) for what is known at
 * build time (language, the template's sources, why the reader gets it). Curly Liquid
 * (`{{ links.unsubscribe }}`) is left untouched for send time.
 */
import { Liquid } from 'liquidjs';
import type { Language } from '../merge/mergeContext.js';
import type { EmailFrontMatter } from './frontMatter.js';
import type { Source } from './sourceList.js';

/** The layout's partials by file name (`layout.mjml`, `header.mjml`, `footer.<language>.mjml`). */
export type LayoutPartials = Readonly<Record<string, string>>;

const engines = new WeakMap<LayoutPartials, Liquid>();
const newEngine = (partials: LayoutPartials): Liquid =>
  new Liquid({
    templates: { ...partials },
    extname: '.mjml',
    tagDelimiterLeft: '[%',
    tagDelimiterRight: '%]',
    outputDelimiterLeft: '[[',
    outputDelimiterRight: ']]',
    outputEscape: 'escape',
    strictVariables: true,
    strictFilters: true,
    cache: false,
  });
/** One engine per set of partials (the build's and the console's). */
const buildTimeEngine = (partials: LayoutPartials): Liquid => {
  let engine = engines.get(partials);
  if (!engine) engines.set(partials, (engine = newEngine(partials)));
  return engine;
};

export interface LayoutInput {
  language: Language;
  frontMatter: EmailFrontMatter;
  body: string;
  sources: (Source & { id: string })[];
}

/**
 * Invisible characters after the preheader, so an inbox preview line ends in blank space instead
 * of running on into the first words of the body (the clinic header): a zero-width non-joiner
 * and a no-break space, repeated past the longest preview line clients show (about 140-200
 * characters), with a combining grapheme joiner that keeps Gmail from collapsing them.
 */
export const PREHEADER_PADDING = '&#847;&zwnj;&nbsp;'.repeat(110);

export const assembleMjml = (input: LayoutInput, partials: LayoutPartials): Promise<string> =>
  buildTimeEngine(partials).renderFile('layout', {
    lang: input.language,
    // In-memory templates always get the extension appended.
    footer: `footer.${input.language}`,
    subject: input.frontMatter.subject,
    preheader: input.frontMatter.preheader,
    preheaderPadding: PREHEADER_PADDING,
    audience: input.frontMatter.audience,
    why: input.frontMatter.why ?? '',
    sources: input.sources,
    body: input.body,
  });
