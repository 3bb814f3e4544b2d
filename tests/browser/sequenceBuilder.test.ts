/**
 * Issue 14 end to end in Chromium against local mode, as a staff member: sign in, write an email
 * in English and Spanish and a text in the message editor (with its preview), get both approved
 * by a second admin, create a sequence of three steps using them with waits in plain words (a
 * refused wait first), schedule it, point the signup form at it, enroll subscribers through the
 * signup path, advance the simulated clock and find exactly those messages, in each person's
 * language, in the outbox at the right local times. axe-core finds no serious or critical
 * problem on the new pages; the builder is photographed for the docs (written with SAVE_SCREENSHOTS=1).
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import { axeSource, docScreenshot, launchChromium, signInToConsole } from '../support/browser.js';
import { confirmByEmail, postJson } from '../support/testStack.js';

const ZONE = 'America/Los_Angeles';
/** The live preview answers after a debounce and a round trip: slow under CPU load, so polls wait up to 20 s. */
const POLL = { timeout: 20_000 };

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let openFrom: string;
const messageUrls: string[] = [];
const EMAIL = { en: { subject: 'Welcome to Neck care basics' }, es: { subject: 'Bienvenida a Cuidado del cuello' } };
const TEXT = { en: 'Gentle reminder: move your neck slowly today.', es: 'Recordatorio: mueva el cuello con suavidad hoy.' };

const signIn = (username: string, password: string) => signInToConsole(page, stack.baseUrl, username, password);

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
/** Gives a step its own send window, every day (the sequence default is weekdays). */
const checkEveryDay = async (step: number) => {
  await field(`step.${step}.window`).selectOption('own');
  for (const d of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) await page.locator(`[name="step.${step}.weekday.${d}"]`).check();
};

describe('a staff member builds and runs a sequence', () => {
  it('signs in', async () => {
    await signIn('admin', stack.staff.created?.password ?? '');
  });

  it('writes an email in English and Spanish and a text in the message editor, with the preview, and submits them', async () => {
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByLabel('Name').fill('Neck care welcome');
    await page.getByLabel('Channel').selectOption('email');
    await page.getByRole('button', { name: 'Create message' }).click();
    await page.waitForURL(/\/admin\/messages\/msg-neck-care-welcome\?done=created$/);
    messageUrls.push(page.url().replace(/\?.*$/, ''));
    await page.getByLabel('Subject (English)').fill(EMAIL.en.subject);
    await page.getByLabel('Preheader (English)').fill('What the next weeks bring, and how to ask us a question.');
    await page.getByLabel('Body (English)').fill('# Welcome\n\nThank you for joining.\n\n- One short email every few days.\n- A text now and then.');
    await page.getByLabel('Button label (English)').fill('Ask for a visit');
    await page.getByLabel('Button link (English)').fill('{{ links.booking }}');
    await page.getByLabel('Subject (Spanish)').fill(EMAIL.es.subject);
    await page.getByLabel('Preheader (Spanish)').fill('Lo que traen las próximas semanas y cómo hacernos una pregunta.');
    await page.getByLabel('Body (Spanish)').fill('# Bienvenida\n\nGracias por unirse.\n\n- Un correo breve cada pocos días.\n- Un mensaje de texto de vez en cuando.');
    await page.getByLabel('Button label (Spanish)').fill('Pida una cita');
    await page.getByLabel('Button link (Spanish)').fill('{{ links.booking }}');
    const es = page.locator('#previews section[data-lang="es"]');
    await expect.poll(() => es.locator('[data-part="subject"]').textContent(), POLL).toBe(EMAIL.es.subject);
    await expect.poll(() => page.frameLocator('#previews section[data-lang="en"] iframe[data-part="desktop"]').locator('body').textContent(), POLL).toMatch(/One short email every few days/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/done=saved$/);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=submitted$/);

    await page.goto(`${stack.baseUrl}/admin/messages`);
    await page.getByLabel('Name').fill('Neck care text');
    await page.getByLabel('Channel').selectOption('sms');
    await page.getByRole('button', { name: 'Create message' }).click();
    await page.waitForURL(/msg-neck-care-text\?done=created$/);
    messageUrls.push(page.url().replace(/\?.*$/, ''));
    await page.getByLabel('Text (English)').fill(TEXT.en);
    await page.getByLabel('Text (Spanish)').fill(TEXT.es);
    await expect.poll(() => page.locator('#previews section[data-lang="en"] [data-part="stats"]').textContent(), POLL).toMatch(/segment/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/done=saved$/);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=submitted$/);
  });

  it('gets both approved by a second admin', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('reviewer', stack.staff.reviewer?.password ?? '');
    for (const url of messageUrls) {
      await page.goto(url);
      await page.getByLabel(/Your name and credentials/).fill('Ana Ruiz, MD');
      await page.getByRole('button', { name: 'Approve and publish' }).click();
      await page.waitForURL(/done=approved$/);
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('admin', stack.staff.created?.password ?? '');
  });

  it('creates a blank sequence', async () => {
    await page.getByRole('link', { name: 'Sequences' }).click();
    await page.getByRole('link', { name: 'New sequence' }).click();
    expect(await axeFindings(page)).toEqual([]);
    await page.getByLabel('Name').fill('Neck pain basics');
    await page.getByRole('button', { name: 'Create sequence' }).click();

    await page.waitForURL(/\/admin\/sequences\/neck-pain-basics\/edit$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sequence builder: Neck pain basics');
  });

  it('builds three steps with waits in plain words; a wait of minus one day is refused beside its field', async () => {
    await field('step.0.template').selectOption('msg-neck-care-welcome');
    await checkEveryDay(0);
    await page.getByRole('button', { name: 'Add a step' }).click();
    await field('step.1.template').selectOption('symptoms');
    await field('step.1.wait').selectOption('after');
    await field('step.1.amount').fill('-1');
    await checkEveryDay(1);
    await page.getByRole('button', { name: 'Add a step' }).click();
    await field('step.2.channel').selectOption('sms');
    await field('step.2.template').selectOption('msg-neck-care-text');
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
    expect(await page.locator('[id="default.email-words"]').textContent()).toBe('Weekdays (Mon–Fri), 9 am – 5 pm');
    expect((await docScreenshot(page, 'sequence-builder.png')).subarray(1, 4).toString()).toBe('PNG');
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

  it('enrolls subscribers from the signup form and sends exactly those messages, in their language, at the right local times', async () => {
    const es = { email: `lena+${randomUUID().slice(0, 8)}@example.com`, phone: '+17145550177' };
    const en = { email: `mark+${randomUUID().slice(0, 8)}@example.com` };
    await postJson(stack, '/api/subscribe', { firstName: 'Lena', email: es.email, phone: es.phone, language: 'es', timezone: ZONE, consentEmail: true, consentSms: true });
    await postJson(stack, '/api/subscribe', { firstName: 'Mark', email: en.email, language: 'en', timezone: ZONE, consentEmail: true });
    await stack.settle();
    await confirmByEmail(stack, es.email);
    await confirmByEmail(stack, en.email);
    await postJson(stack, '/api/dev/sms/inbound', { from: es.phone, body: 'SÍ' });
    await stack.settle();
    const before = stack.outbox.all().length;

    await stack.advance('P6D');

    const after = stack.outbox.all().slice(before);
    const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
    const day = (n: number) => DateTime.fromISO(openFrom, { zone: ZONE }).plus({ days: n }).toISODate();
    const seen = (to: string[]) => after.filter((e) => to.includes(e.to)).map((e) => [e.channel, e.subject ?? e.body, local(e.sentAt)]);
    expect(seen([es.email, es.phone])).toEqual([
      ['email', EMAIL.es.subject, `${day(0)} 09:00`],
      ['email', expect.any(String), `${day(2)} 09:00`],
      ['sms', expect.stringContaining(TEXT.es), `${day(3)} 10:00`],
    ]);
    expect(seen([en.email])).toEqual([
      ['email', EMAIL.en.subject, `${day(0)} 09:00`],
      ['email', expect.any(String), `${day(2)} 09:00`],
    ]);
    const symptoms = after.filter((e) => e.tags?.step === 'step-2');
    expect(symptoms.map((e) => e.tags?.sequence)).toEqual(['neck-pain-basics', 'neck-pain-basics']);

    await page.goto(`${stack.baseUrl}/outbox`);
    expect(await page.locator('body').textContent()).toContain(EMAIL.es.subject);
  });
});
