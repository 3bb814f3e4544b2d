/**
 * fast-check arbitraries for hostile HTTP requests (issue 8): arbitrary JSON, form and multipart
 * bodies, raw bytes, oversized bodies, odd content types, origins, cookies, bearer tokens and
 * path parameters, plus a sender and a table snapshot to compare before and after. No
 * assertions about product behaviour.
 */
import fc from 'fast-check';
import type { Route } from '../../functions/contract/routes.js';
import type { LocalStack } from '../../local/localStack.js';
import { tableItems } from './testStack.js';

export interface HostileRequest {
  path: string;
  method: Route['method'];
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** Header values fetch accepts: printable ASCII, no CR/LF (those are the transport's to refuse). */
const headerText = fc.string({ unit: 'binary-ascii', maxLength: 80 }).filter((s) => /^[\x20-\x7e]*$/.test(s));
const nasty = fc.constantFrom('..', '%2e%2e%2f', '__proto__', 'constructor', 'toString', '<script>alert(1)</script>', "' OR 1=1 --", '\u0000', '${7*7}', '{{7*7}}', 'a'.repeat(600), 'k1..', 'k1.e30.', '.', '%00', '\r\nBcc: x@evil.example');
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), nasty);

/** Field names the public forms use, and a few that must be refused. */
const fieldName = fc.oneof(
  fc.constantFrom('email', 'phone', 'firstName', 'language', 'timezone', 'consentEmail', 'consentSms', 'website', 'formToken', 'token', 'location', 'preferredTimes', 'reason', 'consentContact', 'action', 'confirm', 'List-Unsubscribe', '_csrf', '__proto__', 'constructor', 'symptoms', 'version', 'definition', 'audience', 'template', 'startAt', 'openFrom', 'query'),
  fc.string({ maxLength: 12 }),
);
const jsonObject = fc.dictionary(fieldName, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });

const multipart = fc.tuple(fc.array(fc.tuple(fieldName, text), { maxLength: 4 }), fc.boolean()).map(([fields, broken]) => {
  const boundary = 'xYzBoundary42';
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '')}"\r\n\r\n${v}\r\n`).join('');
  return { type: broken ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`, body: `${parts}--${boundary}--\r\n` };
});

const body = fc.oneof(
  jsonObject.map((o) => ({ type: 'application/json', body: JSON.stringify(o) })),
  fc.jsonValue().map((v) => ({ type: 'application/json', body: JSON.stringify(v) ?? 'null' })),
  fc.string({ maxLength: 200 }).map((s) => ({ type: 'application/json', body: s })),
  fc.array(fc.tuple(fieldName, text), { maxLength: 8 }).map((pairs) => ({ type: 'application/x-www-form-urlencoded', body: new URLSearchParams(pairs).toString() })),
  multipart,
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ type: 'application/octet-stream', body: bytes })),
  fc.integer({ min: 8 * 1024, max: 64 * 1024 }).map((n) => ({ type: 'application/json', body: `{"email":"${'a'.repeat(n)}"}` })),
  fc.constantFrom('text/plain', 'application/xml', '', 'application/json; charset=utf-16', 'APPLICATION/JSON').chain((type) => fc.string({ maxLength: 100 }).map((b) => ({ type, body: b }))),
);

const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `10.${a}.${b}.${c}`);

/** Arbitrary requests for one route, its path parameters filled with anything. */
export const hostileRequest = (route: Route, baseUrl: string, bearer?: string): fc.Arbitrary<HostileRequest> =>
  fc
    .record({
      params: fc.array(fc.oneof(text, fc.string({ unit: 'grapheme', maxLength: 80 })), { minLength: 4, maxLength: 4 }),
      query: fc.array(fc.tuple(fc.oneof(fc.constantFrom('token', 't', 'lang', 'id', 'q'), fc.string({ maxLength: 8 })), text), { maxLength: 4 }),
      body,
      origin: fc.option(fc.constantFrom(baseUrl, 'https://evil.example', 'null', 'http://localhost'), { nil: undefined }),
      referer: fc.option(fc.oneof(headerText, fc.constant(`${baseUrl}/`)), { nil: undefined }),
      cookie: fc.option(fc.oneof(headerText, headerText.map((v) => `carecast-staff=${v}`)), { nil: undefined }),
      authorization: fc.option(fc.oneof(headerText, headerText.map((v) => `Bearer ${v}`), fc.constant(bearer ? `Bearer ${bearer}` : 'Bearer x')), { nil: undefined }),
      language: fc.option(headerText, { nil: undefined }),
      ip,
    })
    .map((r) => {
      let i = 0;
      const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(r.params[i++] ?? ''));
      const query = new URLSearchParams(r.query).toString();
      const headers: Record<string, string> = { 'x-carecast-test-ip': r.ip };
      if (r.origin) headers.origin = r.origin;
      if (r.referer !== undefined) headers.referer = r.referer;
      if (r.cookie !== undefined) headers.cookie = r.cookie;
      if (r.authorization !== undefined) headers.authorization = r.authorization;
      if (r.language !== undefined) headers['accept-language'] = r.language;
      if (route.method === 'POST' && r.body.type) headers['content-type'] = r.body.type;
      return { path: `${path}${query ? `?${query}` : ''}`, method: route.method, headers, ...(route.method === 'POST' ? { body: r.body.body } : {}) };
    });

export interface HostileAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export const send = async (stack: LocalStack, r: HostileRequest): Promise<HostileAnswer> => {
  const res = await fetch(`${stack.baseUrl}${r.path}`, {
    method: r.method,
    headers: r.headers,
    redirect: 'manual',
    ...(r.body !== undefined ? { body: typeof r.body === 'string' ? r.body : Buffer.from(r.body) } : {}),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
};

/** Every row of the stack's table, in a stable order, as one string to compare. */
export const tableSnapshot = async (stack: LocalStack): Promise<string> =>
  JSON.stringify(
    (await tableItems(stack))
      .map((item) => JSON.stringify(item, Object.keys(item).sort()))
      .sort(),
  );

/** What must never reach a client: stack frames, source paths, SDK and runtime error names. */
export const INTERNAL_DETAIL =
  /\bat [\w$.<>]+ \(|\.ts:\d+|\.js:\d+:\d+|node_modules|\/work\/|\bTypeError\b|\bReferenceError\b|\bSyntaxError\b|ConditionalCheckFailed|ProvisionedThroughput|DynamoDB|ValidationException|ZodError|Cannot read propert|undefined is not|\[object Object\]|SQLITE/;
