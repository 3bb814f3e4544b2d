/** GET /terms and GET /privacy. */
import { clinicInForce } from '../../wiring.js';
import { pageLanguage } from '../../http/pageLanguage.js';
import { htmlPage } from '../../http/responses.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { legalPage } from '../../pages/legalPages.js';

export const handler = publicRoute(async (event) =>
  htmlPage(200, legalPage(event.rawPath.endsWith('/privacy') ? 'privacy' : 'terms', (await clinicInForce()), pageLanguage(event))),
);
