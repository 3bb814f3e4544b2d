/** Parsing a request part with a zod schema, bad input answered as InvalidInput (400) with its fields. */
import type { z } from 'zod';
import { InvalidInput } from '../domain/core/errors.js';
import { fieldErrorsOf } from '../domain/core/fieldErrors.js';

/** Parses with a schema or throws InvalidInput naming every bad field. */
export const parseOrInvalid = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidInput(fieldErrorsOf(r.error));
  return r.data;
};
