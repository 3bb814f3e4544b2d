/**
 * GET /api/confirm?token=… : a page with one button; it changes nothing (mail scanners fetch
 * every link, GET and HEAD alike). POST /api/confirm (form field or JSON `token`): confirms the
 * address the link was sent to, records IP, user agent and time in the consent ledger, enrolls,
 * and answers 303 to the GET page, which then says what happens next (POST/redirect/GET).
 * A bad, expired, used or superseded token shows a clear page and changes nothing.
 */
import { confirmEmailLink, type ConfirmOutcome, inspectConfirmLink } from '../../domain/signup/confirmChannel.js';
import { TokenInvalid } from '../../domain/core/errors.js';
import { pageLanguage } from '../../http/pageLanguage.js';
import { isFormPost, readBody } from '../../http/readBody.js';
import { requestMeta } from '../../http/requestMeta.js';
import { htmlPage, json } from '../../http/responses.js';
import { logger } from '../../logger.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { confirmAskPage, confirmBadPage, confirmDonePage } from '../../pages/confirmPage.js';
import { domainContext, clinicInForce, clinicLastResolved } from '../../wiring.js';

const OUTCOMES: ConfirmOutcome[] = ['enrolled', 'restarted', 'continuing', 'already'];

export const handler = publicRoute(
  async (event) => {
    const lang = pageLanguage(event);
    const d = await domainContext();
    if (event.requestContext.http.method === 'POST') {
      const body = readBody(event);
      const token = typeof body.value.token === 'string' ? body.value.token : event.queryStringParameters?.token;
      const outcome = await confirmEmailLink(d, token, requestMeta(event));
      logger.info('email channel confirmed', { outcome });
      if (body.kind === 'json') return json(200, { status: 'confirmed', outcome });
      const back = `/api/confirm?token=${encodeURIComponent(token as string)}&lang=${lang}&done=${outcome}`;
      return { statusCode: 303, headers: { location: back, 'cache-control': 'no-store' }, body: '' };
    }
    const link = await inspectConfirmLink(d, event.queryStringParameters?.token);
    if (link.state === 'ready') return htmlPage(200, confirmAskPage((await clinicInForce()), lang, event.queryStringParameters?.token as string), { 'cache-control': 'no-store' });
    const done = event.queryStringParameters?.done as ConfirmOutcome | undefined;
    return htmlPage(200, confirmDonePage((await clinicInForce()), lang, done && OUTCOMES.includes(done) ? done : 'already'), { 'cache-control': 'no-store' });
  },
  {
    htmlFor: (error, event) => {
      if (!(error instanceof TokenInvalid)) return undefined;
      if (event.requestContext.http.method === 'POST' && !isFormPost(event)) return undefined;
      return confirmBadPage(clinicLastResolved(), pageLanguage(event));
    },
  },
);
