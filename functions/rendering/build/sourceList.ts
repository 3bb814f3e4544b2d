/**
 * templates/sources.yaml: the sources and fact ids the project recognises (facts sheet §2–§4).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod';
import { templatePaths } from './templatePaths.js';

export const Source = z
  .object({
    organisation: z.string().min(2),
    title: z.string().min(2),
    url: z.string().url(),
    alsoAt: z.array(z.string().url()).optional(),
    citation: z.string().optional(),
    note: z.string().optional(),
    accessed: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  })
  .strict();
export type Source = z.infer<typeof Source>;

export const SourceList = z
  .object({
    sources: z.record(z.string().regex(/^S\d+$/), Source),
    facts: z.record(
      z.string().regex(/^(F|R)\d+$/),
      z.object({ topic: z.string(), sources: z.array(z.string().regex(/^S\d+$/)).min(1) }).strict(),
    ),
  })
  .strict()
  .superRefine((list, ctx) => {
    for (const [id, fact] of Object.entries(list.facts)) {
      for (const s of fact.sources) {
        if (!list.sources[s]) ctx.addIssue({ code: 'custom', path: ['facts', id], message: `unknown source ${s}` });
      }
    }
  });
export type SourceList = z.infer<typeof SourceList>;

export const loadSourceList = (path: string = templatePaths.sources): SourceList =>
  SourceList.parse(parse(readFileSync(path, 'utf8')));
