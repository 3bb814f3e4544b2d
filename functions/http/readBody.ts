/**
 * Reads a JSON or form-encoded request body with a size limit (W5, W7). The JSON path needs
 * `application/json` (which forces a CORS preflight); anything else is refused before parsing.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidInput } from '../domain/core/errors.js';
import { PayloadTooLarge, UnsupportedMediaType } from './httpErrors.js';

export const MAX_BODY_BYTES = 8 * 1024;

export type BodyKind = 'json' | 'form';

export const headerOf = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
};

/** A no-JavaScript form post (its errors come back as a page, not JSON). */
export const isFormPost = (event: APIGatewayProxyEventV2): boolean =>
  (headerOf(event, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

export const readBody = (event: APIGatewayProxyEventV2, limit = MAX_BODY_BYTES): { kind: BodyKind; value: Record<string, unknown> } => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > limit) throw new PayloadTooLarge(limit);
  const type = (headerOf(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const text = bytes.toString('utf8');
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new InvalidInput({ body: 'The body is not valid JSON' });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidInput({ body: 'The body must be a JSON object' });
    }
    return { kind: 'json', value: value as Record<string, unknown> };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const value: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      if (k in value) throw new InvalidInput({ [k]: 'Sent more than once' });
      value[k] = v;
    }
    return { kind: 'form', value };
  }
  throw new UnsupportedMediaType();
};
