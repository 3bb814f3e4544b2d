/** Console page: render a template in either language, and send a marked test to a staff address. */
import type { Preview } from '../../domain/console/previewTemplate.js';
import { html, raw, type SafeHtml } from '../html.js';
import { csrfField } from './adminLayout.js';

export const previewBody = (o: {
  templates: { email: string[]; sms: string[] };
  values: Record<string, string>;
  preview?: Preview;
  csrf: string;
  fields?: Record<string, string>;
  notice?: string;
}): SafeHtml => {
  const v = o.values;
  const f = o.fields ?? {};
  const opt = (name: string, value: string, label: string) => html`<option value="${value}"${raw((v[name] ?? '') === value ? ' selected' : '')}>${label}</option>`;
  const err = (n: string) => html`<p class="error" id="${n}-error">${f[n] ?? ''}</p>`;
  const p = o.preview;
  return html`<h1>Preview and test</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<form method="get" action="/admin/preview">
<label for="channel">Channel</label><select id="channel" name="channel">${opt('channel', 'email', 'Email')}${opt('channel', 'sms', 'Text message')}</select>
<label for="template">Template</label><select id="template" name="template" aria-describedby="template-error">${[...new Set([...o.templates.email, ...o.templates.sms])].sort().map((t) => opt('template', t, t))}</select>${err('template')}
<label for="language">Language</label><select id="language" name="language">${opt('language', 'en', 'English')}${opt('language', 'es', 'Español')}</select>
<label for="subscriberId">Subscriber id (optional: their first name instead of sample data)</label><input type="text" id="subscriberId" name="subscriberId" value="${v.subscriberId ?? ''}" aria-describedby="subscriberId-error">${err('subscriberId')}
<button type="submit">Show preview</button></form>
${
  p
    ? html`<h2>Preview</h2>${p.subject ? html`<p><strong>Subject:</strong> <span id="preview-subject">${p.subject}</span></p>` : ''}
${p.html ? html`<iframe title="Email preview" sandbox srcdoc="${p.html}"></iframe>` : ''}
<h3>${p.channel === 'sms' ? 'Text message' : 'Plain-text part'}</h3><pre id="preview-text">${p.text}</pre>
<h2>Send a test</h2>
<form method="post" action="/admin/preview/test">${csrfField(o.csrf)}
<input type="hidden" name="channel" value="${p.channel}"><input type="hidden" name="template" value="${v.template ?? ''}"><input type="hidden" name="language" value="${v.language ?? 'en'}">
<label for="to">Send to (a staff ${p.channel === 'sms' ? 'mobile number' : 'email address'} on the test list)</label>
<input type="${p.channel === 'sms' ? 'tel' : 'email'}" id="to" name="to" value="${v.to ?? ''}" aria-describedby="to-hint to-error"><p class="hint" id="to-hint">Marked [TEST]; never counted in results.</p>${err('to')}
<button type="submit">Send test</button></form>`
    : ''
}`;
};
