/**
 * Turns zod issues into `{ "steps.2.after": "message" }`, the `fields` of an InvalidInput (400):
 * one message per field (the first), keyed by the issue's path joined with dots; unknown keys are
 * named themselves ("Unknown field"); an issue about the whole value is keyed `body`. The domain's
 * forms (signup, booking) and the HTTP layer's parseOrInvalid share it, so every 400 names fields alike.
 * @param prefix put before every key but `body` (a nested form's name)
 */
import type { z } from 'zod';

export const fieldErrorsOf = (error: z.ZodError, prefix = ''): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const key = issue.code === 'unrecognized_keys' ? [path, issue.keys.join(',')].filter(Boolean).join('.') : path || 'body';
    fields[prefix && key !== 'body' ? `${prefix}.${key}` : key] ??= issue.code === 'unrecognized_keys' ? 'Unknown field' : issue.message;
  }
  return fields;
};
