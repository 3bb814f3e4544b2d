/**
 * GET /outbox (HTML, newest first) and GET /api/dev/outbox (JSON, oldest first): everything
 * the local SES and SMS endpoints received. Local mode only; never deployed.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { htmlPage, json } from '../../functions/http/responses.js';
import { html, raw } from '../../functions/pages/html.js';
import { localRuntime } from '../runtime.js';

const page = () => {
  const entries = localRuntime().outbox.all().reverse();
  const items = entries.map(
    (e) => html`<article class="msg ${e.channel}" id="msg-${e.id}">
<h2>${e.channel === 'email' ? `✉ ${e.subject ?? ''}` : '💬 SMS'}</h2>
<p class="meta"><b>To</b> ${e.to} · <b>From</b> ${e.from} · <b>Sent</b> <time>${e.sentAt}</time></p>
${
  e.channel === 'email'
    ? html`<details><summary>Headers</summary><pre>${Object.entries(e.headers ?? {}).map(([k, v]) => `${k}: ${v}\n`).join('')}</pre></details>
<iframe title="${e.subject ?? 'email'}" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${e.html ?? ''}"></iframe>
<details><summary>Text part</summary><pre>${e.text ?? ''}</pre></details>`
    : html`<pre class="sms">${e.body ?? ''}</pre>`
}
</article>`,
  );
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Local outbox · Carecast</title>
<style>${raw(`body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f3f4f6;color:#111}header{background:#0b3d5c;color:#fff;padding:12px 20px}main{max-width:900px;margin:0 auto;padding:16px}
.msg{background:#fff;border-radius:8px;padding:12px 16px;margin:16px 0}.meta{color:#333;font-size:14px}iframe{width:100%;height:520px;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f7f7f7;padding:8px}a{color:#0b5394}`)}</style></head>
<body><header><h1>Local outbox</h1><p>${entries.length} message(s), newest first · <a style="color:#fff" href="/api/dev/outbox">JSON</a> · <a style="color:#fff" href="/preview">Template preview</a></p></header>
<main>${items.length ? items : html`<p>Nothing sent yet. Subscribe at <a href="/">the signup page</a>.</p>`}</main></body></html>`}`;
};

export const handler = async (event: APIGatewayProxyEventV2) => {
  if (event.rawPath === '/api/dev/outbox') return json(200, localRuntime().outbox.all());
  return htmlPage(200, page(), { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data: 'self'; frame-src 'self'; frame-ancestors 'none'" });
};
