/** The shared page shell: language, readable type, high-contrast colours, skip link. */
import { createHash } from 'node:crypto';
import type { ClinicProfile } from '../contract/ClinicProfile.js';
import { html, raw, type SafeHtml } from './html.js';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:18px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9}
a{color:#0b5394}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px}
header{background:#0b3d5c;color:#fff;padding:16px}header p{margin:0;font-weight:700;font-size:20px}
main{max-width:640px;margin:24px auto;background:#fff;padding:24px;border-radius:8px}
label{display:block;font-weight:600;margin-top:16px}input[type=text],input[type=email],input[type=tel],select{width:100%;padding:10px;font-size:18px;border:2px solid #555;border-radius:4px}
.check{display:flex;gap:12px;align-items:flex-start;margin-top:16px}.check input{width:24px;height:24px;margin-top:4px;flex:none}.check label{margin:0;font-weight:400}
button{margin-top:24px;background:#0b5394;color:#fff;border:0;padding:14px 24px;font-size:18px;border-radius:4px;cursor:pointer}
.hint{color:#444;font-size:16px;margin:4px 0 0}.error{color:#a30000;font-weight:600;margin:4px 0 0}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.notice{border-left:4px solid #0b5394;padding:8px 16px;background:#eef4fa}
footer{max-width:640px;margin:0 auto 32px;padding:0 24px;font-size:15px;color:#333}
`;

export interface PageOptions {
  lang: 'en' | 'es';
  title: string;
  clinic: ClinicProfile;
  body: SafeHtml;
  /** Inline scripts; each one's hash is allowed by the CSP, nothing else runs. */
  scripts?: string[];
}

export const scriptHash = (source: string): string => `sha256-${createHash('sha256').update(source).digest('base64')}`;

const FOOTER = {
  en: 'This information is for education only and is not medical advice; in an emergency, call 911.',
  es: 'Esta información es solo educativa y no constituye consejo médico; en caso de emergencia, llame al 911.',
};

export const pageLayout = (o: PageOptions): string =>
  `<!doctype html>${html`<html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${o.title} · ${o.clinic.name}</title><style>${raw(STYLE)}</style></head>
<body><a class="skip" href="#main">${o.lang === 'es' ? 'Ir al contenido' : 'Skip to content'}</a>
<header><p>${o.clinic.name}</p></header>
<main id="main">${o.body}</main>
<footer><p>${FOOTER[o.lang]}</p><p>${o.clinic.locations.map((l) => html`${l.name}: ${l.address}<br>`)}</p><p>${o.clinic.phone}</p></footer>
${(o.scripts ?? []).map((s) => raw(`<script>${s}</script>`))}
</body></html>`}`;
