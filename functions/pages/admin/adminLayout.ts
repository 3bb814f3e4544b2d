/**
 * The staff console's page shell: server-rendered, readable without JavaScript, keyboard and
 * screen-reader friendly (landmarks, labelled forms, tables with headers, visible focus). The
 * only scripts are same-origin files (Chart.js and the console's chart script): the CSP allows
 * `script-src 'self'` and nothing else, with no third-party origin anywhere (P10, W11).
 */
import type { StaffActor } from '../../domain/ports/staff/auditLog.js';
import { contentSecurityPolicy } from '../../middleware/securityHeaders.js';
import { html, raw, type SafeHtml } from '../html.js';

export const ADMIN_CSP = contentSecurityPolicy(['self']);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9}
a{color:#0b5394}a:focus,button:focus,input:focus,select:focus,summary:focus,textarea:focus{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
header{background:#0b3d5c;color:#fff;padding:12px 24px;display:flex;flex-wrap:wrap;gap:16px;align-items:center;justify-content:space-between}
header p{margin:0;font-weight:700}header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:16px}
header a{color:#fff}header a[aria-current=page]{text-decoration:underline 3px}
header form{display:inline}header button{margin:0;padding:6px 12px;background:#fff;color:#0b3d5c}
main{max-width:1100px;margin:24px auto;background:#fff;padding:24px;border-radius:8px}
h1{margin-top:0}table{border-collapse:collapse;width:100%;margin:12px 0}th,td{border-bottom:1px solid #ccd;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
label{display:block;font-weight:600;margin-top:12px}input[type=text],input[type=email],input[type=tel],input[type=date],input[type=time],input[type=password],input[type=number],select,textarea{padding:8px;font-size:16px;border:2px solid #555;border-radius:4px;max-width:100%}
fieldset{border:1px solid #99a;border-radius:6px;margin:12px 0;padding:8px 16px}legend{font-weight:700}
.days label{display:inline-flex;gap:4px;font-weight:400;margin:4px 12px 4px 0}
button{margin-top:12px;background:#0b5394;color:#fff;border:0;padding:10px 18px;font-size:16px;border-radius:4px;cursor:pointer}
button.danger{background:#a30000}.inline{display:inline-block;margin-right:12px}
.error{color:#a30000;font-weight:600;margin:4px 0 0}.hint{color:#444;font-size:14px;margin:2px 0 0}
.notice{border-left:4px solid #0b5394;padding:8px 16px;background:#eef4fa}.alert{border-left:4px solid #a30000;padding:8px 16px;background:#fbeaea}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;background:#e3e8ee;font-size:14px}.badge.paused{background:#fff3cd}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ccd;border-radius:6px;padding:8px 16px;min-width:130px}.card strong{display:block;font-size:24px}
.chart{position:relative;height:280px;margin:12px 0}pre{white-space:pre-wrap;background:#f6f7f9;padding:12px}
iframe{width:100%;height:560px;border:1px solid #ccd}
.scroll{overflow-x:auto}.rate{display:block;font-size:13px;color:#444}#steps-table th[scope=row]{min-width:10em}
.scroll{overflow-x:auto}
.row{display:flex;flex-wrap:wrap;gap:0 24px}.short{width:6em}.inline-label{display:inline;margin-left:8px}
button.secondary{background:#e3e8ee;color:#0b3d5c}button:disabled{opacity:.6;cursor:not-allowed}
.step{border-width:2px}.step-actions button{margin-right:8px}.words{font-weight:600;margin:4px 0}
label.check{display:flex;gap:8px;font-weight:400}
`;

export type AdminSection = 'overview' | 'messages' | 'broadcasts' | 'preview' | 'subscribers' | 'audit' | 'clinic';

export interface AdminPage {
  title: string;
  section: AdminSection;
  actor: StaffActor;
  csrf: string;
  body: SafeHtml;
  /** Same-origin scripts (paths under /admin/assets/). */
  scripts?: string[];
}

const NAV: [AdminSection, string, string][] = [
  ['overview', '/admin', 'Sequences'],
  ['messages', '/admin/messages', 'Messages'],
  ['broadcasts', '/admin/broadcasts', 'Broadcasts'],
  ['preview', '/admin/preview', 'Preview and test'],
  ['subscribers', '/admin/subscribers', 'Subscribers'],
  ['audit', '/admin/audit', 'Audit log'],
  ['clinic', '/admin/clinic', 'Clinic'],
];

/** The hidden CSRF field every console form carries. */
export const csrfField = (csrf: string): SafeHtml => html`<input type="hidden" name="_csrf" value="${csrf}">`;

export const adminLayout = (p: AdminPage): string =>
  `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${p.title} · Carecast staff console</title><style>${raw(STYLE)}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header><p>Carecast staff console</p>
<nav aria-label="Console"><ul>${NAV.filter(([s]) => (s !== 'audit' && s !== 'clinic') || p.actor.role === 'admin').map(
    ([s, href, label]) => html`<li><a href="${href}"${raw(s === p.section ? ' aria-current="page"' : '')}>${label}</a></li>`,
  )}</ul></nav>
<form method="post" action="/admin/logout">${csrfField(p.csrf)}<span>${p.actor.name} (${p.actor.role})</span> <button type="submit">Sign out</button></form></header>
<main id="main">${p.body}</main>
${(p.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}
</body></html>`}`;

/** A one-message page (errors, confirmations) in the console shell, or bare when nobody is signed in. */
export const adminMessagePage = (title: string, message: string, link?: { href: string; text: string }): string =>
  `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Carecast staff console</title><style>${raw(STYLE)}</style></head>
<body><header><p>Carecast staff console</p></header><main id="main"><h1>${title}</h1><p>${message}</p>${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ''}</main></body></html>`}`;
