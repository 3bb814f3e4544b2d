/** Launches Debian's Chromium through playwright-core (no browser download on these machines). */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchChromium = (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
};

/** axe-core's source, injected into pages for the accessibility checks. */
export const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** Signs a console user in through the local /admin/login form and waits for the sequences page. */
export const signInToConsole = async (page: import('playwright-core').Page, baseUrl: string, username: string, password: string): Promise<void> => {
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/admin`);
};

const DOC_SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/**
 * A screenshot for the docs (docs/screenshots/<file>): taken on every run, written only when
 * SAVE_SCREENSHOTS=1, so test runs (CI included) leave the tree clean and the committed PNGs change
 * only when someone means to refresh them. The whole page, preview frames included, animations stopped, caret hidden.
 * @returns the PNG bytes
 */
export const docScreenshot = async (page: Page, file: string): Promise<Buffer> => {
  // Sandboxed preview frames render out of process, and Chromium paints those only inside the
  // viewport: make the viewport the whole page (the screenshot waits for a rendered frame), then capture it.
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: viewport.width, height: await page.evaluate(() => document.documentElement.scrollHeight) });
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await page.setViewportSize(viewport);
  if (process.env.SAVE_SCREENSHOTS === '1') {
    mkdirSync(DOC_SCREENSHOTS, { recursive: true });
    writeFileSync(`${DOC_SCREENSHOTS}${file}`, png);
  }
  return png;
};
