/**
 * POST /api/book (JSON or form): a consultation request. Validated like signup (clear 400s,
 * nothing written on bad input, honeypot, rate limit, allowed origins: W1, W2, W5, W7).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../../config.js';
import { readBooking } from '../../domain/recipientActions/BookingForm.js';
import { InvalidInput } from '../../domain/core/errors.js';
import { requestConsultation } from '../../domain/recipientActions/requestConsultation.js';
import { checkOrigin } from '../../http/originCheck.js';
import { pageLanguage } from '../../http/pageLanguage.js';
import { isFormPost, readBody } from '../../http/readBody.js';
import { htmlPage, json } from '../../http/responses.js';
import { logger } from '../../logger.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { BOOKING_RECEIVED, bookingPage, bookingReceivedPage } from '../../pages/bookingPage.js';
import { clinicInForce, clinicLastResolved, domainContext } from '../../wiring.js';
import { TemporarilyUnavailable } from '../../http/httpErrors.js';

const TRY_AGAIN = {
  en: 'Sorry, we could not send your request just now; please try again in a moment. What you typed is still here.',
  es: 'Lo sentimos, no pudimos enviar su solicitud en este momento; inténtelo de nuevo en un momento. Lo que escribió sigue aquí.',
} as const;

/** Form values kept for re-rendering the no-JS page after an error (never stored). */
const lastValues = new WeakMap<APIGatewayProxyEventV2, Record<string, unknown>>();

export const handler = publicRoute(
  async (event) => {
    checkOrigin(event, config().allowedOrigins);
    const body = readBody(event);
    lastValues.set(event, body.value);
    const booking = readBooking(body.value, (await clinicInForce()).locations.map((l) => l.id));
    if (!booking.ok) throw new InvalidInput(booking.fields);
    const outcome = await requestConsultation(await domainContext(), booking.value);
    logger.info('consultation requested', { bookingId: outcome.bookingId, subscriberId: outcome.subscriberId, attributed: outcome.attributed, repeated: outcome.repeated === true });
    const lang = booking.value.language;
    if (body.kind === 'form') return htmlPage(201, bookingReceivedPage((await clinicInForce()), lang, booking.value));
    return json(201, { status: 'received', message: BOOKING_RECEIVED[lang] });
  },
  {
    rateLimited: true,
    htmlFor: (error, event) => {
      if (!isFormPost(event) || !(error instanceof InvalidInput || error instanceof TemporarilyUnavailable)) return undefined;
      const values = lastValues.get(event) ?? {};
      const lang = values.language === 'es' ? 'es' : pageLanguage(event);
      // Issue 16: a fault on our side (503) gives the form back as typed, with a "please try again".
      if (error instanceof TemporarilyUnavailable) return bookingPage(clinicLastResolved(), lang, { values, message: TRY_AGAIN[lang] });
      return bookingPage(clinicLastResolved(), lang, { values, fields: error.fields, message: error.message });
    },
  },
);
