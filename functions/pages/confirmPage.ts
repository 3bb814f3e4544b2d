/**
 * The page behind a confirmation link (issue 11): one button that POSTs the token (a plain
 * form: works without JavaScript). Opening the link changes nothing, so mail scanners that
 * fetch every link confirm nobody. After the POST (303), the same page says what happens next.
 */
import type { ClinicProfile } from '../config.js';
import type { ConfirmOutcome } from '../domain/signup/confirmChannel.js';
import { html } from './html.js';
import { pageLayout } from './pageLayout.js';

type Lang = 'en' | 'es';

export const CONFIRM_COPY = {
  en: {
    askTitle: 'Confirm your subscription',
    ask: 'Press the button to confirm that you want the education emails from {clinic}. Nothing is sent until you do.',
    button: 'Yes, confirm my subscription',
    doneTitle: 'You are confirmed',
    enrolled: 'Thank you. Your email address is confirmed and the series will start shortly. Every email has a one-click unsubscribe link.',
    restarted: 'Welcome back. Your email address is confirmed and the series starts again from its first message shortly. Every email has a one-click unsubscribe link.',
    continuing: 'Thank you. Your email address is confirmed and joins your series where it is now: the next emails come on schedule. Every email has a one-click unsubscribe link.',
    already: 'This email address is already confirmed. Nothing else to do. Every email has a one-click unsubscribe link.',
    badTitle: 'This link did not work',
    bad: 'The confirmation link is invalid, has expired (links last 72 hours) or was replaced by a newer one. Nothing was changed. You can sign up again to get a new link.',
    again: 'Back to the signup page',
  },
  es: {
    askTitle: 'Confirme su suscripción',
    ask: 'Pulse el botón para confirmar que desea recibir los correos educativos de {clinic}. No se envía nada hasta que lo haga.',
    button: 'Sí, confirmar mi suscripción',
    doneTitle: 'Suscripción confirmada',
    enrolled: 'Gracias. Su correo está confirmado y la serie comenzará pronto. Cada correo tiene un enlace para darse de baja con un clic.',
    restarted: 'Bienvenido de nuevo. Su correo está confirmado y la serie comenzará otra vez desde el primer mensaje. Cada correo tiene un enlace para darse de baja con un clic.',
    continuing: 'Gracias. Su correo está confirmado y se une a su serie donde está ahora: los próximos correos llegarán según lo previsto. Cada correo tiene un enlace para darse de baja con un clic.',
    already: 'Este correo ya está confirmado. No tiene que hacer nada más. Cada correo tiene un enlace para darse de baja con un clic.',
    badTitle: 'Este enlace no funcionó',
    bad: 'El enlace de confirmación no es válido, ya venció (dura 72 horas) o fue reemplazado por uno más reciente. No se cambió nada. Puede suscribirse de nuevo para recibir otro enlace.',
    again: 'Volver a la página de suscripción',
  },
} as const;

/** The button page: a plain form POST of the token to /api/confirm. */
export const confirmAskPage = (clinic: ClinicProfile, lang: Lang, token: string): string => {
  const c = CONFIRM_COPY[lang];
  return pageLayout({
    lang,
    title: c.askTitle,
    clinic,
    body: html`<h1>${c.askTitle}</h1><p>${c.ask.replace('{clinic}', clinic.name)}</p>
<form method="post" action="/api/confirm?lang=${lang}"><input type="hidden" name="token" value="${token}"><button type="submit">${c.button}</button></form>`,
  });
};

/** After the button: what will happen next, by outcome. */
export const confirmDonePage = (clinic: ClinicProfile, lang: Lang, outcome: ConfirmOutcome): string => {
  const c = CONFIRM_COPY[lang];
  return pageLayout({ lang, title: c.doneTitle, clinic, body: html`<h1>${c.doneTitle}</h1><p class="notice" role="status">${c[outcome]}</p>` });
};

export const confirmBadPage = (clinic: ClinicProfile, lang: Lang): string => {
  const c = CONFIRM_COPY[lang];
  return pageLayout({
    lang,
    title: c.badTitle,
    clinic,
    body: html`<h1>${c.badTitle}</h1><p class="notice" role="status">${c.bad}</p><p><a href="/?lang=${lang}">${c.again}</a></p>`,
  });
};
