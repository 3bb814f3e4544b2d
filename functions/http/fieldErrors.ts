/** Turns zod issues into `{ "steps.2.after": "message" }`, the `fields` of an InvalidInput (400). */
import type { z } from 'zod';
import { InvalidInput } from '../domain/core/errors.js';

export const fieldErrorsOf = (error: z.ZodError, prefix = ''): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const key = issue.code === 'unrecognized_keys' ? [path, issue.keys.join(',')].filter(Boolean).join('.') : path || 'body';
    fields[prefix && key !== 'body' ? `${prefix}.${key}` : key] ??= issue.code === 'unrecognized_keys' ? 'Unknown field' : issue.message;
  }
  return fields;
};

/** Parses with a schema or throws InvalidInput naming every bad field. */
export const parseOrInvalid = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidInput(fieldErrorsOf(r.error));
  return r.data;
};
