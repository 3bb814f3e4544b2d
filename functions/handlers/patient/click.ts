/**
 * GET and HEAD /c/{token}: a tracked link. Records the click (a person's or a machine's:
 * classifyClick.ts; a HEAD is always a machine's) and answers 302 to an allow-listed target (W10),
 * the same for both methods; a bad token or a target not on the list gets a 400 page and no redirect.
 */
import { followLink } from '../../domain/recipientActions/followLink.js';
import { pageLanguage } from '../../http/pageLanguage.js';
import { requestMeta } from '../../http/requestMeta.js';
import type { HttpResult } from '../../http/responses.js';
import { logger } from '../../logger.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { messagePage } from '../../pages/signupPage.js';
import { clinicLastResolved, domainContext } from '../../wiring.js';

const BAD = {
  en: ['This link did not work', 'The link is invalid or has expired. You can reach the clinic through its website or by phone.'],
  es: ['Este enlace no funcionó', 'El enlace no es válido o ya venció. Puede comunicarse con la clínica por su sitio web o por teléfono.'],
} as const;

export const handler = publicRoute(
  async (event): Promise<HttpResult> => {
    // Who fetched it decides only how the click is counted (person or machine), never the answer.
    const { userAgent } = requestMeta(event);
    const followed = await followLink(await domainContext(), event.pathParameters?.token, { method: event.requestContext.http.method, ...(userAgent ? { userAgent } : {}) });
    logger.info('link followed', { subscriberId: followed.subscriberId, target: followed.target, sequenceId: followed.sequenceId, step: followed.stepId, clickedBy: followed.clickedBy });
    return { statusCode: 302, headers: { location: followed.location, 'cache-control': 'no-store' }, body: '' };
  },
  {
    htmlFor: (_error, event) => {
      const [title, text] = BAD[pageLanguage(event)];
      return messagePage(clinicLastResolved(), pageLanguage(event), title, text);
    },
  },
);
