/**
 * The staff console in Chromium against local mode: sign in, edit a step delay (a refused edit
 * first), schedule and cancel a broadcast, and read the funnel (table and chart agree). Every
 * request stays on the console's origin and the page raises no CSP violation (P10, W11).
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import { confirmByEmail, postJson, signupBody } from '../support/testStack.js';
import { launchChromium } from '../support/browser.js';
import { nextOpenDay } from '../support/staffConsole.js';

let stack: LocalStack;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const cspErrors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ memory: true, port: 0, tableName: `t-${randomUUID()}`, env: { CARECAST_LOG_LEVEL: 'WARN' } });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('staff console in a browser', () => {
  it('signs in with the local staff credentials', async () => {
    await page.goto(`${stack.baseUrl}/admin`);
    await expect(page.getByRole('heading', { name: 'Sign in required' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(stack.staff.created?.password ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL(`${stack.baseUrl}/admin`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sequences');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'carecast-staff')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('edits a step delay: a bad value is refused beside the field, a good one saves version 2', async () => {
    await page.getByRole('link', { name: 'Understanding cervical dystonia' }).first().click();
    await page.getByRole('link', { name: /Edit steps/ }).click();
    const delay = page.locator('[id="step.2.after"]');
    expect(await delay.inputValue()).toBe('P2D');

    await delay.fill('soon');
    await page.getByRole('button', { name: /Save as version 2/ }).click();
    expect(await page.locator('[id="step.2.after-error"]').textContent()).toMatch(/ISO-8601 duration/);
    expect(await page.getByRole('alert').textContent()).toMatch(/need attention/);

    await page.locator('[id="step.2.after"]').fill('P5D');
    await page.getByRole('button', { name: /Save as version 2/ }).click();

    await page.waitForURL(/\/admin\/sequences\/cervical-dystonia\?done=saved$/);
    expect(await page.getByRole('status').textContent()).toMatch(/Saved as a new version/);
    expect(await page.locator('td[data-delay]').nth(2).getAttribute('data-delay')).toBe('P5D');
    expect(await page.getByText('current version v2').count()).toBeGreaterThan(0);
  });

  it('schedules a broadcast for tomorrow in the clinic zone and cancels it', async () => {
    const date = nextOpenDay(stack.clock.now());
    await page.getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByLabel('Name').fill('Spring news');
    await page.getByLabel('Channel').selectOption('email');
    await page.getByLabel('Template').selectOption('treatment');
    await page.getByLabel(/^Date/).fill(date);
    await page.getByLabel(/^Time/).fill('10:00');
    await page.getByRole('button', { name: 'Schedule broadcast' }).click();

    await page.waitForURL(/done=broadcast/);
    const row = page.locator('tr', { hasText: 'Spring news' });
    expect(await row.locator('[data-status]').textContent()).toBe('scheduled');
    expect(await row.textContent()).toContain(`${date} 10:00`);

    await row.getByRole('button', { name: 'Cancel broadcast Spring news' }).click();
    await page.waitForURL(/done=cancelled/);
    expect(await page.locator('tr', { hasText: 'Spring news' }).locator('[data-status]').textContent()).toBe('cancelled');
  });

  it('shows the funnel as a table and as a Chart.js chart with the same numbers', async () => {
    // Prepare: one subscriber through the welcome email
    const body = signupBody();
    await postJson(stack, '/api/subscribe', body);
    await stack.settle();
    await confirmByEmail(stack, body.email as string);
    await stack.advance('P1D');

    // Act
    await page.goto(`${stack.baseUrl}/admin/sequences/cervical-dystonia/results`);
    await page.waitForFunction(() => Boolean((window as unknown as { Chart?: { getChart(el: Element | null): unknown } }).Chart?.getChart(document.getElementById('funnel-chart'))));

    // Assess
    const table = await page.locator('#funnel-table td[data-stage]').allTextContents();
    const chart = await page.evaluate(() => {
      const c = (window as unknown as { Chart: { getChart(el: Element | null): { data: { labels: string[]; datasets: { data: number[] }[] } } } }).Chart.getChart(document.getElementById('funnel-chart'));
      return { labels: c.data.labels, values: c.data.datasets[0]?.data };
    });
    expect(chart.labels).toEqual(['Enrolled', 'Messages sent', 'Delivered', 'Clicked', 'Booked']);
    expect(chart.values).toEqual(table.map(Number));
    expect(Number(table[0])).toBe(1);
    expect(Number(table[1])).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#daily-chart').evaluate((el) => (el as HTMLCanvasElement).width)).toBeGreaterThan(0);
  });

  it('previews an email in a sandboxed frame without loading anything from elsewhere', async () => {
    await page.goto(`${stack.baseUrl}/admin/preview?template=welcome&channel=email&language=es`);
    expect(await page.locator('#preview-subject').textContent()).not.toBe('');
    expect(await page.frameLocator('iframe[title="Email preview"]').locator('body').textContent()).toMatch(/\w/);

    const origin = new URL(stack.baseUrl).origin;
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(cspErrors).toEqual([]);
  });
});
