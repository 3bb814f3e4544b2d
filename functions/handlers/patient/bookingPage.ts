/**
 * GET /book: the consultation request page. Reached from a tracked link it carries a booking
 * token (`?t=`): the request is attributed to the step and the first name is prefilled. Email and
 * phone never are (issue 11): the link lives for months and a forwarded email would reveal them.
 * A token that does not verify just gives an empty form.
 */
import type { Language } from '../../domain/core/model.js';
import { pageLanguage } from '../../http/pageLanguage.js';
import { bookingPrefill } from '../../domain/recipientActions/bookingPrefill.js';
import { htmlPage } from '../../http/responses.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { bookingPage } from '../../pages/bookingPage.js';
import { domainContext, clinicInForce } from '../../wiring.js';

export const handler = publicRoute(async (event) => {
  const d = await domainContext();
  const token = event.queryStringParameters?.t;
  const prefill = token ? await bookingPrefill(d, token) : undefined;
  const lang: Language = prefill && !event.queryStringParameters?.lang ? prefill.language : pageLanguage(event);
  return htmlPage(200, bookingPage((await clinicInForce()), lang, { values: prefill?.values ?? {} }));
});
