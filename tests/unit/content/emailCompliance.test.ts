import { describe, expect, it } from 'vitest';
import { catalog } from '../../../functions/rendering/catalog.js';
import { loadDefaultClinicProfile } from '../../../functions/rendering/clinicProfile.js';
import { loadSourceList } from '../../../functions/rendering/build/sourceList.js';
import { readEmailSources } from '../../../functions/rendering/build/templateFiles.js';
import { sampleMergeContext } from '../../../functions/rendering/merge/sampleMergeContext.js';
import { label, renderAllEmails } from './renderedTemplates.js';

const emails = await renderAllEmails();
const sources = readEmailSources();
const clinic = loadDefaultClinicProfile();
const sourceUrls = new Set(Object.values(loadSourceList().sources).map((s) => s.url));
const audienceOf = (id: string) => sources.find((s) => s.id === id)?.frontMatter.audience;
const patientEmails = emails.filter((e) => audienceOf(e.id) === 'patient');

const disclaimer = {
  en: 'This information is for education only and is not medical advice; in an emergency, call 911.',
  es: 'Esta información es solo educativa y no constituye consejo médico; en caso de emergencia, llame al 911.',
} as const;

const decodeEntities = (s: string) =>
  s.replace(/&amp;/g, '&').replace(/&quot;|&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('every email', () => {
  it.each(emails.map((e) => [label(e), e] as const))('%s has a subject under 60 characters without "Re:" or "Fwd:" (E6)', (_, e) => {
    expect(e.subject.length).toBeGreaterThan(0);
    expect(e.subject.length).toBeLessThan(60);
    expect(e.subject).not.toMatch(/^\s*(re|fwd?|rv|reenv)\s*:/i);
  });

  it.each(emails.map((e) => [label(e), e] as const))('%s has a preheader, hidden in the HTML and absent from the text part', (_, e) => {
    expect(e.preheader.length).toBeGreaterThanOrEqual(20);
    expect(decodeEntities(e.html)).toContain(e.preheader);
    expect(e.text).not.toContain(e.preheader);
  });

  it.each(emails.map((e) => [label(e), e] as const))('%s declares its language on <html>', (_, e) => {
    expect(e.html).toMatch(new RegExp(`<html[^>]*\\blang="${e.language}"`));
  });

  it.each(emails.map((e) => [label(e), e] as const))('%s gives every image alt text', (_, e) => {
    const images = e.html.match(/<img\b[^>]*>/g) ?? [];
    for (const img of images) expect(img).toMatch(/\balt="[^"]+"/);
  });

  it.each(emails.map((e) => [label(e), e] as const))('%s has a non-empty plain-text part with no leftover Liquid', (_, e) => {
    expect(e.text.length).toBeGreaterThan(200);
    for (const part of [e.subject, e.preheader, e.html, e.text]) expect(part).not.toMatch(/\{\{|\{%|\[\[|\[%/);
  });

  it.each(emails.map((e) => [label(e), e] as const))('%s renders under 100 KB of HTML (Gmail clips at 102 KB)', (_, e) => {
    expect(Buffer.byteLength(e.html, 'utf8')).toBeLessThan(100 * 1024);
  });

  it.each(emails.map((e) => [label(e), e] as const))("%s carries every location's postal address in both parts (E1)", (_, e) => {
    for (const location of clinic.locations) {
      expect(decodeEntities(e.html)).toContain(location.address);
      expect(e.text).toContain(location.address);
    }
  });

  it.each(emails.map((e) => [label(e), e] as const))('%s carries the disclaimer verbatim in its language (facts sheet §7)', (_, e) => {
    expect(decodeEntities(e.html)).toContain(disclaimer[e.language]);
    expect(e.text).toContain(disclaimer[e.language]);
  });
});

describe('every email to a patient', () => {
  it.each(patientEmails.map((e) => [label(e), e] as const))('%s shows a visible unsubscribe link in HTML and text (E2)', (_, e) => {
    const { unsubscribe, preferences } = sampleMergeContext(e.language).links;
    expect(e.html).toMatch(
      new RegExp(`<a [^>]*href="${unsubscribe}"[^>]*>\\s*(Unsubscribe|Cancelar la suscripción)\\s*</a>`, 'i'),
    );
    expect(e.text).toMatch(new RegExp(`(Unsubscribe|Cancelar la suscripción) \\[${unsubscribe}\\]`, 'i'));
    expect(e.html).toContain(`href="${preferences}"`);
  });

  it('leaves the unsubscribe link out of the clinic inbox notification, which is not a subscription', () => {
    const notification = emails.filter((e) => e.id === 'booking-notification');

    expect(notification).toHaveLength(2);
    for (const e of notification) expect(e.html).not.toContain(sampleMergeContext(e.language).links.unsubscribe);
  });
});

describe('links in compiled templates', () => {
  const mergeLink = /^\{\{ links\.(unsubscribe|preferences|booking|confirm|terms|privacy) \}\}$/;
  const clinicLink = /^(\{\{ clinic\.website \}\}|mailto:\{\{ clinic\.email \}\}|tel:\{\{ clinic\.phone[^}]*\}\})$/;
  const entries = Object.entries(catalog.email).flatMap(([id, byLanguage]) =>
    Object.entries(byLanguage).map(([language, entry]) => [`${id} (${language})`, entry] as const),
  );

  it.each(entries)('%s links only to merge links, listed sources or the clinic (W10)', (_, entry) => {
    const hrefs = [...entry.html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => decodeEntities(m[1] ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(mergeLink.test(href) || clinicLink.test(href) || sourceUrls.has(href), `unexpected link ${href}`).toBe(true);
    }
    const textUrls = entry.text.replace(/\{\{[^}]*\}\}/g, '').match(/\bhttps?:\/\/[^\s\]]+/g) ?? [];
    for (const url of textUrls) expect(sourceUrls.has(url), `unexpected URL in text part ${url}`).toBe(true);
  });
});

describe('calls to action', () => {
  it.each(sources.map((s) => [`${s.id} (${s.language})`, s] as const))('%s has one clear call to action at most, exactly one in a drip step', (_, s) => {
    const buttons = s.body.match(/<mj-button\b/g)?.length ?? 0;
    const required = s.frontMatter.kind === 'sequence' || s.id === 'confirm-email';
    if (required) expect(buttons).toBe(1);
    else expect(buttons).toBeLessThanOrEqual(1);
  });
});
