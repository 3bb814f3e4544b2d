/**
 * The preferences page behind every unsubscribe link (`GET /u/{token}`) and the pages its forms
 * answer with. GET only shows (E5, E10: link scanners fetch it); every change is a POST form on
 * the same URL, and deleting data asks a second time. No JavaScript, no third-party requests.
 */
import type { ClinicProfile } from '../contract/ClinicProfile.js';
import type { PreferenceOutcome } from '../domain/recipientActions/applyPreference.js';
import type { Channel, ChannelStatus, Language, Subscriber } from '../domain/core/model.js';
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './pageLayout.js';

const COPY = {
  en: {
    title: 'Your email and text preferences',
    intro: 'Choose what you want to receive. Each choice takes effect at once, including messages already scheduled.',
    email: 'Emails',
    sms: 'Text messages',
    status: { none: 'not signed up', pending: 'waiting for your confirmation', confirmed: 'on', unsubscribed: 'off', suppressed: 'off (delivery problem)' } as Record<ChannelStatus, string>,
    stopEmail: 'Stop emails',
    stopSms: 'Stop text messages',
    stopAll: 'Stop everything',
    languageLegend: 'Language of our messages',
    saveLanguage: 'Save language',
    deleteTitle: 'Delete my data',
    deleteIntro: 'Remove your name, email address and phone number from our records and stop all messages.',
    deleteButton: 'Delete my data…',
    deleted: 'We no longer hold your name, email address or phone number. Nothing more will be sent.',
    nothingOpen: 'You receive nothing from us at the moment.',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribed: { email: 'We will send no more emails to this address.', sms: 'We will send no more text messages to your phone.' } as Record<Channel, string>,
    alreadyQueued: 'Messages that were already scheduled will not be sent.',
    languageTitle: 'Language updated',
    languageDone: 'From now on we will write to you in English.',
    askTitle: 'Delete your data?',
    ask: 'We will remove your name, email address and phone number, and stop all messages. To make sure we never contact those addresses again, we keep only a one-way code made from them, and the record of your consent and its withdrawal, as the law requires. This cannot be undone.',
    confirmDelete: 'Yes, delete my data',
    keep: 'No, keep my data',
    deletedTitle: 'Your data was deleted',
    back: 'Back to your preferences',
    errorTitle: 'This link did not work',
    error: 'The link is invalid or has expired. Nothing was changed. To stop our messages, use the link in a recent email or reply STOP to a text.',
    badRequest: 'We could not understand that request. Nothing was changed.',
    failure: 'Something went wrong on our side. Please try again in a few minutes, or reply STOP to a text.',
    retryTitle: 'Please try again',
    retry: 'We could not save your choice just now. Nothing was changed yet; press the button to try again.',
    retryButton: 'Try again',
  },
  es: {
    title: 'Sus preferencias de correo y mensajes de texto',
    intro: 'Elija lo que desea recibir. Cada opción se aplica de inmediato, incluso a los mensajes ya programados.',
    email: 'Correos electrónicos',
    sms: 'Mensajes de texto',
    status: { none: 'sin suscripción', pending: 'esperando su confirmación', confirmed: 'activos', unsubscribed: 'desactivados', suppressed: 'desactivados (problema de entrega)' } as Record<ChannelStatus, string>,
    stopEmail: 'Dejar de recibir correos',
    stopSms: 'Dejar de recibir mensajes de texto',
    stopAll: 'Dejar de recibir todo',
    languageLegend: 'Idioma de nuestros mensajes',
    saveLanguage: 'Guardar idioma',
    deleteTitle: 'Borrar mis datos',
    deleteIntro: 'Eliminar su nombre, correo electrónico y número de teléfono de nuestros registros y detener todos los mensajes.',
    deleteButton: 'Borrar mis datos…',
    deleted: 'Ya no guardamos su nombre, correo electrónico ni número de teléfono. No enviaremos nada más.',
    nothingOpen: 'En este momento no recibe nada de nosotros.',
    unsubscribedTitle: 'Su baja está confirmada',
    unsubscribed: { email: 'No enviaremos más correos a esta dirección.', sms: 'No enviaremos más mensajes de texto a su teléfono.' } as Record<Channel, string>,
    alreadyQueued: 'Los mensajes que ya estaban programados no se enviarán.',
    languageTitle: 'Idioma actualizado',
    languageDone: 'De ahora en adelante le escribiremos en español.',
    askTitle: '¿Borrar sus datos?',
    ask: 'Eliminaremos su nombre, correo electrónico y número de teléfono, y detendremos todos los mensajes. Para no volver a contactar nunca esas direcciones, guardamos solo un código de un solo sentido creado a partir de ellas, y el registro de su consentimiento y de su retiro, como exige la ley. Esto no se puede deshacer.',
    confirmDelete: 'Sí, borrar mis datos',
    keep: 'No, conservar mis datos',
    deletedTitle: 'Sus datos fueron borrados',
    back: 'Volver a sus preferencias',
    errorTitle: 'Este enlace no funcionó',
    error: 'El enlace no es válido o ya venció. No se cambió nada. Para dejar de recibir mensajes, use el enlace de un correo reciente o responda STOP a un mensaje de texto.',
    badRequest: 'No pudimos entender esa solicitud. No se cambió nada.',
    failure: 'Algo falló de nuestro lado. Inténtelo de nuevo en unos minutos o responda STOP a un mensaje de texto.',
    retryTitle: 'Inténtelo de nuevo',
    retry: 'No pudimos guardar su elección en este momento. Todavía no se cambió nada; pulse el botón para intentarlo de nuevo.',
    retryButton: 'Intentar de nuevo',
  },
} as const;

const isOpen = (s: ChannelStatus) => s === 'pending' || s === 'confirmed';

const actionForm = (action: string, label: string, extra?: SafeHtml) =>
  html`<form method="post"><input type="hidden" name="action" value="${action}">${extra ?? ''}<button type="submit">${label}</button></form>`;

export const preferencesPage = (clinic: ClinicProfile, s: Subscriber | undefined): string => {
  const lang: Language = s?.language ?? 'en';
  const c = COPY[lang];
  if (!s || s.deletedAt) return page(clinic, lang, c.title, html`<p class="notice" role="status">${c.deleted}</p>`);
  const emailOpen = isOpen(s.emailStatus);
  const smsOpen = isOpen(s.smsStatus);
  const body = html`<p>${c.intro}</p>
<ul><li>${c.email}: <strong>${c.status[s.emailStatus]}</strong></li><li>${c.sms}: <strong>${c.status[s.smsStatus]}</strong></li></ul>
${emailOpen || smsOpen ? '' : html`<p class="notice">${c.nothingOpen}</p>`}
${emailOpen ? actionForm('stop-email', c.stopEmail) : ''}
${smsOpen ? actionForm('stop-sms', c.stopSms) : ''}
${emailOpen && smsOpen ? actionForm('stop-all', c.stopAll) : ''}
<form method="post"><input type="hidden" name="action" value="language">
<fieldset style="border:0;padding:0;margin:24px 0 0"><legend style="font-weight:600">${c.languageLegend}</legend>
<div class="check"><input type="radio" id="lang-en" name="language" value="en"${lang === 'en' ? html` checked` : ''}><label for="lang-en" lang="en">English</label></div>
<div class="check"><input type="radio" id="lang-es" name="language" value="es"${lang === 'es' ? html` checked` : ''}><label for="lang-es" lang="es">Español</label></div>
</fieldset><button type="submit">${c.saveLanguage}</button></form>
<h2>${c.deleteTitle}</h2><p>${c.deleteIntro}</p>
${actionForm('delete', c.deleteButton)}`;
  return page(clinic, lang, c.title, body);
};

/** The page a preferences POST answers with (200, never a redirect: E10). */
export const preferenceResultPage = (clinic: ClinicProfile, lang: Language, outcome: PreferenceOutcome): string => {
  const c = COPY[lang];
  const back = html`<p><a href="">${c.back}</a></p>`;
  switch (outcome.kind) {
    case 'unsubscribed':
      return page(
        clinic,
        lang,
        c.unsubscribedTitle,
        html`<div class="notice" role="status">${outcome.channels.map((ch) => html`<p>${c.unsubscribed[ch]}</p>`)}<p>${c.alreadyQueued}</p></div>${back}`,
      );
    case 'language':
      return page(clinic, lang, c.languageTitle, html`<p class="notice" role="status">${c.languageDone}</p>${back}`);
    case 'delete-ask':
      return page(
        clinic,
        lang,
        c.askTitle,
        html`<p>${c.ask}</p>${actionForm('delete', c.confirmDelete, html`<input type="hidden" name="confirm" value="yes">`)}<p><a href="">${c.keep}</a></p>`,
      );
    case 'deleted':
      return page(clinic, lang, c.deletedTitle, html`<p class="notice" role="status">${c.deleted}</p>`);
  }
};

/** One generic page for a bad, altered or expired link, or a request we cannot read (W9). */
export const preferenceErrorPage = (clinic: ClinicProfile, lang: Language, kind: 'token' | 'request' | 'failure'): string => {
  const c = COPY[lang];
  const text = kind === 'token' ? c.error : kind === 'request' ? c.badRequest : c.failure;
  return page(clinic, lang, c.errorTitle, html`<p class="notice" role="alert">${text}</p>`);
};

/**
 * A store fault past its retries (issue 16, 503): the same choice kept in the form, one press to
 * send it again to the same URL. `fields` are the posted form fields (action, language, confirm).
 */
export const preferenceRetryPage = (clinic: ClinicProfile, lang: Language, fields: Record<string, string>): string => {
  const c = COPY[lang];
  const kept = Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  return page(clinic, lang, c.retryTitle, html`<p class="notice" role="alert">${c.retry}</p><form method="post">${kept}<button type="submit">${c.retryButton}</button></form>`);
};

const page = (clinic: ClinicProfile, lang: Language, title: string, body: SafeHtml) =>
  pageLayout({ lang, title, clinic, body: html`<h1>${title}</h1>${body}` });
