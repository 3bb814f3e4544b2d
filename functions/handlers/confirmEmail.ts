/**
 * GET /api/confirm?token=… : confirms the email channel and enrolls. A bad or expired token
 * shows a clear page and changes nothing.
 */
import { config } from '../config.js';
import { confirmEmailLink } from '../domain/signup/confirmChannel.js';
import { TokenInvalid } from '../domain/core/errors.js';
import { pageLanguage } from '../http/pageLanguage.js';
import { htmlPage } from '../http/responses.js';
import { logger } from '../logger.js';
import { publicRoute } from '../middleware/publicRoute.js';
import { messagePage } from '../pages/signupPage.js';
import { domainContext } from '../wiring.js';

const COPY = {
  en: {
    ok: ['You are confirmed', 'Thank you. Your email address is confirmed and the series will start shortly. Every email has a one-click unsubscribe link.'],
    bad: ['This link did not work', 'The confirmation link is invalid or has expired (links last 72 hours). Nothing was changed. You can sign up again to get a new link.'],
    again: 'Back to the signup page',
  },
  es: {
    ok: ['Suscripción confirmada', 'Gracias. Su correo está confirmado y la serie comenzará pronto. Cada correo tiene un enlace para darse de baja con un clic.'],
    bad: ['Este enlace no funcionó', 'El enlace de confirmación no es válido o ya venció (dura 72 horas). No se cambió nada. Puede suscribirse de nuevo para recibir otro enlace.'],
    again: 'Volver a la página de suscripción',
  },
} as const;

export const handler = publicRoute(
  async (event) => {
    const lang = pageLanguage(event);
    const outcome = await confirmEmailLink(await domainContext(), event.queryStringParameters?.token);
    logger.info('email channel confirmed', { outcome });
    const [title, text] = COPY[lang].ok;
    return htmlPage(200, messagePage(config().clinic, lang, title, text));
  },
  {
    htmlFor: (error, event) => {
      if (!(error instanceof TokenInvalid)) return undefined;
      const lang = pageLanguage(event);
      const [title, text] = COPY[lang].bad;
      return messagePage(config().clinic, lang, title, text, { href: `/?lang=${lang}`, text: COPY[lang].again });
    },
  },
);
