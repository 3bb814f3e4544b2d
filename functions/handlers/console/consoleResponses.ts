/** What every console page action shares: the page frame, post/redirect/get, form reading, and re-rendering a bad form. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ConsentExport } from '../../domain/console/exportConsentRecord.js';
import { Conflict, InvalidInput } from '../../domain/core/errors.js';
import { UnsupportedMediaType } from '../../http/httpErrors.js';
import { readBody } from '../../http/readBody.js';
import { type HttpResult, htmlPage } from '../../http/responses.js';
import type { StaffSession } from '../../middleware/staffRoute.js';
import { ADMIN_CSP, type AdminSection, adminLayout } from '../../pages/admin/adminLayout.js';
import type { SafeHtml } from '../../pages/html.js';

/** Console forms and JSON bodies: sequence definitions are a few kB; this leaves room without inviting abuse (bytes). */
export const MAX_CONSOLE_BODY = 64 * 1024;

/** A console page in the admin layout, with the console's CSP. */
export const page = (s: StaffSession, section: AdminSection, title: string, body: SafeHtml, status = 200, scripts?: string[]): HttpResult =>
  htmlPage(status, adminLayout({ title, section, actor: s.actor, csrf: s.csrf, body, ...(scripts ? { scripts } : {}) }), { 'content-security-policy': ADMIN_CSP });

/** 303 to `location` (post/redirect/get). */
export const seeOther = (location: string): HttpResult => ({ statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' });

/**
 * The urlencoded fields of a console form, without its `_csrf` (checked by staffRoute).
 * @throws UnsupportedMediaType for a body that is not a form; PayloadTooLarge over `maxBytes` (MAX_CONSOLE_BODY).
 */
export const formOf = (event: APIGatewayProxyEventV2, maxBytes = MAX_CONSOLE_BODY): Record<string, string> => {
  const b = readBody(event, maxBytes);
  if (b.kind !== 'form') throw new UnsupportedMediaType();
  const { _csrf, ...fields } = b.value as Record<string, string>;
  return fields;
};

/** An empty form field as absent. */
export const optional = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

/** Runs a form action; on bad input renders `again` with the field errors (400, or 409 for a conflict). */
export const orAgain = async (
  action: () => Promise<HttpResult>,
  again: (fields: Record<string, string>, message: string, status: number) => Promise<HttpResult>,
): Promise<HttpResult> => {
  try {
    return await action();
  } catch (err) {
    if (err instanceof InvalidInput) return again(err.fields, err.message, 400);
    if (err instanceof Conflict) return again(err.fields, err.message, 409);
    throw err;
  }
};

/** A CSV download that is never cached. */
export const csvFile = (filename: string, csv: string): HttpResult => ({
  statusCode: 200,
  headers: { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${filename}"` },
  body: csv,
});

/** The export as a download (JSON, no caching). */
export const consentExportResponse = (record: ConsentExport): HttpResult => ({
  statusCode: 200,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-disposition': `attachment; filename="consent-${record.subscriberId}.json"`,
  },
  body: JSON.stringify(record, null, 2),
});
