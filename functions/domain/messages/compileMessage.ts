/**
 * Checks a console-written message and compiles it, at save time and on every preview: the same
 * function answers both, so the editor's live errors are exactly the ones a save refuses.
 *
 * Email copy becomes Markdown → HTML → the shared MJML layout (header, footer, addresses,
 * unsubscribe and the "education, not medical advice" line are the layout's, not the writer's).
 * SMS copy gets the clinic name in front and the STOP hint at the end (S3), which the writer
 * cannot remove either. Each language is rendered with sample data to measure what a patient
 * gets: size against Gmail's clip, SMS segments and encoding, reading grade.
 */
import { isSafeRedirect } from '../../contract/linkTargets.js';
import { compileConsoleEmail } from '../../rendering/build/compileConsoleEmail.js';
import { authoringAssets } from '../../rendering/authoring.js';
import { structuredTextToHtml } from '../../rendering/build/structuredText.js';
import { type Language, languages, type MergeContext } from '../../rendering/index.js';
import { renderEmailEntry } from '../../rendering/renderEmail.js';
import { renderSmsBody } from '../../rendering/renderSms.js';
import { sampleMergeContext } from '../../rendering/merge/sampleMergeContext.js';
import { countSmsSegments, type SmsSegmentCount } from '../../rendering/smsSegments.js';
import type { EmailCatalogEntry } from '../../rendering/templateCatalog.js';
import { measureReadability, type ReadabilityReport, type UnexplainedTerm, unexplainedTerms } from '../../readability/index.js';
import { emailBodyText } from '../../readability/emailBodyText.js';
import type { Settings } from '../core/domainContext.js';
import type { CompiledMessage, EmailCopy, MessageChannel, MessageContent } from '../ports/staff/consoleMessages.js';
import { linkMergeField, mergeFieldProblem } from './mergeFields.js';

/** Gmail clips an email's HTML past 102 KB and hides the rest, footer and unsubscribe link included (bytes). */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/** Longest text message a console message may be, in segments of the encoding it needs. */
export const MAX_SMS_SEGMENTS = 3;
const SUBJECT_MAX = 60;
const PREHEADER = { min: 20, max: 140 } as const;

/** The STOP hint every console-written text ends with (S3): fixed, like the email footer. */
export const SMS_STOP_HINT: Record<Language, string> = { en: 'Reply STOP to opt out.', es: 'Responda STOP para cancelar.' };

export interface LanguagePreview {
  language: Language;
  subject?: string;
  preheader?: string;
  html?: string;
  text: string;
  /** Rendered HTML size in bytes (email), against GMAIL_CLIP_BYTES. */
  bytes?: number;
  sms?: SmsSegmentCount;
  readability?: ReadabilityReport;
  unexplained?: UnexplainedTerm[];
}

export interface CompileOutcome {
  /** Field errors, keyed like the form (`copy.en.subject`); empty when the message can be saved. */
  fields: Record<string, string>;
  compiled?: CompiledMessage;
  previews: LanguagePreview[];
}

/** Where links in console copy may lead (W10): the site, the clinic website, the deployment's allow-list. */
const linkProblem = (href: string, channel: MessageChannel, settings: Settings): string | undefined => {
  const field = linkMergeField(href);
  if (field) return field.channels.includes(channel) ? undefined : `{{ ${field.name} }} cannot be used in a text message`;
  const origins = [settings.publicBaseUrl, settings.clinic.website, ...(settings.linkAllowList ?? [])];
  if (isSafeRedirect(href, origins)) return undefined;
  return `The link ${href.slice(0, 80)} is not on the allow-list: use a link from the merge-field list, or an address on ${origins.map((o) => new URL(o).host).join(', ')}`;
};

const inlineProblem = (value: string, channel: MessageChannel): string | undefined => {
  if (/\{%|%\}/.test(value)) return 'Only merge fields from the list can be used ({% … %} tags cannot)';
  const stray = value.replace(/\{\{[\s\S]*?\}\}/g, '');
  if (/\{\{|\}\}/.test(stray)) return 'A merge field is not closed: it needs {{ and }}';
  for (const m of value.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    const p = mergeFieldProblem(m[1] ?? '', channel);
    if (p) return p;
  }
  return undefined;
};

const sampleContext = (language: Language, settings: Settings): MergeContext => sampleMergeContext(language, settings.clinic);

const checkEmailLanguage = async (language: Language, copy: EmailCopy, sources: string[], settings: Settings, reviewLine: string | undefined) => {
  const fields: Record<string, string> = {};
  const at = (f: keyof EmailCopy) => `copy.${language}.${f}`;
  const subject = copy.subject.trim();
  const preheader = copy.preheader.trim();
  if (!subject) fields[at('subject')] = 'Write a subject';
  else if (subject.length >= SUBJECT_MAX) fields[at('subject')] = `Keep the subject under ${SUBJECT_MAX} characters so phones show it whole (now ${subject.length})`;
  else if (/[<>"]/.test(subject)) fields[at('subject')] = 'No <, > or " in the subject';
  if (preheader.length < PREHEADER.min || preheader.length > PREHEADER.max) fields[at('preheader')] = `Write a preheader of ${PREHEADER.min} to ${PREHEADER.max} characters (now ${preheader.length}): inboxes show it after the subject`;
  else if (/[<>"]/.test(preheader)) fields[at('preheader')] = 'No <, > or " in the preheader';
  for (const f of ['subject', 'preheader'] as const) {
    const p = fields[at(f)] ? undefined : inlineProblem(copy[f], 'email');
    if (p) fields[at(f)] = p;
  }
  const body = structuredTextToHtml(copy.body);
  const bodyProblem =
    (!copy.body.trim() && 'Write the email') ||
    body.problems[0] ||
    inlineProblem(copy.body, 'email') ||
    body.links.map((l) => linkProblem(l, 'email', settings)).find(Boolean);
  if (bodyProblem) fields[at('body')] = bodyProblem;
  const label = copy.ctaLabel.trim();
  const link = copy.ctaLink.trim();
  if (label && !link) fields[at('ctaLink')] = 'The button needs a link: choose where it leads';
  else if (!label && link) fields[at('ctaLabel')] = 'Give the button a label, or clear its link';
  else if (label.length > 40) fields[at('ctaLabel')] = 'Keep the button label to 40 characters';
  else if (label && /[{}<>]/.test(label)) fields[at('ctaLabel')] = 'The button label is plain words (no merge fields or tags)';
  else if (link) {
    const p = linkProblem(link, 'email', settings);
    if (p) fields[at('ctaLink')] = p;
  }
  if (Object.keys(fields).length) return { fields, preview: { language, text: '' } as LanguagePreview };

  const { entry, problems } = await compileConsoleEmail(
    { language, subject, preheader, bodyHtml: body.html, ...(label ? { cta: { label, href: link } } : {}), sources, ...(reviewLine ? { reviewLine } : {}) },
    authoringAssets,
  );
  if (!entry) return { fields: { [at('body')]: `The layout refused this text: ${problems[0]}` }, preview: { language, text: '' } as LanguagePreview };
  const rendered = renderEmailEntry(entry, undefined, sampleContext(language, settings));
  const bytes = Buffer.byteLength(rendered.html, 'utf8');
  if (bytes > GMAIL_CLIP_BYTES) {
    fields[at('body')] = `This email is ${(bytes / 1024).toFixed(0)} KB; Gmail cuts emails over 102 KB and hides the rest (footer and unsubscribe link too). Shorten it.`;
  }
  const bodyText = emailBodyText(rendered.html);
  const preview: LanguagePreview = {
    language,
    subject: rendered.subject,
    preheader: rendered.preheader,
    html: rendered.html,
    text: rendered.text,
    bytes,
    readability: measureReadability(bodyText, language),
    unexplained: unexplainedTerms(bodyText, authoringAssets.plainLanguage, language),
  };
  return { fields, entry, preview };
};

const checkSmsLanguage = (language: Language, body: string, settings: Settings) => {
  const at = `copy.${language}.body`;
  const words = body.trim().replace(/\s*\n\s*/g, ' ');
  const urls = words.match(/https?:\/\/[^\s]+/g) ?? [];
  const problem =
    (!words && 'Write the text message') ||
    inlineProblem(words, 'sms') ||
    ([...words.matchAll(/\{\{[\s\S]*?\}\}/g)].map((m) => m[0]).filter((m) => linkMergeField(m)).map((m) => linkProblem(m, 'sms', settings)).find(Boolean)) ||
    urls.map((u) => linkProblem(u.replace(/[.,;:!?)]+$/, ''), 'sms', settings)).find(Boolean);
  if (problem) return { fields: { [at]: problem }, preview: { language, text: '' } as LanguagePreview };
  // The clinic name first and the STOP hint last are fixed (S3), like the email layout's footer.
  const source = `{{ clinic.name }}: ${words} ${SMS_STOP_HINT[language]}`;
  const text = renderSmsBody(source, undefined, sampleContext(language, settings)).body;
  const sms = countSmsSegments(text);
  const fields: Record<string, string> = {};
  if (sms.segments > MAX_SMS_SEGMENTS) {
    fields[at] = `Too long: ${sms.segments} segments (${sms.characters} characters, ${sms.encoding}); keep it to ${MAX_SMS_SEGMENTS} at most, one is best`;
  }
  return { fields, entry: { body: source }, preview: { language, text, sms } as LanguagePreview };
};

/**
 * Checks and compiles both languages of `content`.
 * @param reviewLine per language, the "Reviewed by … on …" line to put under the body (at approval)
 * @returns field errors (empty when it can be saved), the compiled message when it compiled, previews per language
 */
export const compileMessage = async (content: MessageContent, settings: Settings, reviewLine?: Record<Language, string>): Promise<CompileOutcome> => {
  const fields: Record<string, string> = {};
  const previews: LanguagePreview[] = [];
  if (content.channel === 'email') {
    const unknown = content.sources.filter((s) => !authoringAssets.sources.sources[s]);
    if (unknown.length) fields.sources = `Unknown source ${unknown.join(', ')}: choose from the list`;
    const byLanguage: Partial<Record<Language, EmailCatalogEntry>> = {};
    for (const language of languages) {
      const r = await checkEmailLanguage(language, content.copy[language], content.sources, settings, reviewLine?.[language]);
      Object.assign(fields, r.fields);
      previews.push(r.preview);
      if (r.entry) byLanguage[language] = r.entry;
    }
    const complete = languages.every((l) => byLanguage[l]);
    return { fields, previews, ...(complete ? { compiled: { channel: 'email', byLanguage: byLanguage as Record<Language, EmailCatalogEntry> } } : {}) };
  }
  const byLanguage: Partial<Record<Language, { body: string }>> = {};
  for (const language of languages) {
    const r = checkSmsLanguage(language, content.copy[language].body, settings);
    Object.assign(fields, r.fields);
    previews.push(r.preview);
    if (r.entry) byLanguage[language] = r.entry;
  }
  const complete = languages.every((l) => byLanguage[l]);
  return { fields, previews, ...(complete ? { compiled: { channel: 'sms', byLanguage: byLanguage as Record<Language, { body: string }> } } : {}) };
};
