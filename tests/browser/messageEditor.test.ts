/**
 * The message editor in Chromium against local mode (issue 14): an admin writes an email in
 * English and Spanish and a text message, sees the live preview and its errors while typing,
 * saves and submits them; approving their own draft is refused; a second admin reads the diff
 * and approves; the published email carries "Reviewed by … on …" and can be previewed by id.
 * axe-core: no serious or critical finding on the message pages. Saves the editor's screenshot
 * to docs/screenshots/message-editor.png when SAVE_SCREENSHOTS=1.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import { axeSource, docScreenshot, launchChromium } from '../support/browser.js';

// The live preview answers after a debounce and a compile: under CPU load that can take seconds (a bound, not a timing assertion).
const POLL = { timeout: 60_000 };

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const cspErrors: string[] = [];
const foreign: string[] = [];
let emailUrl = '';
let smsUrl = '';

const signIn = async (username: string, password: string) => {
  await page.goto(`${stack.baseUrl}/admin/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${stack.baseUrl}/admin`);
};

const seriousAxeFindings = async (url: string): Promise<string[]> => {
  const axePage = await context.newPage();
  await axePage.goto(url);
  await axePage.addScriptTag({ content: axeSource });
  const result = (await axePage.evaluate(async () => (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as { violations: { id: string; impact: string }[] };
  await axePage.close();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
};

beforeAll(async () => {
  stack = await startLocalStack({ memory: true, port: 0, tableName: `t-${randomUUID()}`, env: { CARECAST_LOG_LEVEL: 'WARN' } });
  browser = await launchChromium();
  // bypassCSP only so axe-core can be injected; the CSP itself is checked through cspErrors on the main page.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  const origin = new URL(stack.baseUrl).origin;
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !/^(about|data):/.test(r.url())) foreign.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('message editor in a browser', () => {
  it('writes an email in both languages with a live preview and inline errors, then saves and submits it', async () => {
    await signIn('admin', stack.staff.created?.password ?? '');
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByLabel('Name').fill('Winter check-in');
    await page.getByLabel('Channel').selectOption('email');
    await page.getByRole('button', { name: 'Create message' }).click();
    await page.waitForURL(/\/admin\/messages\/msg-winter-check-in\?done=created$/);
    emailUrl = page.url().replace(/\?.*$/, '');

    await page.getByLabel('Subject (English)').fill('Winter and your neck');
    await page.getByLabel('Preheader (English)').fill('Three short tips for cold days, and how to ask us questions.');
    await page.getByLabel('Body (English)').fill('# Winter and your neck\n\nHi ,\n\nCold weather can make tight muscles feel worse.\n\n- Keep your neck warm.\n- Move gently each day.\n\nSee [our website](https://evil.example/win).');
    // The cursor after "Hi ", then the first-name field from the list.
    await page.getByLabel('Body (English)').focus();
    await page.getByLabel('Body (English)').evaluate((el: HTMLTextAreaElement) => {
      const at = el.value.indexOf('Hi ,') + 3;
      el.setSelectionRange(at, at);
    });
    await page.locator('li', { hasText: 'First name' }).getByRole('button', { name: 'Insert' }).click();
    // Live: the link off the allow-list is flagged beside the body while typing, before any save.
    await expect.poll(() => page.locator('[id="copy.en.body-error"]').textContent(), POLL).toMatch(/not on the allow-list/);
    expect(await page.getByLabel('Body (English)').inputValue()).toContain("Hi {{ subscriber.firstName | default: 'there' }},");
    const body = (await page.getByLabel('Body (English)').inputValue()).replace('https://evil.example/win', '{{ clinic.website }}');
    await page.getByLabel('Body (English)').fill(body);
    await page.getByLabel('Button label (English)').fill('Ask for a visit');
    await page.getByLabel('Button link (English)').fill('{{ links.booking }}');

    await page.getByLabel('Subject (Spanish)').fill('El invierno y su cuello');
    await page.getByLabel('Preheader (Spanish)').fill('Tres consejos breves para los días fríos y cómo hacernos preguntas.');
    await page.getByLabel('Body (Spanish)').fill("# El invierno y su cuello\n\nHola {{ subscriber.firstName | default: '' }}:\n\nEl frío puede hacer que los músculos tensos se sientan peor.\n\n- Mantenga el cuello abrigado.\n- Muévase con suavidad cada día.");
    await page.getByLabel('Button label (Spanish)').fill('Pida una cita');
    await page.getByLabel('Button link (Spanish)').fill('{{ links.booking }}');

    // The preview follows the typing: subject in the inbox line, the email in both frames, the grade.
    const en = page.locator('#previews section[data-lang="en"]');
    await expect.poll(() => en.locator('[data-part="subject"]').textContent(), POLL).toBe('Winter and your neck');
    await expect.poll(() => page.locator('[id="copy.en.body-error"]').textContent(), POLL).toBe('');
    await expect.poll(() => page.frameLocator('#previews section[data-lang="es"] iframe[data-part="mobile"]').locator('body').textContent(), POLL).toMatch(/Mantenga el cuello abrigado/);
    expect(await page.frameLocator('#previews section[data-lang="en"] iframe[data-part="desktop"]').locator('body').textContent()).toMatch(/not medical advice/);
    expect(await en.locator('[data-part="grade"]').textContent()).toMatch(/Reading level: FK/);
    expect(await en.locator('[data-part="stats"]').textContent()).toMatch(/KB of 102 KB/);
    expect(await en.locator('[data-part="text"]').textContent()).toMatch(/Hi Maria,/);

    // With the live preview visible (both frames rendered above).
    expect((await docScreenshot(page, 'message-editor.png')).subarray(1, 4).toString()).toBe('PNG');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/done=saved$/);
    expect(await page.getByRole('status').first().textContent()).toMatch(/Draft saved/);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=submitted$/);
    expect(await page.locator('#review-diff').textContent()).toContain('Winter and your neck');
  });

  it('writes a text message in both languages and shows its segments and encoding', async () => {
    await page.goto(`${stack.baseUrl}/admin/messages`);
    await page.getByLabel('Name').fill('Winter text');
    await page.getByLabel('Channel').selectOption('sms');
    await page.getByRole('button', { name: 'Create message' }).click();
    await page.waitForURL(/msg-winter-text\?done=created$/);
    smsUrl = page.url().replace(/\?.*$/, '');

    await page.getByLabel('Text (English)').fill('Cold days can make neck muscles tighter. Keep warm. Questions? Call {{ clinic.phone }}.');
    await page.getByLabel('Text (Spanish)').fill('El frío puede tensar los músculos del cuello. Abríguese. ¿Preguntas? Llame al {{ clinic.phone }}.');
    const es = page.locator('#previews section[data-lang="es"]');
    await expect.poll(() => es.locator('[data-part="stats"]').textContent(), POLL).toMatch(/characters · UCS-2 · \d segments?/);
    expect(await es.locator('[data-part="text"]').textContent()).toMatch(/^SoCal Pain Center: El frío .* Responda STOP para cancelar\.$/);
    expect(await page.locator('#previews section[data-lang="en"] [data-part="stats"]').textContent()).toMatch(/GSM-7 · 1 segment$/);

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/done=saved$/);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=submitted$/);
  });

  it('refuses an approval by the draft\'s own author, beside the form', async () => {
    await page.goto(emailUrl);
    await page.getByLabel(/Your name and credentials/).fill('Admin Person, RN');
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    expect(await page.locator('#approve-error').textContent()).toMatch(/another admin/);
    expect(await page.getByRole('alert').first().textContent()).toMatch(/second admin/);
  });

  it('is approved by a second admin, who sees the diff; the published email says who reviewed it', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('reviewer', stack.staff.reviewer?.password ?? '');
    for (const url of [emailUrl, smsUrl]) {
      await page.goto(url);
      expect(await page.locator('#review-diff ins').count()).toBeGreaterThan(0);
      await page.getByLabel(/Your name and credentials/).fill('Ana Ruiz, MD');
      await page.getByRole('button', { name: 'Approve and publish' }).click();
      await page.waitForURL(/done=approved$/);
      expect(await page.getByRole('status').first().textContent()).toMatch(/Approved and published/);
    }

    await page.goto(`${stack.baseUrl}/admin/preview?template=msg-winter-check-in&channel=email&language=en`);
    expect(await page.frameLocator('iframe[title="Email preview"]').locator('body').textContent()).toMatch(/Reviewed by Ana Ruiz, MD on \w+ \d+, \d{4}\./);
    await page.goto(`${stack.baseUrl}/admin/messages`);
    expect(await page.locator('tr', { hasText: 'Winter check-in' }).textContent()).toMatch(/published/);
  });

  it('has no serious or critical accessibility finding on the message pages, and loads nothing from elsewhere', async () => {
    const bypass = await browser.newContext({ bypassCSP: true });
    const cookies = await context.cookies();
    await bypass.addCookies(cookies);
    const previous = context;
    context = bypass;
    for (const url of [`${stack.baseUrl}/admin/messages`, emailUrl, smsUrl, `${stack.baseUrl}/admin/messages/symptoms`]) {
      expect({ url, findings: await seriousAxeFindings(url) }).toEqual({ url, findings: [] });
    }
    context = previous;
    await bypass.close();
    expect(foreign).toEqual([]);
    expect(cspErrors).toEqual([]);
  });
});
