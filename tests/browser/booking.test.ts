/**
 * A patient books a consultation in a real browser, with JavaScript off (the page needs none):
 * from the consultation-invite email in the local outbox, through the tracked link and the
 * prefilled form, to the confirmation page and the clinic's notification in the outbox.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import type { OutboxEntry } from '../../local/Outbox.js';
import { axeSource, launchChromium } from '../support/browser.js';
import { pressConfirm, signupFormToken } from '../support/testStack.js';

let stack: LocalStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startLocalStack({ memory: true, port: 0, env: { CARECAST_LOG_LEVEL: 'WARN' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const api = async <T>(path: string, body?: unknown): Promise<T> => {
  const r = await fetch(`${stack.baseUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};
const outbox = () => api<OutboxEntry[]>('/api/dev/outbox');

describe('booking a consultation in a browser', () => {
  it('goes from the invite email to the confirmation, and the clinic inbox gets the request', async () => {
    // Subscribe and confirm through the local API, then let simulated time run to the invite.
    const email = 'paloma.browser@example.com';
    await api('/api/subscribe', { firstName: 'Paloma', email, language: 'en', timezone: 'America/Los_Angeles', consentEmail: true, formToken: await signupFormToken(stack) });
    await stack.settle();
    const confirm = (await outbox()).find((e) => e.to === email)?.html?.match(/href="([^"]*\/api\/confirm\?[^"]+)"/)?.[1];
    expect(confirm).toBeDefined();
    await pressConfirm((confirm as string).replace(/&amp;/g, '&'));
    let invite: OutboxEntry | undefined;
    for (let day = 0; day < 30 && !invite; day++) {
      await api('/api/dev/clock', { advance: 'P1D' });
      invite = (await outbox()).find((e) => e.to === email && e.tags?.step === 'consultation-invite');
    }
    expect(invite?.html).toBeDefined();

    const context = await browser.newContext({ javaScriptEnabled: false });
    const mailView = await context.newPage();
    await mailView.setContent(invite?.html as string);
    // Email buttons open in a new tab (target="_blank"), as in a webmail client.
    const [page] = await Promise.all([context.waitForEvent('page'), mailView.getByRole('link', { name: 'Request a consultation' }).first().click()]);
    await page.waitForURL(/\/book\?/);

    const url = new URL(page.url());
    expect(url.searchParams.get('utm_content')).toBe('consultation-invite');
    expect(url.searchParams.get('utm_medium')).toBe('email');
    await expect.poll(() => page.getByLabel('First name *').inputValue()).toBe('Paloma');
    // A forwarded email must not reveal the address: the person types it (issue 11).
    expect(await page.getByLabel('Email address').inputValue()).toBe('');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel(/Orange/).check();
    await page.getByLabel('Preferred days and times *').fill('Tuesday or Thursday mornings');
    await page.getByLabel('Reason for the visit (optional)').fill('Neck keeps turning to the left');
    await page.getByLabel(/may contact me/).check();
    await page.getByRole('button', { name: 'Send my request' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('We received your request');
    expect(await page.getByRole('status').textContent()).toMatch(/contact you to set up a time/);
    await stack.settle();
    const notice = (await outbox()).find((e) => e.to === 'bookings@carecast.local');
    expect(notice?.subject).toMatch(/Orange/);
    expect(notice?.text).toContain(email);
    expect(notice?.text).toContain('Tuesday or Thursday mornings');
    expect((await outbox()).some((e) => e.to === email && e.tags?.step === 'booking-confirmation')).toBe(true);
    await context.close();
  });

  it('has no serious or critical accessibility violation in either language (axe-core)', async () => {
    const context = await browser.newContext({ bypassCSP: true }); // axe is a test tool: let it run
    const page = await context.newPage();
    for (const lang of ['en', 'es']) {
      await page.goto(`${stack.baseUrl}/book?lang=${lang}`);
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as {
        violations: { id: string; impact: string }[];
      };
      expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
    }
    await context.close();
  });

  it('shows the errors next to the fields when the form is incomplete, keeping what was typed', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/book`);
    await page.getByLabel('First name *').fill('Ines');
    await page.getByRole('button', { name: 'Send my request' }).click();

    await expect.poll(() => page.locator('#email-error').textContent()).toMatch(/email address or a phone number/);
    expect(await page.getByLabel('First name *').inputValue()).toBe('Ines');
    expect(await page.getByLabel('First name *').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#location-error').textContent()).toMatch(/Choose one of our offices/);
    await context.close();
  });
});
