/**
 * Reads simple form fields from an `application/x-www-form-urlencoded` or `multipart/form-data`
 * body: the two encodings RFC 8058 lets a mailbox provider use for a one-click unsubscribe.
 * File parts are ignored; a repeated field, a missing boundary or an oversized body is refused.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidInput } from '../domain/core/errors.js';
import { PayloadTooLarge, UnsupportedMediaType } from './httpErrors.js';
import { headerOf, MAX_BODY_BYTES } from './readBody.js';

const MAX_PARTS = 20;

const put = (fields: Record<string, string>, name: string, value: string) => {
  if (Object.hasOwn(fields, name)) throw new InvalidInput({ [name]: 'Sent more than once' });
  fields[name] = value;
};

/** Splits a multipart body into its named, non-file fields. */
export const parseMultipart = (body: Buffer, boundary: string): Record<string, string> => {
  const fields: Record<string, string> = {};
  const text = body.toString('utf8');
  const delimiter = `--${boundary}`;
  const chunks = text.split(delimiter);
  if (chunks.length < 3) throw new InvalidInput({ body: 'Malformed multipart body' });
  // chunks[0] is the preamble; the chunk after the closing delimiter starts with "--".
  for (const chunk of chunks.slice(1, MAX_PARTS + 1)) {
    if (chunk.startsWith('--')) break;
    const part = chunk.replace(/^\r?\n/, '');
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) throw new InvalidInput({ body: 'Malformed multipart body' });
    const head = part.slice(0, split);
    const value = part.slice(split).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
    const disposition = /content-disposition:\s*form-data\s*;([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new InvalidInput({ body: 'Malformed multipart body' });
    if (/(?:^|;)\s*filename\*?=/i.test(disposition)) continue;
    put(fields, name, value);
  }
  return fields;
};

export const readFormFields = (event: APIGatewayProxyEventV2, limit = MAX_BODY_BYTES): Record<string, string> => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > limit) throw new PayloadTooLarge(limit);
  const contentType = headerOf(event, 'content-type') ?? '';
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded' || (type === '' && bytes.length > 0)) {
    const fields: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(bytes.toString('utf8'))) put(fields, k, v);
    return fields;
  }
  if (type === 'multipart/form-data') {
    const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw new InvalidInput({ body: 'The multipart body has no boundary' });
    return parseMultipart(bytes, b);
  }
  throw new UnsupportedMediaType();
};

/**
 * The form fields of a POST whose body may be anything (the RFC 8058 one-click URL): undefined
 * when the body is not a readable form (empty, no content type, `text/plain`, JSON, broken
 * multipart, a repeated field). Only an oversized body is still refused (413).
 */
export const readFormFieldsIfAny = (event: APIGatewayProxyEventV2, limit = MAX_BODY_BYTES): Record<string, string> | undefined => {
  try {
    return readFormFields(event, limit);
  } catch (err) {
    if (err instanceof PayloadTooLarge) throw err;
    if (err instanceof InvalidInput || err instanceof UnsupportedMediaType) return undefined;
    throw err;
  }
};
