/** What a POST to /u/{token} asks for (E10, RFC 8058): body readers and the request mapping. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../../../functions/domain/core/errors.js';
import { PayloadTooLarge, UnsupportedMediaType } from '../../../../functions/http/httpErrors.js';
import { readPreferenceRequest } from '../../../../functions/domain/recipientActions/preferenceForm.js';
import { parseMultipart, readFormFields, readFormFieldsIfAny } from '../../../../functions/http/readFormFields.js';

const event = (contentType: string | undefined, body: string, base64 = false) =>
  ({
    headers: contentType ? { 'Content-Type': contentType } : {},
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  }) as unknown as APIGatewayProxyEventV2;

/** A multipart body the way browsers and mailbox providers write it. */
const multipart = (boundary: string, fields: Record<string, string>) =>
  `${Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('')}--${boundary}--\r\n`;

describe('readFormFields', () => {
  it('reads the RFC 8058 body urlencoded', () => {
    expect(readFormFields(event('application/x-www-form-urlencoded', 'List-Unsubscribe=One-Click'))).toEqual({ 'List-Unsubscribe': 'One-Click' });
  });

  it('reads it as multipart/form-data, base64-encoded as API Gateway delivers it', () => {
    const body = multipart('----x7', { 'List-Unsubscribe': 'One-Click' });

    expect(readFormFields(event('multipart/form-data; boundary=----x7', body, true))).toEqual({ 'List-Unsubscribe': 'One-Click' });
  });

  it('reads a quoted boundary, several fields and LF-only line ends', () => {
    const body = '--abc\nContent-Disposition: form-data; name="action"\n\nlanguage\n--abc\nContent-Disposition: form-data; name="language"\n\nes\n--abc--\n';

    expect(readFormFields(event('multipart/form-data; boundary="abc"', body))).toEqual({ action: 'language', language: 'es' });
  });

  it('ignores file parts', () => {
    const body = `--b\r\nContent-Disposition: form-data; name="upload"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n`;

    expect(parseMultipart(Buffer.from(body), 'b')).toEqual({ 'List-Unsubscribe': 'One-Click' });
  });

  it.each([
    { case: 'a repeated field', e: event('application/x-www-form-urlencoded', 'a=1&a=2'), error: InvalidInput },
    { case: 'multipart without a boundary', e: event('multipart/form-data', 'x'), error: InvalidInput },
    { case: 'multipart that does not match its boundary', e: event('multipart/form-data; boundary=zz', 'garbage'), error: InvalidInput },
    { case: 'JSON', e: event('application/json', '{}'), error: UnsupportedMediaType },
    { case: 'a body over 8 KB', e: event('application/x-www-form-urlencoded', `a=${'x'.repeat(9000)}`), error: PayloadTooLarge },
  ])('refuses $case', ({ e, error }) => {
    expect(() => readFormFields(e)).toThrow(error);
  });
});

describe('readFormFieldsIfAny (the one-click URL takes any body)', () => {
  it.each([
    { case: 'an empty body with no content type', e: event(undefined, '') },
    { case: 'text/plain', e: event('text/plain;charset=UTF-8', 'List-Unsubscribe=One-Click') },
    { case: 'JSON', e: event('application/json', '{"List-Unsubscribe":"One-Click"}') },
    { case: 'broken multipart', e: event('multipart/form-data; boundary=zz', 'garbage') },
    { case: 'a repeated field', e: event('application/x-www-form-urlencoded', 'a=1&a=2') },
  ])('answers undefined for $case', ({ e }) => {
    expect(readFormFieldsIfAny(e)).toBeUndefined();
  });

  it('still reads a form, in an odd charset too', () => {
    expect(readFormFieldsIfAny(event('application/x-www-form-urlencoded; charset=ISO-8859-1', 'List-Unsubscribe=One-Click\r\n'))).toEqual({ 'List-Unsubscribe': 'One-Click\r\n' });
  });

  it('still refuses a body over 8 KB', () => {
    expect(() => readFormFieldsIfAny(event('text/plain', 'x'.repeat(9000)))).toThrow(PayloadTooLarge);
  });
});

describe('readPreferenceRequest', () => {
  // RFC 8058 §3.1: the signed URL is the authority, so any POST that is not one of the
  // preferences page's own forms is a one-click unsubscribe, whatever the client put in the body.
  it.each([
    { case: 'the RFC 8058 body', fields: { 'List-Unsubscribe': 'One-Click' } },
    { case: 'a trailing CRLF in the value', fields: { 'List-Unsubscribe': 'One-Click\r\n' } },
    { case: 'another value', fields: { 'List-Unsubscribe': 'one-click' } },
    { case: 'an empty form', fields: {} },
    { case: 'a body that is not a form (empty, text/plain, JSON)', fields: undefined },
    { case: 'List-Unsubscribe beside a page action: never more than an unsubscribe', fields: { 'List-Unsubscribe': 'One-Click', action: 'delete', confirm: 'yes' } },
  ])('reads $case as a one-click unsubscribe', ({ fields }) => {
    expect(readPreferenceRequest(fields as Record<string, string> | undefined)).toEqual({ kind: 'one-click' });
  });

  it.each([
    { case: 'an unknown action', fields: { action: 'subscribe' } },
    { case: 'a language we do not offer', fields: { action: 'language', language: 'fr' } },
    { case: 'an inherited property name', fields: { action: 'toString' } },
  ])('refuses a page form with $case', ({ fields }) => {
    expect(readPreferenceRequest(fields as Record<string, string>)).toBeUndefined();
  });

  it.each<{ fields: Record<string, string>; want: unknown }>([
    { fields: { action: 'stop-email' }, want: { kind: 'stop', channels: ['email'] } },
    { fields: { action: 'stop-sms' }, want: { kind: 'stop', channels: ['sms'] } },
    { fields: { action: 'stop-all' }, want: { kind: 'stop', channels: ['email', 'sms'] } },
    { fields: { action: 'language', language: 'es' }, want: { kind: 'language', language: 'es' } },
    { fields: { action: 'delete' }, want: { kind: 'delete-ask' } },
    { fields: { action: 'delete', confirm: 'yes' }, want: { kind: 'delete' } },
  ])('maps $fields.action', ({ fields, want }) => {
    expect(readPreferenceRequest(fields)).toEqual(want);
  });
});
