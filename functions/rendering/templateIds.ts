/** The template ids the catalog holds, for schedulers and tests to check references against. */
import { catalog } from './catalog.js';

export const emailTemplateIds = (): string[] => Object.keys(catalog.email).sort();
export const smsTemplateIds = (): string[] => Object.keys(catalog.sms).sort();

/** The languages a catalog template is written in (`[]` for an unknown id). */
export const templateLanguages = (channel: 'email' | 'sms', id: string): string[] => Object.keys(catalog[channel][id] ?? {}).sort();
