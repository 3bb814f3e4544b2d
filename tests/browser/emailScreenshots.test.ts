import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailTemplateIds, languages, renderEmail } from '../../functions/rendering/index.js';
import { sampleMergeContext } from '../../functions/rendering/merge/sampleMergeContext.js';
import { axeSource, launchChromium } from '../support/browser.js';

const outDir = fileURLToPath(new URL('../../test-results/emails/', import.meta.url));
const cases = languages.flatMap((language) => emailTemplateIds().map((id) => [`${id} (${language})`, id, language] as const));

let browser: Browser;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('rendered emails in Chromium', () => {
  it.each(cases)('%s fits a 375 px phone without horizontal scrolling, is captured at 375 and 800 px, and has no axe-core finding', async (_, id, language) => {
    const { html } = await renderEmail(id, language, sampleMergeContext(language), { strict: true });
    const page = await browser.newPage();
    // The emails load nothing from the network; block it so a stray request cannot slow or leak.
    await page.route('**/*', (route) => route.abort());

    try {
      for (const width of [375, 800]) {
        await page.setViewportSize({ width, height: 900 });
        await page.setContent(html, { waitUntil: 'load' });
        await page.screenshot({ path: `${outDir}${id}.${language}.${width}.png`, fullPage: true });
        if (width === 375) {
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(scrollWidth).toBeLessThanOrEqual(375);
        }
      }
      // axe-core with real layout (colour contrast included); tests/unit/content/emailAccessibility.test.ts runs it in jsdom too.
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as {
        violations: { id: string; impact: string }[];
      };
      expect(result.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
