/** The template ids the catalog holds, for schedulers and tests to check references against. */
import { catalog } from './catalog.js';

export const emailTemplateIds = (): string[] => Object.keys(catalog.email).sort();
export const smsTemplateIds = (): string[] => Object.keys(catalog.sms).sort();
