/**
 * Send-time rendering: the only module the send worker imports from here.
 *
 * Keep this import graph free of mjml and html-to-text (tested by bundling it with esbuild):
 * the worker bundle must stay under 1 MB (issue 3).
 */
export type { Language, MergeContext, RenderedEmailContent, RenderedSmsContent } from './merge/mergeContext.js';
export type { RenderOptions } from './renderOptions.js';
export type { CompiledTemplate, PublishedTemplateLookup } from './templateCatalog.js';
export { CONSOLE_TEMPLATE_PREFIX } from './templateCatalog.js';
export { languages } from './merge/mergeContext.js';
export { renderEmail } from './renderEmail.js';
export { renderSms } from './renderSms.js';
export { emailTemplateIds, smsTemplateIds, templateLanguages } from './templateIds.js';
export { UnknownTemplate } from './UnknownTemplate.js';
