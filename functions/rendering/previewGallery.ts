/**
 * Renders every template in every language with sample data, as files for a gallery:
 * `index.html` (each email in 375 px and 800 px iframes with its readability grade beside it,
 * every SMS with its segment count),
 * `email/<id>.<lang>.html|.txt` and `sms/<id>.<lang>.txt`.
 *
 * `npm run preview` writes these to preview/; local mode serves the same map at `/preview/`
 * (paths are relative, so serve `index.html` at `/preview/`, with the trailing slash).
 */
import { patientEmailIds } from '../readability/catalogReadability.js';
import { emailBodyText } from '../readability/emailBodyText.js';
import { describeReadability, measureReadability, type ReadabilityReport, readabilityTargets } from '../readability/measureReadability.js';
import type { Language } from './merge/mergeContext.js';
import { languages } from './merge/mergeContext.js';
import { renderEmail } from './renderEmail.js';
import { renderSms } from './renderSms.js';
import { sampleMergeContext } from './merge/sampleMergeContext.js';
import { countSmsSegments, type SmsSegmentCount } from './smsSegments.js';
import { emailTemplateIds, smsTemplateIds } from './templateIds.js';

export interface PreviewFile {
  contentType: string;
  body: string;
}

const html = 'text/html; charset=utf-8';
const text = 'text/plain; charset=utf-8';

export const renderPreviewGallery = async (): Promise<Map<string, PreviewFile>> => {
  const files = new Map<string, PreviewFile>();
  const emails: GalleryEmail[] = [];
  const patientIds = new Set(patientEmailIds());
  const texts: { id: string; language: Language; body: string; count: SmsSegmentCount }[] = [];
  for (const language of languages) {
    const ctx = sampleMergeContext(language);
    for (const id of emailTemplateIds()) {
      const email = await renderEmail(id, language, ctx, { strict: true });
      files.set(`email/${id}.${language}.html`, { contentType: html, body: email.html });
      files.set(`email/${id}.${language}.txt`, { contentType: text, body: `Subject: ${email.subject}\n\n${email.text}\n` });
      const readability = patientIds.has(id) ? measureReadability(emailBodyText(email.html), language) : undefined;
      emails.push({ id, language, subject: email.subject, preheader: email.preheader, readability });
    }
    for (const id of smsTemplateIds()) {
      const { body } = await renderSms(id, language, ctx, { strict: true });
      const count = countSmsSegments(body);
      files.set(`sms/${id}.${language}.txt`, { contentType: text, body: `${body}\n\n-- ${describe(count)}\n` });
      texts.push({ id, language, body, count });
    }
  }
  files.set('index.html', { contentType: html, body: galleryPage(emails, texts) });
  return files;
};

interface GalleryEmail {
  id: string;
  language: Language;
  subject: string;
  preheader: string;
  /** Patient emails only; the clinic inbox notification is not patient copy. */
  readability: ReadabilityReport | undefined;
}

const target = { en: `target: grade ${readabilityTargets.maxEnglishGrade} or below`, es: `objetivo: INFLESZ ${readabilityTargets.minSpanishScore} o más` } as const;

const gradeBadge = (e: GalleryEmail): string => {
  if (!e.readability) return '<p class="grade">Readability: not measured (sent to the clinic, not to patients)</p>';
  const ok = e.readability.meetsTarget;
  return `<p class="grade ${ok ? 'ok' : 'over'}">Readability: <b>${escapeHtml(describeReadability(e.readability))}</b> · ${e.readability.words} words · ${target[e.language]} · ${ok ? 'within target' : 'ABOVE TARGET'}</p>`;
};

const describe = (c: SmsSegmentCount): string =>
  `${c.characters} characters, ${c.encoding}, ${c.segments} segment${c.segments === 1 ? '' : 's'}`;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const galleryPage = (
  emails: GalleryEmail[],
  texts: { id: string; language: Language; body: string; count: SmsSegmentCount }[],
): string => {
  const emailBlocks = emails.map((e) => {
    const file = `email/${e.id}.${e.language}`;
    return `<section><h2>${escapeHtml(e.id)} <small>${e.language}</small></h2>
${gradeBadge(e)}
<p><b>${escapeHtml(e.subject)}</b><br>${escapeHtml(e.preheader)}<br><a href="${file}.html">HTML</a> · <a href="${file}.txt">text</a></p>
<div class="frames"><iframe title="${escapeHtml(e.id)} ${e.language} at 375 px" src="${file}.html" width="375" height="760" sandbox></iframe>
<iframe title="${escapeHtml(e.id)} ${e.language} at 800 px" src="${file}.html" width="800" height="760" sandbox></iframe></div></section>`;
  });
  const smsRows = texts.map(
    (t) =>
      `<tr><td>${escapeHtml(t.id)}</td><td>${t.language}</td><td>${escapeHtml(t.body)}</td><td>${describe(t.count)}</td></tr>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Carecast template preview</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1f2933}section{margin:0 0 40px}
.frames{display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start}iframe{border:1px solid #c8d1d8;background:#fff}
table{border-collapse:collapse}td,th{border:1px solid #c8d1d8;padding:6px 8px;vertical-align:top;text-align:left}small{color:#5b6770}
.grade{display:inline-block;padding:4px 8px;border-radius:4px;background:#eef2f4}.grade.ok{background:#e3f4e8}.grade.over{background:#fde8e8}</style></head>
<body><h1>Carecast template preview</h1><p>Rendered with sample data (functions/rendering/sampleMergeContext.ts).</p>
<h2>Text messages</h2><table><tr><th>Template</th><th>Lang</th><th>Body</th><th>Size</th></tr>${smsRows.join('\n')}</table>
<h2>Emails</h2>${emailBlocks.join('\n')}</body></html>`;
};
