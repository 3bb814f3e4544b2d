/**
 * Every template rendered once per language with sample data (strict), shared by the content
 * tests so each file asserts on the same output.
 */
import { type Language, languages, renderEmail, renderSms } from '../../../functions/rendering/index.js';
import { emailTemplateIds, smsTemplateIds } from '../../../functions/rendering/templateIds.js';
import { sampleMergeContext } from '../../../functions/rendering/merge/sampleMergeContext.js';
import type { RenderedEmailContent } from '../../../functions/rendering/merge/mergeContext.js';

export interface RenderedEmailCase extends RenderedEmailContent {
  id: string;
  language: Language;
}

export interface RenderedSmsCase {
  id: string;
  language: Language;
  body: string;
}

export const renderAllEmails = async (): Promise<RenderedEmailCase[]> => {
  const out: RenderedEmailCase[] = [];
  for (const language of languages) {
    for (const id of emailTemplateIds()) {
      out.push({ id, language, ...(await renderEmail(id, language, sampleMergeContext(language), { strict: true })) });
    }
  }
  return out;
};

export const renderAllSms = async (): Promise<RenderedSmsCase[]> => {
  const out: RenderedSmsCase[] = [];
  for (const language of languages) {
    for (const id of smsTemplateIds()) {
      out.push({ id, language, ...(await renderSms(id, language, sampleMergeContext(language), { strict: true })) });
    }
  }
  return out;
};

/** `id (lang)` labels for it.each. */
export const label = (c: { id: string; language: Language }): string => `${c.id} (${c.language})`;
