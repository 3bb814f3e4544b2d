/**
 * Renders one SMS body from the precompiled catalog (no escaping: SMS is plain text).
 *
 * @example
 * const { body } = await renderSms('optin-confirm', 'en', ctx);
 */
import { catalog } from './catalog.js';
import { clinicResolvedTemplate } from './clinicResolved.js';
import { textEngine } from './liquidEngines.js';
import type { Language, MergeContext, RenderedSmsContent, RenderOptions } from './mergeContext.js';
import { mergeScope } from './mergeScope.js';
import { UnknownTemplate } from './UnknownTemplate.js';

export const renderSms = async (
  templateId: string,
  language: Language,
  ctx: MergeContext,
  opts: RenderOptions = {},
): Promise<RenderedSmsContent> => {
  const entry = Object.hasOwn(catalog.sms, templateId) ? catalog.sms[templateId]?.[language] : undefined;
  if (!entry) throw new UnknownTemplate('sms', templateId, language);
  const strict = opts.strict ?? false;
  const template = clinicResolvedTemplate(textEngine, `sms:${templateId}:${language}`, entry.body, ctx.clinic, strict);
  const body = textEngine.renderSync(template, mergeScope(ctx), { strictVariables: strict });
  // A merge value with a line break or double space would cost characters (and segments).
  return { body: body.replace(/[ \t]{2,}/g, ' ').trim() };
};
