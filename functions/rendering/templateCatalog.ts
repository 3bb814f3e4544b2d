/**
 * The shape of build/templates/catalog.json, written by `npm run build:templates`.
 *
 * Every string is a Liquid template: MJML and html-to-text already ran at build time, so the
 * send worker only runs Liquid (issue 3, Rendering).
 */
import type { Language } from './mergeContext.js';

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
