/** Console pages: the message list (shipped and console-written) and a shipped template's read-only view. */
import type { MessageRow } from '../../../domain/messages/messageList.js';
import type { Preview } from '../../../domain/console/previewTemplate.js';
import { html, raw, type SafeHtml } from '../../html.js';
import { csrfField } from '../adminLayout.js';

const CHANNEL: Record<string, string> = { email: 'Email', sms: 'Text message' };

const statusBadge = (r: MessageRow): SafeHtml =>
  html`<span class="badge">${r.status}</span>${r.pendingDraft ? html` <span class="badge">draft pending</span>` : ''}${
    r.reviewOverdue ? html` <span class="badge paused">review overdue since ${r.reviewAgainBy}</span>` : ''
  }`;

export const messageListBody = (o: { rows: MessageRow[]; csrf: string; notice?: string; values?: Record<string, string>; fields?: Record<string, string> }): SafeHtml => {
  const v = o.values ?? {};
  const f = o.fields ?? {};
  const mine = o.rows.filter((r) => r.source === 'console');
  const shipped = o.rows.filter((r) => r.source === 'shipped');
  const table = (rows: MessageRow[], caption: string) =>
    html`<div class="scroll"><table><caption>${caption}</caption><thead><tr><th scope="col">Message</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Published</th><th scope="col">Review again by</th></tr></thead><tbody>${rows.map(
      (r) =>
        html`<tr><td><a href="/admin/messages/${r.id}">${r.name}</a><br><small>${r.id}</small></td><td>${CHANNEL[r.channel]}</td><td>${statusBadge(r)}</td><td>${r.publishedVersion ? `v${r.publishedVersion}` : r.source === 'shipped' ? 'shipped file' : '—'}</td><td>${r.reviewAgainBy ?? '—'}</td></tr>`,
    )}</tbody></table></div>`;
  return html`<h1>Messages</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<p>Write email and text copy in English and Spanish. A message reaches patients only after another admin approves it.</p>
<h2>New message</h2>
<form method="post" action="/admin/messages">${csrfField(o.csrf)}
<label for="new-name">Name</label><input type="text" id="new-name" name="name" value="${v.name ?? ''}" aria-describedby="name-error"><p class="error" id="name-error">${f.name ?? ''}</p>
<label for="new-channel">Channel</label><select id="new-channel" name="channel"><option value="email">Email</option><option value="sms"${raw(v.channel === 'sms' ? ' selected' : '')}>Text message</option></select>
<button type="submit">Create message</button></form>
${mine.length ? table(mine, 'Written in the console') : html`<p>No console-written messages yet.</p>`}
${table(shipped, 'Shipped with Carecast (files in templates/, read-only: open one to copy it into a draft)')}`;
};

/** A shipped template: rendered read-only, with a button that copies it into an editable draft. */
export const shippedMessageBody = (o: { id: string; channel: 'email' | 'sms'; previews: { language: string; preview: Preview }[]; csrf: string }): SafeHtml =>
  html`<h1>${o.id} <small>(shipped ${o.channel === 'sms' ? 'text message' : 'email'})</small></h1>
<p>This message is a file in <code>templates/</code>: it changes only with a new release. Copy it to change its words.</p>
<form method="post" action="/admin/messages">${csrfField(o.csrf)}<input type="hidden" name="channel" value="${o.channel}"><input type="hidden" name="copyOf" value="${o.id}">
<label for="copy-name">Name of the copy</label><input type="text" id="copy-name" name="name" value="${`${o.id} (copy)`}">
<button type="submit">Copy into an editable draft</button></form>
<div class="langs">${o.previews.map(
    ({ language, preview: p }) => html`<section aria-labelledby="shipped-${language}"><h2 id="shipped-${language}">${language === 'es' ? 'Spanish' : 'English'}</h2>
${p.subject ? html`<p><strong>Subject:</strong> ${p.subject}</p>` : ''}
${p.html ? html`<iframe title="${`${o.id} ${language} preview`}" sandbox srcdoc="${p.html}"></iframe>` : ''}
<pre>${p.text}</pre></section>`,
  )}</div>`;
