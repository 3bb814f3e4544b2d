/**
 * Every built email as an accessible document (issue 18): axe-core finds nothing, the content
 * sits in mjml's role="article" wrapper with aria-roledescription="email" and the email's
 * language, split into banner, main and contentinfo landmarks, headings go down one level at a time from a single h1, and no link says only
 * "click here". axe runs in jsdom (no layout, so color-contrast comes back "incomplete", not
 * passed: the browser tests' screenshots are where colour is looked at).
 */
import { createRequire } from 'node:module';
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { label, renderAllEmails } from './renderedTemplates.js';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const emails = await renderAllEmails();
const cases = emails.map((e) => [label(e), e] as const);

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

const load = (html: string): JSDOM => {
  // jsdom reports canvas (used by axe's icon-ligature check) as not implemented; that is expected.
  const virtualConsole = new VirtualConsole();
  return new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true, virtualConsole });
};

const axeViolations = async (html: string) => {
  const dom = load(html);
  try {
    dom.window.eval(axeSource);
    const axe = (dom.window as unknown as { axe: { run: (context: Document) => Promise<AxeResult> } }).axe;
    const result = await axe.run(dom.window.document);
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  } finally {
    dom.window.close();
  }
};

describe('every built email as a document', () => {
  it.each(cases)('%s has no axe-core finding of any impact', async (_, e) => {
    expect(await axeViolations(e.html)).toEqual([]);
  });

  it.each(cases)('%s wraps its content in role="article" with aria-roledescription="email" and its language, with banner, main and contentinfo inside', (_, e) => {
    const { document } = load(e.html).window;
    const article = document.querySelector('[role="article"]');

    expect(article?.getAttribute('aria-roledescription')).toBe('email');
    expect(article?.getAttribute('lang')).toBe(e.language);
    // Named by <title> (the subject) instead: a label here makes axe count the wrapper as content outside landmarks.
    expect(article?.getAttribute('aria-label') ?? '').toBe('');
    expect(document.title).toBe(e.subject);
    for (const role of ['banner', 'main', 'contentinfo']) expect(article?.querySelectorAll(`[role="${role}"]`)).toHaveLength(1);
  });

  it.each(cases)('%s has one h1, first, and never skips a heading level', (_, e) => {
    const levels = [...load(e.html).window.document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));

    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
  });

  it.each(cases)('%s has no link whose text alone says nothing ("click here", "aquí")', (_, e) => {
    const texts = [...load(e.html).window.document.querySelectorAll('a')].map((a) => (a.textContent ?? '').trim());

    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(1);
      expect(text).not.toMatch(/^(click here|here|link|more|read more|haga clic aquí|aquí|clic aquí|más)$/i);
    }
  });
});
