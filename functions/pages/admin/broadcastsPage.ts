/** Console page for one-off broadcasts: the list (with cancel before start) and the schedule form. */
import type { Broadcast } from '../../domain/ports/staff/broadcasts.js';
import type { StepCounters } from '../../domain/ports/sending/results.js';
import type { SequenceHead } from '../../domain/ports/sending/sequenceVersions.js';
import { html, raw, type SafeHtml } from '../html.js';
import { csrfField } from './adminLayout.js';

const audienceText = (b: Broadcast) =>
  [
    b.audience.channel === 'sms' ? 'Text' : 'Email',
    b.audience.language ? `language ${b.audience.language}` : 'all languages',
    b.audience.sequenceId ? `in ${b.audience.sequenceId}${b.audience.status ? ` (${b.audience.status})` : ''}` : 'all sequences',
    ...(b.audience.stepId ? [`reached step ${b.audience.stepId}`] : []),
    ...(b.audience.locationId ? [`prefers ${b.audience.locationId}`] : []),
    ...(b.audience.booked === undefined ? [] : [b.audience.booked ? 'booked' : 'not booked']),
  ].join(', ') + (b.enrollInto ? `; then enrolled into ${b.enrollInto}` : '');

export const broadcastsBody = (o: {
  broadcasts: Broadcast[];
  counters: Record<string, StepCounters>;
  sequences: SequenceHead[];
  /** Each sequence's current step ids, for the "step reached" filter. */
  steps: { sequenceId: string; name: string; stepIds: string[] }[];
  locations: { id: string; name: string }[];
  templates: { email: string[]; sms: string[] };
  timeZone: string;
  isAdmin: boolean;
  csrf: string;
  values?: Record<string, string>;
  fields?: Record<string, string>;
  notice?: string;
  message?: string;
}): SafeHtml => {
  const v = o.values ?? {};
  const f = o.fields ?? {};
  const err = (n: string) => html`<p class="error" id="${n}-error">${f[n] ?? ''}</p>`;
  const opt = (name: string, value: string, label: string) => html`<option value="${value}"${raw((v[name] ?? '') === value ? ' selected' : '')}>${label}</option>`;
  const list = [...o.broadcasts].sort((a, b) => b.startAt.localeCompare(a.startAt));
  const form = o.isAdmin
    ? html`<h2 id="schedule-heading">Schedule a broadcast</h2>
${o.message ? html`<p class="alert" role="alert">${o.message}</p>` : ''}
<form method="post" action="/admin/broadcasts" aria-labelledby="schedule-heading" novalidate>${csrfField(o.csrf)}
<label for="name">Name</label><input type="text" id="name" name="name" maxlength="100" value="${v.name ?? ''}" aria-describedby="name-error">${err('name')}
<label for="channel">Channel</label><select id="channel" name="channel">${opt('channel', 'email', 'Email')}${opt('channel', 'sms', 'Text message')}</select>${err('channel')}
<label for="template">Template</label><select id="template" name="template" aria-describedby="template-error">${[...new Set([...o.templates.email, ...o.templates.sms])].sort().map((t) => opt('template', t, t))}</select>${err('template')}
<fieldset><legend>Audience</legend><p class="hint">Everyone must also be confirmed on the channel, have standing consent and not be suppressed; texts go only in each person's quiet hours.</p>
<label for="language">Language</label><select id="language" name="language">${opt('language', '', 'Any')}${opt('language', 'en', 'English')}${opt('language', 'es', 'Español')}</select>${err('language')}
<label for="sequenceId">Sequence</label><select id="sequenceId" name="sequenceId">${opt('sequenceId', '', 'Any sequence')}${o.sequences.map((s) => opt('sequenceId', s.sequenceId, s.name))}</select>${err('sequenceId')}
<label for="status">Enrollment status in that sequence</label><select id="status" name="status">${opt('status', '', 'Any')}${opt('status', 'active', 'Active')}${opt('status', 'completed', 'Completed')}${opt('status', 'exited', 'Exited')}</select>${err('status')}
<label for="stepId">Reached step (of that sequence)</label><select id="stepId" name="stepId" aria-describedby="stepId-error">${opt('stepId', '', 'Any step')}${o.steps.map((s) => html`<optgroup label="${s.name}">${s.stepIds.map((id) => opt('stepId', id, id))}</optgroup>`)}</select>${err('stepId')}
<label for="locationId">Preferred location (of their latest consultation request)</label><select id="locationId" name="locationId" aria-describedby="locationId-error">${opt('locationId', '', 'Any')}${o.locations.map((l) => opt('locationId', l.id, l.name))}</select>${err('locationId')}
<label for="booked">Requested a consultation</label><select id="booked" name="booked">${opt('booked', '', 'Either')}${opt('booked', 'yes', 'Yes')}${opt('booked', 'no', 'No')}</select>${err('booked')}
<button type="submit" formaction="/admin/broadcasts/audience">Count recipients</button>
</fieldset>
<label for="enrollInto">Then enroll recipients into</label><select id="enrollInto" name="enrollInto" aria-describedby="enrollInto-hint enrollInto-error">${opt('enrollInto', '', 'No sequence')}${o.sequences.filter((s) => !s.archived).map((s) => opt('enrollInto', s.sequenceId, s.name))}</select>
<p class="hint" id="enrollInto-hint">Each person is enrolled once the broadcast is sent to them, if they still have consent; people already in that sequence stay where they are.</p>${err('enrollInto')}
<label for="date">Date (${o.timeZone})</label><input type="date" id="date" name="date" value="${v.date ?? ''}" aria-describedby="date-error">${err('date')}
<label for="time">Time (${o.timeZone})</label><input type="time" id="time" name="time" value="${v.time ?? ''}" aria-describedby="time-error">${err('time')}
<button type="submit">Schedule broadcast</button></form>`
    : '';
  return html`<h1>Broadcasts</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<table id="broadcasts"><thead><tr><th scope="col">Name</th><th scope="col">Template</th><th scope="col">Audience</th><th scope="col">Starts (${o.timeZone})</th><th scope="col">Status</th><th scope="col" class="num">Recipients</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Delivered</th><th scope="col">Action</th></tr></thead>
<tbody>${list.length === 0 ? html`<tr><td colspan="9">No broadcasts yet.</td></tr>` : ''}${list.map(
    (b) => html`<tr data-broadcast="${b.broadcastId}"><td>${b.name}</td><td>${b.template}</td><td>${audienceText(b)}</td><td>${b.localStart.date} ${b.localStart.time}</td>
<td><span class="badge" data-status="${b.status}">${b.status}</span></td><td class="num">${b.recipients}</td><td class="num">${o.counters[b.broadcastId]?.sent ?? 0}</td><td class="num">${o.counters[b.broadcastId]?.delivered ?? 0}</td>
<td>${o.isAdmin && b.status === 'scheduled' ? html`<form method="post" action="/admin/broadcasts/${b.broadcastId}/cancel">${csrfField(o.csrf)}<button type="submit" class="danger" aria-label="Cancel broadcast ${b.name}">Cancel</button></form>` : ''}</td></tr>`,
  )}</tbody></table>
<p><a href="/admin/broadcasts/results">Broadcast results</a></p>
${form}`;
};
