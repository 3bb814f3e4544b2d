/**
 * The send path's view of console-written messages: the published version's compiled form, one
 * read (`getPublishedMessage`) per render of a `msg-…` id. Shipped ids never reach it.
 */
import type { PublishedTemplateLookup } from '../../rendering/index.js';
import type { ConsoleMessages } from '../ports/staff/consoleMessages.js';

export const publishedTemplates =
  (store: Pick<ConsoleMessages, 'getPublishedMessage'>): PublishedTemplateLookup =>
  async (templateId) => {
    const p = await store.getPublishedMessage(templateId);
    return p ? { version: p.version, compiled: p.compiled } : undefined;
  };
