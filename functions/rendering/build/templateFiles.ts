/**
 * Reads the template sources: templates/email/<lang>/<id>.mjml and templates/sms/<lang>/<id>.txt.
 * Build-time only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { type Language, languages } from '../merge/mergeContext.js';
import { EmailFrontMatter, SmsFrontMatter, splitFrontMatter } from './frontMatter.js';
import { templatePaths } from './templatePaths.js';

export interface EmailSource {
  id: string;
  language: Language;
  path: string;
  frontMatter: EmailFrontMatter;
  /** The MJML that goes inside <mj-body>, between the header and footer partials. */
  body: string;
}

export interface SmsSource {
  id: string;
  language: Language;
  path: string;
  frontMatter: SmsFrontMatter;
  body: string;
}

export const readEmailSources = (dir: string = templatePaths.email): EmailSource[] =>
  readTemplates(dir, '.mjml', EmailFrontMatter).map((t) => ({ ...t, body: t.body.trim() }));

/** SMS bodies are one paragraph: line breaks in the file are authoring aids, not characters. */
export const readSmsSources = (dir: string = templatePaths.sms): SmsSource[] =>
  readTemplates(dir, '.txt', SmsFrontMatter).map((t) => ({ ...t, body: t.body.trim().replace(/\s*\n\s*/g, ' ') }));

const readTemplates = <S extends z.ZodType>(dir: string, ext: string, schema: S) =>
  languageDirs(dir).flatMap((language) =>
    readdirSync(join(dir, language))
      .filter((name) => name.endsWith(ext))
      .sort()
      .map((name) => {
        const path = join(dir, language, name);
        const { data, body } = splitFrontMatter(readFileSync(path, 'utf8'));
        const parsed = schema.safeParse(data);
        if (!parsed.success) {
          const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(front matter)'}: ${i.message}`);
          throw new Error(`${path}: ${problems.join('; ')}`);
        }
        return { id: name.slice(0, -ext.length), language, path, frontMatter: parsed.data as z.infer<S>, body };
      }),
  );

const languageDirs = (dir: string): Language[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'partials')
    .map((entry) => {
      if (!languages.includes(entry.name as Language)) {
        throw new Error(`${join(dir, entry.name)}: unknown language folder (known: ${languages.join(', ')})`);
      }
      return entry.name as Language;
    })
    .sort();
