/**
 * GET /book: the consultation request page. Reached from a tracked link it carries a booking
 * token (`?t=`): the request is attributed to the step and the first name is prefilled. Email and
 * phone never are (issue 11): the link lives for months and a forwarded email would reveal them.
 * A token that does not verify just gives an empty form.
 */
import { config } from '../config.js';
import type { Language } from '../domain/model.js';
import { pageLanguage } from '../http/pageLanguage.js';
import { htmlPage } from '../http/responses.js';
import { publicRoute } from '../middleware/publicRoute.js';
import { bookingPage } from '../pages/bookingPage.js';
import { deps } from '../wiring.js';

export const handler = publicRoute(async (event) => {
  const d = await deps();
  const token = event.queryStringParameters?.t;
  let values: Record<string, unknown> = {};
  let lang: Language = pageLanguage(event);
  try {
    const claims = token ? d.tokens.verify(token, 'book', d.clock.now()) : undefined;
    const s = claims ? await d.store.getSubscriber(claims.s, d.clock.now()) : undefined;
    if (claims && s && !s.deletedAt) {
      values = { token, firstName: s.firstName };
      if (!event.queryStringParameters?.lang) lang = s.language;
    }
  } catch {
    values = {}; // W9: a bad token changes nothing and reveals nothing
  }
  return htmlPage(200, bookingPage(config().clinic, lang, { values }));
});
