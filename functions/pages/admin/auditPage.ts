/** Console page: the newest audit entries (who, what, when, before and after). */
import type { AuditEntry } from '../../domain/ports/staff/auditLog.js';
import { html, type SafeHtml } from '../html.js';

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

export const auditBody = (entries: AuditEntry[]): SafeHtml => html`<h1>Audit log</h1>
<p>Every change made in the console, and every look-up or export of personal data. Newest first; rows are never changed or removed.</p>
<table id="audit"><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Before → after</th></tr></thead>
<tbody>${entries.map(
  (e) => html`<tr><td>${e.at.slice(0, 19).replace('T', ' ')}</td><td>${e.actor.name}</td><td>${e.action}</td><td>${e.target}</td>
<td><details><summary>Show</summary><pre>${json(e.before)}</pre><pre>${json(e.after)}</pre></details></td></tr>`,
)}</tbody></table>`;
