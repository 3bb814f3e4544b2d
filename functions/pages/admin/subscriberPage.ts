/** Console page: look up one subscriber by email or phone; revoke consent (S7) or delete their data (P8). */
import type { SubscriberView } from '../../domain/console/subscriberSupport.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from './adminLayout.js';

export const lookupForm = (csrf: string, values: Record<string, string> = {}, fields: Record<string, string> = {}): SafeHtml => html`<h1>Subscribers</h1>
<p>Look up one person by their email address or mobile number. Each look-up is written to the audit log.</p>
<form method="post" action="/admin/subscribers">${csrfField(csrf)}
<label for="email">Email address</label><input type="email" id="email" name="email" value="${values.email ?? ''}" aria-describedby="email-error"><p class="error" id="email-error">${fields.email ?? ''}</p>
<label for="phone">or mobile number</label><input type="tel" id="phone" name="phone" value="${values.phone ?? ''}" aria-describedby="phone-error"><p class="error" id="phone-error">${fields.phone ?? ''}</p>
<button type="submit">Look up</button></form>`;

export const subscriberBody = (s: SubscriberView, o: { csrf: string; isAdmin: boolean; notice?: string }): SafeHtml => html`<h1>Subscriber ${s.firstName ?? ''}</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<p>Id <code>${s.subscriberId}</code> · ${s.email ?? ''} ${s.phone ?? ''} · language ${s.language} · ${s.timezone} · since ${s.createdAt.slice(0, 10)}${s.deletedAt ? ` · data deleted ${s.deletedAt.slice(0, 10)}` : ''}</p>
<h2>Channels</h2>
<table id="channels"><thead><tr><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Suppressed</th></tr></thead>
<tbody>${s.channels.map((c) => html`<tr><th scope="row">${c.channel}</th><td data-channel-status="${c.channel}">${c.status}</td><td>${c.suppressed ? 'yes' : 'no'}</td></tr>`)}</tbody></table>
<h2>Consent ledger</h2>
<table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Channel</th><th scope="col">Action</th><th scope="col">Source</th><th scope="col">Disclosure</th></tr></thead>
<tbody>${s.consent.map((c) => html`<tr><td>${c.at.slice(0, 19).replace('T', ' ')}</td><td>${c.channel}</td><td>${c.action}</td><td>${c.source}</td><td>${c.textVersion}</td></tr>`)}</tbody></table>
<p><a class="button" href="/admin/subscribers/${s.subscriberId}/consent.json" download>Export consent record (JSON, for proof)</a> Exports are written to the audit log.</p>
<h2>Messages</h2>
<table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Channel</th><th scope="col">Template</th><th scope="col">Sequence · step</th><th scope="col">State</th></tr></thead>
<tbody>${s.messages.map((m) => html`<tr><td>${m.at.slice(0, 19).replace('T', ' ')}</td><td>${m.channel}</td><td>${m.template}</td><td>${m.sequenceId ?? 'system'}${m.stepId ? ` · ${m.stepId}` : ''}</td><td>${m.state}</td></tr>`)}</tbody></table>
<h2>Enrollments</h2>
<table><thead><tr><th scope="col">Sequence</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Next step</th><th scope="col">Due (UTC)</th></tr></thead>
<tbody>${s.enrollments.map((e) => html`<tr><td>${e.sequenceId}</td><td>v${e.sequenceVersion}</td><td>${e.status}</td><td class="num">${e.nextStepIndex + 1}</td><td>${e.dueAt?.slice(0, 16).replace('T', ' ') ?? '–'}</td></tr>`)}</tbody></table>
<h2>Bookings</h2>
${s.bookings.length ? html`<table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Location</th><th scope="col">Preferred times</th></tr></thead><tbody>${s.bookings.map((b) => html`<tr><td>${b.at.slice(0, 16).replace('T', ' ')}</td><td>${b.locationId}</td><td>${b.preferredTimes}</td></tr>`)}</tbody></table>` : html`<p>None.</p>`}
<h2>Record a revocation (phone call, email, in person)</h2>
<form method="post" action="/admin/subscribers/${s.subscriberId}/revoke">${csrfField(o.csrf)}
<fieldset class="days"><legend>Stop these channels now</legend><label><input type="checkbox" name="channel.email"> email</label><label><input type="checkbox" name="channel.sms"> text messages</label></fieldset>
<button type="submit">Record revocation</button></form>
${
  o.isAdmin
    ? html`<h2>Delete this person's data</h2><p>Removes name, email and phone; ends every enrollment; keeps only a keyed hash so the address is never contacted again, and the consent ledger as evidence.</p>
<form method="post" action="/admin/subscribers/${s.subscriberId}/delete">${csrfField(o.csrf)}
<label><input type="checkbox" name="confirm" required> I confirm this person asked for their data to be deleted</label>
<button type="submit" class="danger">Delete data</button></form>`
    : ''
}`;
