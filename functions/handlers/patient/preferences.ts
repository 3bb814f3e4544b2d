/**
 * GET /u/{token}: the preferences page (changes nothing: link scanners fetch it, E10).
 * POST /u/{token}: RFC 8058 one-click unsubscribe, whatever the body (the signed token is the
 * authority: empty, `text/plain`, multipart, trailing CRLF; no cookie, 200 never 3xx,
 * idempotent), or one of the page's own forms (an `action` field: PreferenceForm.ts).
 * A forged, altered or expired token gets one generic page and changes nothing (W9).
 */
import { applyPreference } from '../../domain/recipientActions/applyPreference.js';
import { InvalidInput, TokenInvalid } from '../../domain/core/errors.js';
import { readPreferenceRequest } from '../../domain/recipientActions/preferenceForm.js';
import { readUnsubscribeLink } from '../../domain/recipientActions/unsubscribe.js';
import { pageLanguage } from '../../http/pageLanguage.js';
import { readFormFieldsIfAny } from '../../http/readFormFields.js';
import { htmlPage } from '../../http/responses.js';
import { logger } from '../../logger.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { preferenceErrorPage, preferenceResultPage, preferenceRetryPage, preferencesPage } from '../../pages/preferencesPage.js';
import { clinicInForce, clinicLastResolved, domainContext } from '../../wiring.js';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { TemporarilyUnavailable } from '../../http/httpErrors.js';

/** The fields a form posted, kept to give the same choice back after a fault (never stored). */
const posted = new WeakMap<APIGatewayProxyEventV2, Record<string, string>>();

export const handler = publicRoute(
  async (event) => {
    const isPost = event.requestContext.http.method === 'POST';
    const fields = isPost ? readFormFieldsIfAny(event) : undefined;
    if (fields) posted.set(event, fields);
    const d = await domainContext();
    const { link, subscriber } = await readUnsubscribeLink(d, event.pathParameters?.token);
    if (!isPost) return htmlPage(200, preferencesPage((await clinicInForce()), subscriber));
    const request = readPreferenceRequest(fields);
    if (!request) throw new InvalidInput({ action: 'Unknown request' });
    const outcome = await applyPreference(d, link, request);
    logger.info('preference applied', { subscriberId: link.subscriberId, channel: link.channel, request: request.kind, outcome: outcome.kind });
    const lang = outcome.kind === 'language' ? outcome.language : (subscriber?.language ?? 'en');
    // E10: 200 with a page, never a redirect.
    return htmlPage(200, preferenceResultPage((await clinicInForce()), lang, outcome));
  },
  {
    htmlFor: (error, event) =>
      error instanceof TemporarilyUnavailable
        ? preferenceRetryPage(clinicLastResolved(), pageLanguage(event), posted.get(event) ?? {})
        : preferenceErrorPage(clinicLastResolved(), pageLanguage(event), !error ? 'failure' : error instanceof TokenInvalid ? 'token' : 'request'),
  },
);
