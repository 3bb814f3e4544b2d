/**
 * The preferences page behind an email's unsubscribe link, in a real browser with JavaScript
 * off: opening it changes nothing (E5, E10), each choice is a form with a confirmation page,
 * deleting data asks twice (P8), and the pages pass axe-core.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import type { OutboxEntry } from '../../local/Outbox.js';
import { axeSource, launchChromium } from '../support/browser.js';
import { itemsOfType, pressConfirm, signupFormToken } from '../support/testStack.js';

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

/** Subscribes and confirms by email; returns the List-Unsubscribe URL of the latest email. */
const subscribed = async (email: string) => {
  await fetch(`${stack.baseUrl}/api/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firstName: 'Lucia', email, language: 'en', consentEmail: true, formToken: await signupFormToken(stack) }),
  });
  await stack.settle();
  const mails = (await (await fetch(`${stack.baseUrl}/api/dev/outbox`)).json()) as OutboxEntry[];
  const mail = mails.filter((e) => e.to === email).at(-1);
  const confirm = mail?.html?.match(/href="([^"]*\/api\/confirm\?[^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
  await pressConfirm(confirm as string);
  return /<(https?:\/\/[^>]+\/u\/[^>]+)>/.exec(mail?.headers?.['List-Unsubscribe'] ?? '')?.[1] as string;
};

const statusOf = async (email: string) => (await itemsOfType(stack, 'subscriber')).find((s) => s.email === email)?.emailStatus;

const axeViolations = async (page: Page) => {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as {
    violations: { id: string; impact: string }[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
};

describe('the preferences page in a browser', () => {
  it('shows the choices without changing anything, then unsubscribes with one button', async () => {
    const email = 'lucia.prefs@example.com';
    const url = await subscribed(email);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();

    await page.goto(url);
    await page.reload();
    expect(await statusOf(email)).toBe('confirmed');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your email and text preferences');

    await page.getByRole('button', { name: 'Stop emails' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('You are unsubscribed');
    expect(page.url()).toBe(url); // answered in place: no redirect (E10)
    expect(await statusOf(email)).toBe('unsubscribed');
    await context.close();
  });

  it('deletes the data only after a second, explicit confirmation', async () => {
    const email = 'lucia.delete@example.com';
    const url = await subscribed(email);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url);

    await page.getByRole('button', { name: 'Delete my data…' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Delete your data?');
    expect(await statusOf(email)).toBe('confirmed');
    await page.getByRole('button', { name: 'Yes, delete my data' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your data was deleted');
    expect(await statusOf(email)).toBeUndefined(); // no profile carries the address any more
    await context.close();
  });

  it('has no serious or critical accessibility violation, in English and after switching to Spanish (axe-core)', async () => {
    const url = await subscribed('lucia.axe@example.com');
    const context = await browser.newContext({ bypassCSP: true }); // axe is a test tool: let it run
    const page = await context.newPage();
    await page.goto(url);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Español').check();
    await page.getByRole('button', { name: 'Save language' }).click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('es');
    await page.goto(url);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sus preferencias de correo y mensajes de texto');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
