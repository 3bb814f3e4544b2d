/**
 * A shipped template (templates/) as console copy, for "copy into an editable draft": the
 * subject and preheader from its front matter, the body's HTML back to Markdown (turndown), the
 * button as the call to action. Liquid the editor does not offer (an `{% if %}`) is kept as
 * written, so the editor shows it as an error to fix rather than silently changing the words.
 */
import TurndownService from 'turndown';
import { readEmailSources, readSmsSources } from '../../rendering/build/templateFiles.js';
import { type Language, languages } from '../../rendering/index.js';
import type { EmailCopy, MessageChannel, MessageContent } from '../ports/staff/consoleMessages.js';

const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-' });

const emailCopyOf = (mjml: string, subject: string, preheader: string): EmailCopy => {
  const texts = [...mjml.matchAll(/<mj-text[^>]*>([\s\S]*?)<\/mj-text>/g)].map((m) => m[1] ?? '');
  const button = /<mj-button[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/mj-button>/.exec(mjml);
  return {
    subject,
    preheader,
    body: turndown.turndown(texts.join('\n')).replace(/\\([_*[\]])/g, (m, c: string) => (c === '_' ? '_' : m)),
    ctaLabel: button?.[2]?.trim() ?? '',
    ctaLink: button?.[1]?.trim() ?? '',
  };
};

/** The copy of shipped template `id` on `channel` in both languages; undefined when there is none. */
export const shippedCopy = (channel: MessageChannel, id: string): MessageContent | undefined => {
  if (channel === 'sms') {
    const found = readSmsSources().filter((t) => t.id === id);
    if (found.length !== languages.length) return undefined;
    const body = (l: Language) =>
      (found.find((t) => t.language === l)?.body ?? '').replace(/^\{\{\s*clinic\.name\s*\}\}:\s*/, '').replace(/\s*(Reply|Responda) .*STOP.*$/, '');
    return { channel: 'sms', copy: { en: { body: body('en') }, es: { body: body('es') } } };
  }
  const found = readEmailSources().filter((t) => t.id === id);
  if (found.length !== languages.length) return undefined;
  const copy = (l: Language) => {
    const t = found.find((s) => s.language === l);
    return emailCopyOf(t?.body ?? '', t?.frontMatter.subject ?? '', t?.frontMatter.preheader ?? '');
  };
  return { channel: 'email', sources: found[0]?.frontMatter.sources ?? [], copy: { en: copy('en'), es: copy('es') } };
};
