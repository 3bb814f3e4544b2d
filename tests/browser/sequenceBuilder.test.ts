/**
 * Issue 14 end to end in Chromium against local mode, as a staff member: sign in, create a
 * sequence of three steps with waits in plain words (a refused wait first), schedule it, point
 * the signup form at it, enroll a subscriber through the signup path, advance the simulated clock
 * and find exactly those three messages in the outbox at the right local times. axe-core finds
 * no serious or critical problem on the new pages; the builder is photographed for the docs.
 */
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import { axeSource, launchChromium } from '../support/browser.js';
import { confirmByEmail, postJson } from '../support/testStack.js';

const ZONE = 'America/Los_Angeles';
const SCREENSHOT = 'docs/screenshots/sequence-builder.png';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let openFrom: string;

beforeAll(async () => {
  stack = await startLocalStack({ memory: true, port: 0, tableName: `t-${randomUUID()}`, env: { CARECAST_LOG_LEVEL: 'WARN' } });
  browser = await launchChromium();
  // axe-core is injected as a script: the console's CSP rightly blocks that, so this test context bypasses CSP.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Serious and critical axe-core findings on the current page (rule ids). */
const axeFindings = async (p: Page): Promise<string[]> => {
  await p.addScriptTag({ content: axeSource });
  const result = (await p.evaluate(async () => (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as { violations: { id: string; impact: string }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
};

const field = (name: string) => page.locator(`[id="${name}"]`);
const checkEveryDay = async (step: number) => {
  for (const d of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) await page.locator(`[name="step.${step}.weekday.${d}"]`).check();
};

describe('a staff member builds and runs a sequence', () => {
  it('signs in and creates a blank sequence', async () => {
    await page.goto(`${stack.baseUrl}/admin/login`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(stack.staff.created?.password ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/admin`);

    await page.getByRole('link', { name: 'New sequence' }).click();
    expect(await axeFindings(page)).toEqual([]);
    await page.getByLabel('Name').fill('Neck pain basics');
    await page.getByRole('button', { name: 'Create sequence' }).click();

    await page.waitForURL(/\/admin\/sequences\/neck-pain-basics\/edit$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sequence builder: Neck pain basics');
  });

  it('builds three steps with waits in plain words; a wait of minus one day is refused beside its field', async () => {
    await checkEveryDay(0);
    await page.getByRole('button', { name: 'Add a step' }).click();
    await field('step.1.template').selectOption('symptoms');
    await field('step.1.wait').selectOption('after');
    await field('step.1.amount').fill('-1');
    await checkEveryDay(1);
    await page.getByRole('button', { name: 'Add a step' }).click();
    await field('step.2.channel').selectOption('sms');
    await field('step.2.template').selectOption('self-care');
    await field('step.2.wait').selectOption('on-day');
    await field('step.2.day').fill('3');
    await checkEveryDay(2);
    await field('step.2.start').fill('10:00');
    await field('step.2.end').fill('18:00');
    await page.getByRole('button', { name: 'Save as version 2' }).first().click();

    expect(await field('step.1.wait-error').textContent()).toBe('A wait cannot be negative');
    expect(await page.getByRole('alert').textContent()).toMatch(/need attention/);
    expect(await page.locator('fieldset.step').count()).toBe(3);

    await field('step.1.amount').fill('2');
    expect(await axeFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save as version 2' }).first().click();

    await page.waitForURL(/\/admin\/sequences\/neck-pain-basics\?done=saved$/);
    expect(await page.locator('#steps tbody td:nth-child(2)').allTextContents()).toEqual([
      'right after they join',
      '2 days after the previous step',
      'on day 3 (3 days after joining)',
    ]);
    expect(await page.locator('#steps tbody td:nth-child(5)').first().textContent()).toBe("Every day, 9 am – 5 pm, recipient's local time");
    expect(await axeFindings(page)).toEqual([]);

    await page.getByRole('link', { name: /Open the sequence builder/ }).click();
    expect(await page.locator('[id="step.1.wait-words"]').textContent()).toBe('2 days after the previous step');
    mkdirSync('docs/screenshots', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.goto(`${stack.baseUrl}/admin/sequences/neck-pain-basics`);
  });

  it('schedules it from tomorrow and makes it the signup form’s sequence', async () => {
    openFrom = DateTime.fromJSDate(stack.clock.now(), { zone: ZONE }).plus({ days: 1 }).toISODate() as string;
    await page.getByLabel(/Open for enrollment from/).fill(openFrom);
    await page.getByRole('button', { name: 'Save opening date' }).click();
    await page.waitForURL(/done=scheduled/);

    await page.getByRole('link', { name: 'Entry points' }).first().click();
    await page.getByLabel('Enrolls into').selectOption({ label: 'Neck pain basics' });
    await page.getByRole('button', { name: 'Save entry point' }).click();
    await page.waitForURL(/done=entry-point/);
    expect(await page.getByLabel('Enrolls into').inputValue()).toBe('neck-pain-basics');
    expect(await axeFindings(page)).toEqual([]);
  });

  it('enrolls a subscriber from the signup form and sends exactly those messages at the right local times', async () => {
    const email = `lena+${randomUUID().slice(0, 8)}@example.com`;
    const phone = '+17145550177';
    await postJson(stack, '/api/subscribe', { firstName: 'Lena', email, phone, language: 'en', timezone: ZONE, consentEmail: true, consentSms: true });
    await stack.settle();
    await confirmByEmail(stack, email);
    await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' });
    await stack.settle();
    const before = stack.outbox.all().length;

    await stack.advance('P6D');

    const mine = stack.outbox.all().slice(before).filter((e) => e.to === email || e.to === phone);
    const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
    const day = (n: number) => DateTime.fromISO(openFrom, { zone: ZONE }).plus({ days: n }).toISODate();
    expect(mine.map((e) => [e.channel, e.tags?.step ?? 'text', local(e.sentAt)])).toEqual([
      ['email', 'step-1', `${day(0)} 09:00`],
      ['email', 'step-2', `${day(2)} 09:00`],
      ['sms', 'text', `${day(3)} 10:00`],
    ]);
    expect(mine.filter((e) => e.channel === 'email').map((e) => e.tags?.sequence)).toEqual(['neck-pain-basics', 'neck-pain-basics']);
    expect(mine[2]?.body).toMatch(/Thinking of doing stretches/);

    await page.goto(`${stack.baseUrl}/outbox`);
    expect(await page.locator('body').textContent()).toContain('Thinking of doing stretches');
  });
});
