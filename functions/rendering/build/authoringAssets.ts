/**
 * What compiling a console-written message needs besides the message itself (issue 14): the
 * layout's MJML partials, the source list and the plain-language terms. `npm run build:templates`
 * writes them to build/templates/authoring.json; the console imports that file
 * (functions/rendering/authoring.ts), so esbuild inlines it into the Lambda bundles, which have
 * no templates/ folder. One source of truth: the files in templates/. Build-time only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlainLanguageTerms, type PlainLanguageTerm } from '../../readability/plainLanguageTerms.js';
import type { LayoutPartials } from './assembleMjml.js';
import { loadSourceList, type SourceList } from './sourceList.js';
import { templatePaths } from './templatePaths.js';

export interface AuthoringAssets {
  /** templates/email/partials/*.mjml by file name. */
  partials: LayoutPartials;
  /** templates/sources.yaml, validated. */
  sources: SourceList;
  /** templates/plain-language.yaml, validated. */
  plainLanguage: PlainLanguageTerm[];
}

/** The layout partials from templates/email/partials/, by file name. */
export const readLayoutPartials = (dir: string = templatePaths.partials): LayoutPartials =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.endsWith('.mjml'))
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );

export const readAuthoringAssets = (): AuthoringAssets => ({
  partials: readLayoutPartials(),
  sources: loadSourceList(),
  plainLanguage: loadPlainLanguageTerms(templatePaths.plainLanguage),
});
