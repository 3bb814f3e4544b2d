/** The SMS program terms and the privacy notice linked from the consent text (S1). */
import type { ClinicProfile } from '../contract/ClinicProfile.js';
import { html } from './html.js';
import { pageLayout } from './pageLayout.js';

type Lang = 'en' | 'es';

const terms = (c: ClinicProfile, lang: Lang) =>
  lang === 'es'
    ? html`<h1>Términos del programa de mensajes</h1>
<p>Programa: ${c.programName}, de ${c.name}. Mensajes educativos y de mercadeo automatizados y recurrentes sobre afecciones de los músculos del cuello y sobre cómo pedir una consulta.</p>
<p>Frecuencia: hasta 4 mensajes al mes. Pueden aplicarse tarifas de mensajes y datos. El consentimiento no es condición de compra.</p>
<p>Responda <strong>STOP</strong> (o PARA, ALTO, BASTA, CANCELAR) para dejar de recibir mensajes; recibirá una sola confirmación. Responda <strong>HELP</strong> (o AYUDA) para ayuda, o llame al ${c.phone}.</p>
<p>Los operadores no son responsables de mensajes retrasados o no entregados. Enviamos mensajes solo entre las 8:00 y las 21:00, hora local.</p>`
    : html`<h1>Text message program terms</h1>
<p>Program: ${c.programName}, from ${c.name}. Recurring automated educational and marketing texts about neck muscle conditions and how to book a consultation.</p>
<p>Frequency: up to 4 messages a month. Msg &amp; data rates may apply. Consent is not a condition of purchase.</p>
<p>Reply <strong>STOP</strong> (or CANCEL, END, QUIT, UNSUBSCRIBE) to stop; you will get one confirmation. Reply <strong>HELP</strong> for help, or call ${c.phone}.</p>
<p>Carriers are not liable for delayed or undelivered messages. We only text between 8 am and 9 pm your local time.</p>`;

const privacy = (c: ClinicProfile, lang: Lang) =>
  lang === 'es'
    ? html`<h1>Aviso de privacidad</h1>
<p>Recopilamos solo lo necesario para enviar la serie: su correo y/o número de celular, su nombre si lo da, su idioma y su zona horaria, además del registro de su consentimiento (fecha, dirección IP, navegador y el texto que aceptó).</p>
<p>No pedimos ni guardamos datos de síntomas. No vendemos ni compartimos su número ni su correo con terceros para mercadeo. Los datos se cifran y se guardan en servicios de Amazon Web Services aptos para HIPAA.</p>
<p>Las suscripciones sin confirmar se borran a los 7 días; el historial de mensajes, a los 13 meses. Guardamos los registros de consentimiento al menos 4 años, como exige la ley.</p>
<p>Puede darse de baja o pedir que borremos sus datos desde el enlace de preferencias de cualquier correo, o llamando al ${c.phone}.</p>`
    : html`<h1>Privacy notice</h1>
<p>We collect only what we need to send the series: your email and/or mobile number, your first name if you give it, your language and time zone, and the record of your consent (time, IP address, browser and the wording you agreed to).</p>
<p>We never ask for or keep symptom details. We do not sell or share your number or email with third parties for marketing. Data is encrypted and kept in HIPAA-eligible Amazon Web Services.</p>
<p>Unconfirmed signups are deleted after 7 days and message history after 13 months. Consent records are kept for at least 4 years, as the law requires.</p>
<p>You can unsubscribe or ask us to delete your data from the preferences link in any email, or by calling ${c.phone}.</p>`;

export const legalPage = (which: 'terms' | 'privacy', clinic: ClinicProfile, lang: Lang): string =>
  pageLayout({
    lang,
    clinic,
    title: which === 'terms' ? (lang === 'es' ? 'Términos' : 'Terms') : lang === 'es' ? 'Privacidad' : 'Privacy',
    body: which === 'terms' ? terms(clinic, lang) : privacy(clinic, lang),
  });
