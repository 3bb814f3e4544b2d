/**
 * Renders one SMS body from the precompiled catalog, or a console-written one (`msg-…`) from its
 * published version (no escaping: SMS is plain text).
 *
 * @example
 * const { body } = await renderSms('optin-confirm', 'en', ctx);
 */
import { catalog } from './catalog.js';
import { clinicResolvedTemplate } from './clinicResolved.js';
import { textEngine } from './liquidEngines.js';
import type { Language, MergeContext, RenderedSmsContent } from './merge/mergeContext.js';
import type { RenderOptions } from './renderOptions.js';
import { mergeScope } from './merge/mergeScope.js';
import { CONSOLE_TEMPLATE_PREFIX } from './templateCatalog.js';
import { UnknownTemplate } from './UnknownTemplate.js';

export const renderSms = async (
  templateId: string,
  language: Language,
  ctx: MergeContext,
  opts: RenderOptions = {},
): Promise<RenderedSmsContent> => {
  let source: string | undefined;
  let key = `sms:${templateId}:${language}`;
  if (templateId.startsWith(CONSOLE_TEMPLATE_PREFIX)) {
    const found = await opts.published?.(templateId);
    source = found?.compiled.channel === 'sms' ? found.compiled.byLanguage[language]?.body : undefined;
    key = `sms:${templateId}@${found?.version}:${language}`;
  } else {
    source = Object.hasOwn(catalog.sms, templateId) ? catalog.sms[templateId]?.[language]?.body : undefined;
  }
  if (source === undefined) throw new UnknownTemplate('sms', templateId, language);
  return renderSmsBody(source, key, ctx, opts);
};

/** Runs Liquid on one SMS body; `key` names its parse cache entry (none: not cached, for unsaved drafts). */
export const renderSmsBody = (source: string, key: string | undefined, ctx: MergeContext, opts: RenderOptions = {}): RenderedSmsContent => {
  const strict = opts.strict ?? false;
  // Clinic fields filled in once per clinic profile (clinicResolved.ts); an unsaved draft (no key) is parsed as it is.
  const template = key ? clinicResolvedTemplate(textEngine, key, source, ctx.clinic, strict) : textEngine.parse(source);
  const body = textEngine.renderSync(template, mergeScope(ctx), { strictVariables: strict });
  // A merge value with a line break or double space would cost characters (and segments).
  return { body: body.replace(/[ \t]{2,}/g, ' ').trim() };
};
