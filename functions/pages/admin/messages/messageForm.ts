/** The message editor's form fields as the API's bodies (SaveMessageBody's shape), and back. */
import type { MessageChannel, MessageContent } from '../../../domain/ports/staff/consoleMessages.js';
import { languages } from '../../../rendering/index.js';

const EMAIL_FIELDS = ['subject', 'preheader', 'body', 'ctaLabel', 'ctaLink'] as const;

/** `copy.en.subject`, `source.S3=on`… → MessageContent (unvalidated: the caller parses it). */
export const contentFromForm = (channel: MessageChannel, f: Record<string, string>) => {
  const lang = (l: string, fields: readonly string[]) => Object.fromEntries(fields.map((k) => [k, f[`copy.${l}.${k}`] ?? '']));
  if (channel === 'sms') return { channel, copy: Object.fromEntries(languages.map((l) => [l, lang(l, ['body'])])) };
  const sources = Object.keys(f)
    .filter((k) => k.startsWith('source.') && f[k] === 'on')
    .map((k) => k.slice('source.'.length));
  return { channel, sources, copy: Object.fromEntries(languages.map((l) => [l, lang(l, EMAIL_FIELDS)])) };
};

/** The save body of the editor form. */
export const saveBodyFromForm = (channel: MessageChannel, f: Record<string, string>) => ({
  revision: Number(f.revision),
  name: f.name ?? '',
  content: contentFromForm(channel, f),
});

/** MessageContent → form values, to fill the editor. */
export const formValuesOf = (name: string, content: MessageContent | undefined): Record<string, string> => {
  const values: Record<string, string> = { name };
  if (!content) return values;
  for (const l of languages) {
    const copy = content.copy[l] as unknown as Record<string, string>;
    for (const [k, v] of Object.entries(copy)) values[`copy.${l}.${k}`] = v;
  }
  if (content.channel === 'email') for (const s of content.sources) values[`source.${s}`] = 'on';
  return values;
};

/** `content.copy.en.body` (schema path) → `copy.en.body` (form field). */
export const formFieldErrors = (fields: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^content\./, ''), v]));
