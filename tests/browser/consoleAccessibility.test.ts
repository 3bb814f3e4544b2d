/**
 * Every console page in Chromium against local mode (issue 14): axe-core finds no serious or
 * critical violation on any of them, none scrolls sideways in a 1280 px window, and the per-step
 * results table fits a 1280 px screen.
 *
 * The page list is derived from contract/routes.ts (every GET console route that answers HTML),
 * its path ids filled from seeded data: a console page added later is checked without editing
 * this file, and a page whose id cannot be filled fails here until it is seeded.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConsolePage, routes } from '../../functions/contract/routes.js';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import { axeSource, launchChromium } from '../support/browser.js';
import { api, nextOpenDay, staffToken } from '../support/staffConsole.js';
import { confirmByEmail, itemsOfType, postJson, signupBody } from '../support/testStack.js';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
const ids: Record<string, string> = { sequences: 'cervical-dystonia' };

/** GET console pages that answer HTML: no downloads, scripts, or the sign-in callback (a redirect). */
const consolePages = routes
  .filter((r) => r.method === 'GET' && isConsolePage(r) && !/\.(csv|json)$/.test(r.path) && !r.path.includes('/assets/') && r.path !== '/admin/callback')
  .map((r) => r.path);

/** A page's path with its ids filled from the seeded data, by the collection each id follows. */
const fill = (path: string): string =>
  path.replace(/\/([a-z-]+)\/\{id\}/g, (_, collection: string) => {
    const id = ids[collection];
    if (!id) throw new Error(`No seeded ${collection} id for ${path}: seed one in this test`);
    return `/${collection}/${id}`;
  });

beforeAll(async () => {
  stack = await startLocalStack({ memory: true, port: 0, tableName: `t-${randomUUID()}`, env: { CARECAST_LOG_LEVEL: 'WARN' } });
  // Seed: a confirmed subscriber through a step or two (results, subscriber page), a broadcast and a console message draft.
  const body = signupBody();
  await postJson(stack, '/api/subscribe', body);
  await stack.settle();
  await confirmByEmail(stack, body.email as string);
  await stack.advance('P3D');
  ids.subscribers = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === body.email)?.subscriberId as string;
  const admin = await staffToken(stack);
  const b = await api(stack, admin, 'POST', '/api/admin/broadcasts', { name: 'Seed', template: 'treatment', channel: 'email', date: nextOpenDay(stack.clock.now()), time: '11:00' });
  ids.broadcasts = b.body.broadcastId;
  const m = await api(stack, admin, 'POST', '/api/admin/messages', { name: 'Seed message', channel: 'email' });
  ids.messages = m.body.messageId;

  browser = await launchChromium();
  // The console's CSP rightly blocks injected scripts; axe is a test tool, so bypass CSP for it only.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}/admin/login`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(stack.staff.created?.password ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${stack.baseUrl}/admin`);
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('console pages', () => {
  it('lists the console pages from routes.ts, the clinic page among them', () => {
    expect(consolePages).toEqual(expect.arrayContaining(['/admin', '/admin/sequences/{id}', '/admin/sequences/{id}/results', '/admin/broadcasts', '/admin/clinic', '/admin/audit', '/admin/login']));
  });

  it.each(consolePages)('%s has no serious or critical axe-core finding and no horizontal overflow at 1280 px', async (path) => {
    const page = await context.newPage();
    const r = await page.goto(`${stack.baseUrl}${fill(path)}`);
    expect(r?.status()).toBe(200);
    // The page scrolls sideways when its content is wider than the window's layout width; name the widest offenders.
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.body.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''}`);
      return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
    });
    await page.addScriptTag({ content: axeSource });
    const result = (await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as {
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    };
    await page.close();

    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(bad).toEqual([]);
    expect(overflow.wide).toEqual([]);
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.width);
  });

  it('fits the per-step results table in a 1280 px window (no horizontal scrolling)', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/admin/sequences/cervical-dystonia/results`);

    const sizes = await page.evaluate(() => {
      const table = document.getElementById('steps-table') as HTMLTableElement;
      const box = table.parentElement as HTMLElement;
      return { table: table.scrollWidth, box: box.clientWidth, page: document.documentElement.scrollWidth, window: window.innerWidth, rows: table.tBodies[0]?.rows.length ?? 0 };
    });
    await page.close();

    expect(sizes.rows).toBeGreaterThan(5);
    expect(sizes.table).toBeLessThanOrEqual(sizes.box);
    expect(sizes.page).toBeLessThanOrEqual(sizes.window);
  });
});
