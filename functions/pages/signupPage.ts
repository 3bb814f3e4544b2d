/**
 * The signup page (GET /): accessible, works without JavaScript (form POST) and with it
 * (fetch JSON). The consent wording shown is exactly what the ledger hashes (S1).
 */
import { HONEYPOT_FIELD } from '../domain/signup/SignupForm.js';
import type { ClinicProfile } from '../config.js';
import { consentDisclosure } from '../domain/signup/consentDisclosure.js';
import { html } from './html.js';
import { pageLayout } from './pageLayout.js';

type Lang = 'en' | 'es';

const COPY = {
  en: {
    title: 'Get the patient education series',
    intro: 'Short, sourced emails and a few texts about neck muscle conditions, their treatment options and how to book a consultation. Choose how you want to hear from us.',
    firstName: 'First name (optional)',
    email: 'Email address',
    emailHint: 'Needed only if you want emails.',
    phone: 'Mobile phone number',
    phoneHint: 'US mobile numbers only. Needed only if you want texts.',
    language: 'Language',
    consentEmail: 'Email consent',
    consentSms: 'Text message consent',
    terms: 'Terms',
    privacy: 'Privacy notice',
    submit: 'Subscribe',
    other: 'Ver esta página en español',
    otherHref: '/?lang=es',
    minimum: 'We only ask for what we need to send the series. Please do not share health details here.',
  },
  es: {
    title: 'Reciba la serie educativa para pacientes',
    intro: 'Correos breves, con fuentes, y algunos mensajes de texto sobre afecciones de los músculos del cuello, sus opciones de tratamiento y cómo pedir una consulta. Elija cómo quiere recibirlos.',
    firstName: 'Nombre (opcional)',
    email: 'Correo electrónico',
    emailHint: 'Solo si desea recibir correos.',
    phone: 'Número de celular',
    phoneHint: 'Solo celulares de EE. UU. Solo si desea recibir mensajes de texto.',
    language: 'Idioma',
    consentEmail: 'Consentimiento para correos',
    consentSms: 'Consentimiento para mensajes de texto',
    terms: 'Términos',
    privacy: 'Aviso de privacidad',
    submit: 'Suscribirme',
    other: 'View this page in English',
    otherHref: '/?lang=en',
    minimum: 'Solo pedimos lo necesario para enviar la serie. Por favor, no comparta datos de salud aquí.',
  },
} as const;

/** Progressive enhancement: time zone capture and a fetch submit with inline field errors. */
export const SIGNUP_SCRIPT = `(function(){var f=document.getElementById('signup');if(!f)return;
try{var tz=Intl.DateTimeFormat().resolvedOptions().timeZone;if(tz)f.elements.timezone.value=tz;}catch(e){}
f.addEventListener('submit',function(ev){ev.preventDefault();var d={};
['firstName','email','phone','language','timezone','${HONEYPOT_FIELD}','formToken'].forEach(function(n){var v=f.elements[n].value;if(v!=='')d[n]=v;});
d.consentEmail=f.elements.consentEmail.checked;d.consentSms=f.elements.consentSms.checked;
var errs=f.querySelectorAll('.error');for(var i=0;i<errs.length;i++){errs[i].textContent='';}
var st=document.getElementById('status');st.textContent='';
fetch(f.action,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(d)}).then(function(r){var t=r.headers.get('x-form-token');if(t)f.elements.formToken.value=t;return r.json().then(function(b){return{ok:r.ok,b:b};});}).then(function(x){
if(!x.ok&&x.b.error&&x.b.error.code==='form_expired'){f.submit();return;}
if(!x.ok&&x.b.error&&x.b.error.code==='form_too_fast'){st.textContent=x.b.error.message;return;}
if(x.ok){var m=document.createElement('div');m.className='notice';m.setAttribute('role','status');m.setAttribute('tabindex','-1');m.textContent=x.b.message;f.replaceWith(m);m.focus();return;}
var fields=(x.b.error&&x.b.error.fields)||{};var first=null;Object.keys(fields).forEach(function(k){var el=document.getElementById(k+'-error');if(el){el.textContent=fields[k];if(!first)first=f.elements[k];}});
st.textContent=(x.b.error&&x.b.error.message)||'Error';if(first&&first.focus)first.focus();}).catch(function(){st.textContent='Network error';});});})();`;

export interface SignupPageState {
  values?: Record<string, unknown>;
  fields?: Record<string, string>;
  message?: string;
  /** Signed render time (W2). */
  formToken?: string;
}

const err = (fields: Record<string, string>, name: string) =>
  html`<p class="error" id="${name}-error" aria-live="polite">${fields[name] ?? ''}</p>`;

const described = (fields: Record<string, string>, name: string, hint?: boolean) =>
  `${hint ? `${name}-hint ` : ''}${name}-error`;

export const signupPage = (clinic: ClinicProfile, lang: Lang, state: SignupPageState = {}): string => {
  const c = COPY[lang];
  const v = state.values ?? {};
  const f = state.fields ?? {};
  const program = { clinicName: clinic.name, programName: clinic.programName };
  const smsText = consentDisclosure('sms', lang, program).text;
  const emailText = consentDisclosure('email', lang, program).text;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const checked = (k: string) => v[k] === true || v[k] === 'on' || v[k] === 'true';
  const body = html`<h1>${c.title}</h1><p>${c.intro}</p><p class="hint">${c.minimum}</p>
<p><a href="${c.otherHref}" lang="${lang === 'en' ? 'es' : 'en'}">${c.other}</a></p>
<p id="status" role="alert">${state.message ?? ''}</p>
<form id="signup" method="post" action="/api/subscribe" novalidate>
<label for="firstName">${c.firstName}</label>
<input type="text" id="firstName" name="firstName" autocomplete="given-name" maxlength="100" value="${str('firstName')}" aria-describedby="firstName-error"${f.firstName ? html` aria-invalid="true"` : ''}>
${err(f, 'firstName')}
<label for="email">${c.email}</label>
<input type="email" id="email" name="email" autocomplete="email" maxlength="254" value="${str('email')}" aria-describedby="${described(f, 'email', true)}"${f.email ? html` aria-invalid="true"` : ''}>
<p class="hint" id="email-hint">${c.emailHint}</p>${err(f, 'email')}
<label for="phone">${c.phone}</label>
<input type="tel" id="phone" name="phone" autocomplete="tel" maxlength="32" value="${str('phone')}" aria-describedby="${described(f, 'phone', true)}"${f.phone ? html` aria-invalid="true"` : ''}>
<p class="hint" id="phone-hint">${c.phoneHint}</p>${err(f, 'phone')}
<label for="language">${c.language}</label>
<select id="language" name="language"><option value="en"${(str('language') || lang) === 'en' ? html` selected` : ''}>English</option><option value="es"${(str('language') || lang) === 'es' ? html` selected` : ''}>Español</option></select>
${err(f, 'language')}
<fieldset style="border:0;padding:0;margin:16px 0 0"><legend style="font-weight:600">${c.consentEmail}</legend>
<div class="check"><input type="checkbox" id="consentEmail" name="consentEmail" value="true"${checked('consentEmail') ? html` checked` : ''} aria-describedby="consentEmail-error"><label for="consentEmail">${emailText}</label></div>
${err(f, 'consentEmail')}</fieldset>
<fieldset style="border:0;padding:0;margin:16px 0 0"><legend style="font-weight:600">${c.consentSms}</legend>
<div class="check"><input type="checkbox" id="consentSms" name="consentSms" value="true"${checked('consentSms') ? html` checked` : ''} aria-describedby="consentSms-error"><label for="consentSms">${smsText}</label></div>
<p class="hint"><a href="/terms?lang=${lang}">${c.terms}</a> · <a href="/privacy?lang=${lang}">${c.privacy}</a></p>
${err(f, 'consentSms')}</fieldset>
<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Leave this empty</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off" data-1p-ignore data-lpignore="true" data-bwignore></div>
<input type="hidden" name="timezone" value="${str('timezone') || 'America/Los_Angeles'}">
<input type="hidden" name="formToken" value="${state.formToken ?? str('formToken')}">
${err(f, 'timezone')}
<button type="submit">${c.submit}</button>
</form>`;
  return pageLayout({ lang, title: c.title, clinic, body, scripts: [SIGNUP_SCRIPT] });
};

/**
 * The answer to every accepted signup, whatever the list holds (W4), so it says what happens in
 * each case without telling which one applies (issue 11: no page promises what will not happen).
 */
export const SIGNUP_ACCEPTED = {
  en: 'Thank you. Unless this address is already confirmed, we have sent a message to confirm your subscription: open the email link and press the button, or reply YES to our text. Nothing more is sent until you confirm.',
  es: 'Gracias. Salvo que esta dirección ya esté confirmada, le enviamos un mensaje para confirmar su suscripción: abra el enlace del correo y pulse el botón, o responda YES (SÍ) a nuestro mensaje de texto. No enviaremos nada más hasta que confirme.',
} as const;

/** Added when texts were asked for: after STOP, carriers require the person to text START themselves (S13). */
export const SIGNUP_SMS_RESTART = {
  en: 'If you replied STOP to our texts before, we cannot text you until you reply START to one of our earlier texts.',
  es: 'Si antes respondió STOP a nuestros mensajes, no podemos escribirle hasta que responda START a uno de nuestros mensajes anteriores.',
} as const;

/** The accepted-signup message for one request. */
export const signupAcceptedMessage = (lang: Lang, withSms: boolean): string =>
  withSms ? `${SIGNUP_ACCEPTED[lang]} ${SIGNUP_SMS_RESTART[lang]}` : SIGNUP_ACCEPTED[lang];

export const messagePage = (clinic: ClinicProfile, lang: Lang, title: string, message: string, link?: { href: string; text: string }): string =>
  pageLayout({
    lang,
    title,
    clinic,
    body: html`<h1>${title}</h1><p class="notice" role="status">${message}</p>${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ''}`,
  });
