import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSourceList } from '../../../functions/rendering/build/sourceList.js';
import { readEmailSources, readSmsSources } from '../../../functions/rendering/build/templateFiles.js';

const list = loadSourceList();
const emails = readEmailSources();
// The facts sheet is vendored (docs/reference/) so a clean clone checks copy against it; the shared
// original beside the project, when present, must match it.
const factsSheetPath = fileURLToPath(new URL('../../../docs/reference/cervical-dystonia-facts.md', import.meta.url));
const sharedFactsSheetPath = fileURLToPath(new URL('../../../../shared/docs/cervical-dystonia-facts.md', import.meta.url));

describe('facts and sources named by templates', () => {
  it.each(emails.map((t) => [`${t.id} (${t.language})`, t] as const))('%s names only facts and sources listed in templates/sources.yaml', (_, t) => {
    for (const fact of t.frontMatter.facts) expect(list.facts, `unknown fact ${fact}`).toHaveProperty(fact);
    for (const source of t.frontMatter.sources) expect(list.sources, `unknown source ${source}`).toHaveProperty(source);
  });

  it.each(emails.map((t) => [`${t.id} (${t.language})`, t] as const))('%s lists at least one source for every fact it cites', (_, t) => {
    for (const fact of t.frontMatter.facts) {
      const backing = list.facts[fact]?.sources ?? [];
      expect(backing.some((s) => t.frontMatter.sources.includes(s)), `${fact} needs one of ${backing.join(', ')}`).toBe(true);
    }
  });

  it.each(emails.map((t) => [`${t.id} (${t.language})`, t] as const))('%s cites no S10-only fact while GARD is unconfirmed (facts sheet §2)', (_, t) => {
    const s10Only = Object.entries(list.facts).filter(([, f]) => f.sources.every((s) => s === 'S10')).map(([id]) => id);
    expect(t.frontMatter.facts.filter((f) => s10Only.includes(f))).toEqual([]);
    expect(t.frontMatter.sources).not.toContain('S10');
  });

  it('keeps facts out of every SMS (P12)', () => {
    for (const t of readSmsSources()) expect(t.frontMatter.facts).toEqual([]);
  });
});

describe('templates/sources.yaml', () => {
  const sheet = existsSync(factsSheetPath) ? readFileSync(factsSheetPath, 'utf8') : '';

  it('finds the facts sheet in docs/reference', () => {
    expect(sheet.length).toBeGreaterThan(1000);
  });

  it.runIf(existsSync(sharedFactsSheetPath))('keeps docs/reference in step with the shared facts sheet', () => {
    expect(readFileSync(sharedFactsSheetPath, 'utf8')).toBe(sheet);
  });

  it('copies every source URL from the facts sheet', () => {
    for (const [id, source] of Object.entries(list.sources)) {
      for (const url of [source.url, ...(source.alsoAt ?? [])]) expect(sheet, `${id} ${url}`).toContain(url);
      expect(sheet).toContain(`| ${id} |`);
    }
  });

  it('lists only fact ids that the facts sheet defines', () => {
    for (const id of Object.keys(list.facts)) expect(sheet).toMatch(new RegExp(`\\*\\*${id}[.\\s(]`));
  });
});
