/**
 * A patient signs up in a real browser, confirms from the outbox link and is enrolled; the page
 * passes axe-core with no serious or critical violation and works without JavaScript.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import { axeSource, launchChromium } from '../support/browser.js';
import { HONEYPOT_FIELD } from '../../functions/domain/signup/SignupForm.js';
import { itemsOfType, signupFormToken, tableItems } from '../support/testStack.js';

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

describe('signup in a browser', () => {
  it('has no serious or critical accessibility violation in either language (axe-core)', async () => {
    // The page's CSP rightly blocks injected scripts; axe is a test tool, so bypass CSP for it only.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const lang of ['en', 'es']) {
      await page.goto(`${stack.baseUrl}/?lang=${lang}`);
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as {
        violations: { id: string; impact: string }[];
      };
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => v.id)).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
    }
    await context.close();
  });

  it('subscribes with JavaScript, confirms from the outbox link and is enrolled', async () => {
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.getByLabel('First name (optional)').fill('Rosa');
    await page.getByLabel('Email address', { exact: true }).fill('rosa.browser@example.com');
    await page.getByLabel('Mobile phone number').fill('(714) 555-0166');
    await page.getByLabel(/email me the/).check();
    await page.getByLabel(/recurring automated marketing/).check();
    await page.waitForTimeout(3_100); // a person takes longer than the signed time trap (W2)
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/confirm your subscription/);
    await stack.settle();

    const mail = stack.outbox.all().find((e) => e.to === 'rosa.browser@example.com');
    const link = mail?.html?.match(/href="([^"]*\/api\/confirm\?[^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    expect(link).toBeDefined();
    await page.goto(link as string);
    // Opening the link shows one button and changes nothing (mail scanners open every link).
    await expect.poll(() => page.locator('h1').textContent()).toBe('Confirm your subscription');
    const pending = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === 'rosa.browser@example.com');
    expect(pending?.emailStatus).toBe('pending');
    await page.getByRole('button', { name: 'Yes, confirm my subscription' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You are confirmed');
    expect(await page.locator('.notice').textContent()).toMatch(/series will start shortly/);

    const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === 'rosa.browser@example.com');
    expect(sub).toMatchObject({ firstName: 'Rosa', timezone: 'America/New_York', emailStatus: 'confirmed', smsStatus: 'pending', phone: '+17145550166' });
    const enrollment = (await itemsOfType(stack, 'enrollment')).find((e) => e.subscriberId === sub?.subscriberId);
    expect(enrollment).toMatchObject({ sequenceId: 'cervical-dystonia', status: 'active' });
    const ledger = (await itemsOfType(stack, 'consent')).filter((c) => c.subscriberId === sub?.subscriberId && c.action === 'confirmed');
    expect(ledger).toHaveLength(1);
    expect(ledger[0]?.userAgent).toMatch(/Chrom/);

    // A scripted GET and HEAD of the same link afterwards change nothing.
    const before = JSON.stringify(await tableItems(stack));
    for (const method of ['GET', 'HEAD']) expect((await fetch(link as string, { method })).status).toBeLessThan(500);
    expect(JSON.stringify(await tableItems(stack))).toBe(before);
    await context.close();
  });

  it('confirms a pending address with JavaScript off: open the link, press the button, enrolled; GET and HEAD before it change nothing', async () => {
    const email = `nojs.confirm+${Date.now()}@example.com`;
    const r = await fetch(`${stack.baseUrl}/api/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.baseUrl },
      body: JSON.stringify({ email, consentEmail: true, language: 'en', timezone: 'America/Los_Angeles', formToken: await signupFormToken(stack) }),
    });
    expect(r.status).toBe(202);
    await stack.settle();
    const link = stack.outbox.all().find((e) => e.to === email)?.text?.match(/https?:\/\/\S+\/api\/confirm\?\S+/)?.[0] as string;
    const before = JSON.stringify(await tableItems(stack));
    for (const method of ['GET', 'HEAD', 'GET']) await fetch(link, { method });
    expect(JSON.stringify(await tableItems(stack))).toBe(before);

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Yes, confirm my subscription' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You are confirmed');
    const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === email);
    expect(sub?.emailStatus).toBe('confirmed');
    expect((await itemsOfType(stack, 'enrollment')).filter((e) => e.subscriberId === sub?.subscriberId)).toHaveLength(1);
    await context.close();
  });

  it('shows field errors next to the fields and moves focus to the first one', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.getByLabel('Email address', { exact: true }).fill('not-an-email');
    await page.getByLabel(/email me the/).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.locator('#email-error').textContent()).toMatch(/valid email/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await page.close();
  });

  it('works without JavaScript through a plain form post', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/?lang=es`);
    await page.getByLabel('Correo electrónico', { exact: true }).fill('nojs@example.com');
    await page.getByLabel(/envíenme por correo/).check();
    await page.waitForTimeout(3_100);
    await page.getByRole('button', { name: 'Suscribirme' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/Revise su correo/);
    await stack.settle();
    const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === 'nojs@example.com');
    expect(sub).toMatchObject({ language: 'es', timezone: 'America/Los_Angeles' });
    await context.close();
  });

  it('a person whose browser autofills and submits at once gets the form back with a plain message, presses again and is sent a confirmation (issue 11)', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const email = `autofill.${javaScriptEnabled ? 'js' : 'nojs'}+${Date.now()}@example.com`;
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      stack.clock.hold(); // the post arrives 0 s after the page rendered, whatever the CPU load
      try {
        await page.goto(`${stack.baseUrl}/`);
        await page.getByLabel('Email address', { exact: true }).fill(email);
        await page.getByLabel(/email me the/).check();
        await page.getByRole('button', { name: 'Subscribe' }).click();
        await expect.poll(() => page.locator('#status').textContent()).toContain('Please check your details and press Subscribe again');
        expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe(email);
        expect(await page.getByLabel(/email me the/).isChecked()).toBe(true);
        await stack.settle();
        expect(stack.outbox.all().filter((e) => e.to === email)).toHaveLength(0);
      } finally {
        stack.clock.release();
      }
      await stack.advance('PT5S'); // the person reads the message and looks the form over
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/confirm your subscription/);
      await stack.settle();
      expect(stack.outbox.all().filter((e) => e.to === email && e.text?.includes('/api/confirm?'))).toHaveLength(1);
      await context.close();
    }
  });

  it('can be completed with the keyboard alone', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.baseUrl}/`);
    const order: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || ''));
    }
    for (const id of ['firstName', 'email', 'phone', 'language', 'consentEmail', 'consentSms']) expect(order).toContain(id);
    expect(order).not.toContain(HONEYPOT_FIELD);
    await page.close();
  });
});
