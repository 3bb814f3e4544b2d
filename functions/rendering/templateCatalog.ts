/**
 * The shape of build/templates/catalog.json, written by `npm run build:templates`.
 *
 * Every string is a Liquid template: MJML and html-to-text already ran at build time, so the
 * send worker only runs Liquid (issue 3, Rendering).
 */
import type { Language } from './merge/mergeContext.js';

export interface EmailCatalogEntry {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** Fact ids (F…, R…) the copy relies on, from templates/sources.yaml. */
  facts: string[];
  /** Source ids (S…) listed in the footer. */
  sources: string[];
}

export interface SmsCatalogEntry {
  body: string;
}

export interface TemplateCatalog {
  email: Record<string, Record<Language, EmailCatalogEntry>>;
  sms: Record<string, Record<Language, SmsCatalogEntry>>;
}

/** A console-written template (`msg-…`, issue 14) as published: compiled at save time, Liquid only at send time. */
export type CompiledTemplate =
  | { channel: 'email'; byLanguage: Record<Language, EmailCatalogEntry> }
  | { channel: 'sms'; byLanguage: Record<Language, SmsCatalogEntry> };

/** Finds the published version of a console-written template; undefined when none is published. */
export type PublishedTemplateLookup = (templateId: string) => Promise<{ version: number; compiled: CompiledTemplate } | undefined>;

/** Ids of console-written templates start with this; every other id is a shipped catalog template. */
export const CONSOLE_TEMPLATE_PREFIX = 'msg-';
