/**
 * The consultation request page (`GET /book`) and its confirmation: a plain form that works
 * without JavaScript, labelled fields with their errors tied by aria-describedby, offices as a
 * radio group with their addresses, and no third-party requests (P10).
 */
import { randomBytes } from 'node:crypto';
import type { ClinicProfile } from '../contract/ClinicProfile.js';
import { BOOKING_LIMITS, REQUEST_ID } from '../domain/recipientActions/BookingForm.js';
import type { Language } from '../domain/core/model.js';
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './pageLayout.js';

const COPY = {
  en: {
    title: 'Request a consultation',
    intro: 'Tell us how to reach you and when suits you. Our team will contact you to set up a time. This is a request, not yet a confirmed appointment.',
    required: 'Fields marked * are required.',
    firstName: 'First name *',
    contactLegend: 'How can we reach you? *',
    contactHint: 'Give an email address, a phone number, or both.',
    email: 'Email address',
    phone: 'Phone number',
    location: 'Which office? *',
    preferredTimes: 'Preferred days and times *',
    preferredHint: 'For example: weekday mornings, or Tuesdays after 3 pm.',
    reason: 'Reason for the visit (optional)',
    reasonHint: 'A few words are enough. Please do not include detailed medical history.',
    consent: (clinic: string) => `I agree that ${clinic} may contact me by phone, email or text about this request.`,
    submit: 'Send my request',
    other: 'Ver esta página en español',
    emergency: 'In an emergency, call 911.',
    doneTitle: 'We received your request',
    done: 'Thank you. Our team will contact you to set up a time. This is a request, not yet a confirmed appointment. To change or cancel it, call us at',
    office: 'Office',
    times: 'Times that suit you',
  },
  es: {
    title: 'Solicitar una consulta',
    intro: 'Díganos cómo comunicarnos con usted y qué horarios le convienen. Nuestro equipo se comunicará para fijar una hora. Esto es una solicitud, todavía no una cita confirmada.',
    required: 'Los campos marcados con * son obligatorios.',
    firstName: 'Nombre *',
    contactLegend: '¿Cómo podemos comunicarnos con usted? *',
    contactHint: 'Indique un correo electrónico, un número de teléfono o ambos.',
    email: 'Correo electrónico',
    phone: 'Número de teléfono',
    location: '¿Qué consultorio? *',
    preferredTimes: 'Días y horarios preferidos *',
    preferredHint: 'Por ejemplo: mañanas entre semana, o martes después de las 3 p. m.',
    reason: 'Motivo de la visita (opcional)',
    reasonHint: 'Bastan unas palabras. Por favor, no incluya su historial médico detallado.',
    consent: (clinic: string) => `Acepto que ${clinic} se comunique conmigo por teléfono, correo electrónico o mensaje de texto sobre esta solicitud.`,
    submit: 'Enviar mi solicitud',
    other: 'View this page in English',
    emergency: 'En caso de emergencia, llame al 911.',
    doneTitle: 'Recibimos su solicitud',
    done: 'Gracias. Nuestro equipo se comunicará con usted para fijar una hora. Esto es una solicitud, todavía no una cita confirmada. Para cambiarla o cancelarla, llámenos al',
    office: 'Consultorio',
    times: 'Horarios que le convienen',
  },
} as const;

export interface BookingPageState {
  /** Prefill (from the booking token) or the values a failed POST sent back. */
  values?: Record<string, unknown>;
  fields?: Record<string, string>;
  message?: string;
}

const err = (fields: Record<string, string>, name: string) =>
  html`<p class="error" id="${name}-error" aria-live="polite">${fields[name] ?? ''}</p>`;
const invalid = (fields: Record<string, string>, name: string) => (fields[name] ? html` aria-invalid="true"` : '');

export const bookingPage = (clinic: ClinicProfile, lang: Language, state: BookingPageState = {}): string => {
  const c = COPY[lang];
  const v = state.values ?? {};
  const f = state.fields ?? {};
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const checked = (k: string) => v[k] === true || v[k] === 'on' || v[k] === 'true';
  const token = str('token');
  // One id per filled-in form (issue 16): a re-rendered form (an error, a 503) keeps the one it was sent with.
  const requestId = REQUEST_ID.test(str('requestId')) ? str('requestId') : randomBytes(16).toString('base64url');
  const otherHref = `/book?lang=${lang === 'en' ? 'es' : 'en'}${token ? `&t=${encodeURIComponent(token)}` : ''}`;
  const body: SafeHtml = html`<h1>${c.title}</h1><p>${c.intro}</p><p class="hint">${c.required} ${c.emergency}</p>
<p><a href="${otherHref}" lang="${lang === 'en' ? 'es' : 'en'}">${c.other}</a></p>
<p id="status" role="alert">${state.message ?? ''}</p>
<form id="booking" method="post" action="/api/book" novalidate>
<input type="hidden" name="token" value="${token}"><input type="hidden" name="language" value="${lang}"><input type="hidden" name="requestId" value="${requestId}">
<label for="firstName">${c.firstName}</label>
<input type="text" id="firstName" name="firstName" autocomplete="given-name" maxlength="${BOOKING_LIMITS.firstName}" required value="${str('firstName')}" aria-describedby="firstName-error"${invalid(f, 'firstName')}>
${err(f, 'firstName')}
<fieldset style="border:0;padding:0;margin:16px 0 0"><legend style="font-weight:600">${c.contactLegend}</legend>
<p class="hint" id="contact-hint">${c.contactHint}</p>
<label for="email">${c.email}</label>
<input type="email" id="email" name="email" autocomplete="email" maxlength="254" value="${str('email')}" aria-describedby="contact-hint email-error"${invalid(f, 'email')}>
${err(f, 'email')}
<label for="phone">${c.phone}</label>
<input type="tel" id="phone" name="phone" autocomplete="tel" maxlength="32" value="${str('phone')}" aria-describedby="contact-hint phone-error"${invalid(f, 'phone')}>
${err(f, 'phone')}</fieldset>
<fieldset style="border:0;padding:0;margin:16px 0 0" aria-describedby="location-error"><legend style="font-weight:600">${c.location}</legend>
${clinic.locations.map(
  (l) => html`<div class="check"><input type="radio" id="location-${l.id}" name="location" value="${l.id}"${str('location') === l.id ? html` checked` : ''}${invalid(f, 'location')}><label for="location-${l.id}"><strong>${l.name}</strong><br>${l.address}</label></div>`,
)}
${err(f, 'location')}</fieldset>
<label for="preferredTimes">${c.preferredTimes}</label>
<p class="hint" id="preferredTimes-hint">${c.preferredHint}</p>
<textarea id="preferredTimes" name="preferredTimes" rows="3" maxlength="${BOOKING_LIMITS.preferredTimes}" required aria-describedby="preferredTimes-hint preferredTimes-error"${invalid(f, 'preferredTimes')} style="width:100%;font-size:18px;padding:10px;border:2px solid #555;border-radius:4px">${str('preferredTimes')}</textarea>
${err(f, 'preferredTimes')}
<label for="reason">${c.reason}</label>
<p class="hint" id="reason-hint">${c.reasonHint}</p>
<textarea id="reason" name="reason" rows="3" maxlength="${BOOKING_LIMITS.reason}" aria-describedby="reason-hint reason-error"${invalid(f, 'reason')} style="width:100%;font-size:18px;padding:10px;border:2px solid #555;border-radius:4px">${str('reason')}</textarea>
${err(f, 'reason')}
<div class="check"><input type="checkbox" id="consentContact" name="consentContact" value="true" required${checked('consentContact') ? html` checked` : ''} aria-describedby="consentContact-error"${invalid(f, 'consentContact')}><label for="consentContact">${c.consent(clinic.name)}</label></div>
${err(f, 'consentContact')}
<div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${c.submit}</button>
</form>`;
  return pageLayout({ lang, title: c.title, clinic, body });
};

/** The answer to a form POST: what was requested and what happens next. */
export const bookingReceivedPage = (clinic: ClinicProfile, lang: Language, request?: { locationId: string; preferredTimes: string }): string => {
  const c = COPY[lang];
  const location = clinic.locations.find((l) => l.id === request?.locationId);
  return pageLayout({
    lang,
    title: c.doneTitle,
    clinic,
    body: html`<h1>${c.doneTitle}</h1><div class="notice" role="status"><p>${c.done} <a href="tel:${clinic.phone.replace(/[^\d+]/g, '')}">${clinic.phone}</a>.</p></div>
${location && request ? html`<dl><dt>${c.office}</dt><dd>${location.name}, ${location.address}</dd><dt>${c.times}</dt><dd>${request.preferredTimes}</dd></dl>` : ''}`,
  });
};

export const BOOKING_RECEIVED = {
  en: 'Thank you. We received your request and our team will contact you to set up a time.',
  es: 'Gracias. Recibimos su solicitud y nuestro equipo se comunicará con usted para fijar una hora.',
} as const;
