/** Console pages for sequences: the list, one sequence (steps in words, versions, run state, actions), a new sequence, and entry points. */
import type { SequenceHead, SequenceVersion } from '../../domain/ports/sending/sequenceVersions.js';
import type { EntryPointView } from '../../domain/scheduling/entryPoints.js';
import type { SequenceDefinition } from '../../domain/scheduling/SequenceDefinition.js';
import { html, raw, type SafeHtml } from '../html.js';
import { csrfField } from './adminLayout.js';
import { waitInWords, windowInWords } from './builder/plainWords.js';

const stateBadge = (h: SequenceHead) =>
  h.archived
    ? html`<span class="badge paused">Archived</span>`
    : h.paused
      ? html`<span class="badge paused">Paused since ${h.pausedAt?.slice(0, 16).replace('T', ' ')} UTC</span>`
      : html`<span class="badge">Running</span>`;

const headRows = (heads: SequenceHead[]) =>
  heads.map(
    (h) => html`<tr><td><a href="/admin/sequences/${h.sequenceId}">${h.name}</a> <span class="hint">(${h.sequenceId})</span></td>
<td class="num">v${h.currentVersion}${h.latestVersion !== h.currentVersion ? ` (latest v${h.latestVersion})` : ''}</td><td>${stateBadge(h)}</td>
<td>${h.openFrom ? `From ${h.openFrom}` : 'Now'}</td><td><a href="/admin/sequences/${h.sequenceId}/results">Results for ${h.name}</a></td></tr>`,
  );

const HEAD_COLUMNS = html`<thead><tr><th scope="col">Sequence</th><th scope="col">Current version</th><th scope="col">State</th><th scope="col">Open for enrollment</th><th scope="col">Results</th></tr></thead>`;

export const overviewBody = (heads: SequenceHead[], isAdmin = false): SafeHtml => {
  const active = heads.filter((h) => !h.archived);
  const archived = heads.filter((h) => h.archived);
  return html`<h1>Sequences</h1>
${isAdmin ? html`<p><a href="/admin/sequences/new">New sequence</a> · <a href="/admin/entry-points">Entry points (which form enrolls into which sequence)</a></p>` : ''}
<table><caption class="hint">Every sequence this deployment runs; edits create versions.</caption>
${HEAD_COLUMNS}<tbody>${headRows(active)}</tbody></table>
${archived.length ? html`<h2>Archived</h2><table>${HEAD_COLUMNS}<tbody>${headRows(archived)}</tbody></table>` : ''}`;
};

/** The steps of a version in words: when each goes out, on which channel, which message, in which window. */
export const stepsTable = (def: SequenceDefinition): SafeHtml => html`<table id="steps"><caption>Steps of version ${def.version}</caption>
<thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Channel</th><th scope="col">Message</th><th scope="col">Send window</th><th scope="col">Once booked</th></tr></thead>
<tbody>${def.steps.map((s, i) => {
  const exits = Object.values(def.exitGoals).some((g) => g.endsSteps.includes(s.id));
  return html`<tr data-step-id="${s.id}"><td class="num">${i + 1}</td><td data-delay="${s.after}">${waitInWords(def.steps, i)}</td><td>${s.channel === 'sms' ? 'Text' : 'Email'}</td><td>${s.template}</td>
<td>${windowInWords(s.sendWindow ?? def.defaultWindows[s.channel])}${s.sendWindow ? '' : ' (default)'}</td><td>${exits ? 'Skipped' : 'Still sent'}</td></tr>`;
})}</tbody></table>`;

export const sequenceBody = (o: {
  head: SequenceHead;
  definition: SequenceDefinition;
  versions: Omit<SequenceVersion, 'definition'>[];
  entryPoints?: EntryPointView[];
  isAdmin: boolean;
  csrf: string;
  notice?: string;
  fields?: Record<string, string>;
}): SafeHtml => {
  const h = o.head;
  const f = o.fields ?? {};
  const enrollsHere = (o.entryPoints ?? []).filter((e) => e.sequenceId === h.sequenceId);
  const actions = o.isAdmin
    ? html`<h2>Actions</h2>
<form method="post" action="/admin/sequences/${h.sequenceId}/${h.paused ? 'resume' : 'pause'}" class="inline">${csrfField(o.csrf)}
<button type="submit">${h.paused ? 'Resume sequence' : 'Pause sequence'}</button></form>
<p><a href="/admin/sequences/${h.sequenceId}/edit">Open the sequence builder (saving creates version ${h.latestVersion + 1})</a></p>
<form method="post" action="/admin/sequences/${h.sequenceId}/schedule">${csrfField(o.csrf)}
<label for="openFrom">Open for enrollment from (clinic date; empty = now)</label>
<input type="date" id="openFrom" name="openFrom" value="${h.openFrom ?? ''}" aria-describedby="openFrom-hint openFrom-error">
<p class="hint" id="openFrom-hint">People who enroll earlier start on this date.</p><p class="error" id="openFrom-error">${f.openFrom ?? ''}</p>
<button type="submit">Save opening date</button></form>
<form method="post" action="/admin/sequences/${h.sequenceId}/move">${csrfField(o.csrf)}
<label for="toVersion">Move running enrollments to version</label>
<select id="toVersion" name="toVersion" aria-describedby="toVersion-error">${o.versions.map((v) => html`<option value="${v.version}"${raw(v.version === h.currentVersion ? ' selected' : '')}>v${v.version}</option>`)}</select>
<p class="error" id="toVersion-error">${f.toVersion ?? ''}</p>
<button type="submit">Move enrollments</button></form>
<form method="post" action="/admin/sequences/${h.sequenceId}/archive">${csrfField(o.csrf)}<input type="hidden" name="archived" value="${h.archived ? 'false' : 'true'}">
<p class="error" id="sequence-error">${f.sequence ?? ''}</p>
<button type="submit" class="${h.archived ? '' : 'danger'}">${h.archived ? 'Restore from the archive' : 'Archive sequence'}</button></form>`
    : '';
  return html`<h1>${h.name}</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<p>${stateBadge(h)} · current version v${h.currentVersion} · open for enrollment ${h.openFrom ? `from ${h.openFrom}` : 'now'} · <a href="/admin/sequences/${h.sequenceId}/results">Results</a></p>
<p id="entry-points">${enrollsHere.length ? `Enrolled from: ${enrollsHere.map((e) => e.name).join(', ')}.` : 'No entry point enrolls into this sequence.'} <a href="/admin/entry-points">Entry points</a></p>
${stepsTable(o.definition)}
<p id="default-windows">Default send windows: emails ${windowInWords(o.definition.defaultWindows.email)}; texts ${windowInWords(o.definition.defaultWindows.sms)}. Steps marked (default) use them.</p>
${actions}
<h2>Versions</h2>
<table><thead><tr><th scope="col">Version</th><th scope="col">Created</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
<tbody>${[...o.versions].reverse().map((v) => html`<tr><td>v${v.version}${v.version === h.currentVersion ? ' (current)' : ''}</td><td>${v.createdAt.slice(0, 16).replace('T', ' ')} UTC</td><td>${v.createdBy}</td><td>${v.note ?? ''}</td></tr>`)}</tbody></table>`;
};

/** Create a sequence: a name, and blank or a copy of another. */
export const newSequenceBody = (o: { heads: SequenceHead[]; csrf: string; values?: Record<string, string>; fields?: Record<string, string>; message?: string }): SafeHtml => {
  const v = o.values ?? {};
  const f = o.fields ?? {};
  return html`<h1>New sequence</h1>
${o.message ? html`<p class="alert" role="alert">${o.message}</p>` : ''}
<form method="post" action="/admin/sequences" novalidate>${csrfField(o.csrf)}
<label for="name">Name</label><input type="text" id="name" name="name" maxlength="100" value="${v.name ?? ''}" aria-describedby="name-error"><p class="error" id="name-error">${f.name ?? ''}</p>
<label for="duplicateOf">Start from</label>
<select id="duplicateOf" name="duplicateOf" aria-describedby="duplicateOf-hint duplicateOf-error"><option value="">A blank sequence (one welcome email right after joining)</option>${o.heads.map(
    (h) => html`<option value="${h.sequenceId}"${raw(v.duplicateOf === h.sequenceId ? ' selected' : '')}>A copy of ${h.name} (v${h.currentVersion})</option>`,
  )}</select><p class="hint" id="duplicateOf-hint">You change the steps in the sequence builder next. Nobody is enrolled until an entry point leads here.</p>
<p class="error" id="duplicateOf-error">${f.duplicateOf ?? ''}</p>
<button type="submit">Create sequence</button></form>`;
};

/** Which sequence each entry point enrolls into, with a form to change it. */
export const entryPointsBody = (o: {
  /** Forms (a select each) and broadcasts that enroll their recipients (chosen on the broadcast form, shown here read-only). */
  entryPoints: EntryPointView[];
  heads: SequenceHead[];
  isAdmin: boolean;
  csrf: string;
  fields?: Record<string, string>;
  notice?: string;
}): SafeHtml => {
  const f = o.fields ?? {};
  const usable = o.heads.filter((h) => !h.archived);
  const forms = o.entryPoints.filter((e) => e.kind === 'form');
  const broadcasts = o.entryPoints.filter((e) => e.kind === 'broadcast');
  return html`<h1>Entry points</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<p>Each way in enrolls people into one sequence. A change applies to people who confirm from now on; people already enrolled stay where they are.</p>
${forms.map(
  (e) => html`<form method="post" action="/admin/entry-points/${e.id}">${csrfField(o.csrf)}<fieldset><legend>${e.name}</legend><p class="hint">${e.where}${e.updatedBy ? ` · chosen by ${e.updatedBy} on ${e.updatedAt?.slice(0, 10)}` : ' · the deployment default'}</p>
<label for="${e.id}.sequenceId">Enrolls into</label>
<select id="${e.id}.sequenceId" name="sequenceId" aria-describedby="${e.id}.sequenceId-error"${raw(o.isAdmin ? '' : ' disabled')}>${usable.map((h) => html`<option value="${h.sequenceId}"${raw(h.sequenceId === e.sequenceId ? ' selected' : '')}>${h.name}</option>`)}</select>
<p class="error" id="${e.id}.sequenceId-error">${f.sequenceId ?? ''}</p>
${o.isAdmin ? html`<button type="submit">Save entry point</button>` : ''}</fieldset></form>`,
)}
<h2>Broadcasts</h2>
${broadcasts.length ? html`<ul id="broadcast-entry-points">${broadcasts.map((b) => html`<li>${b.name} enrolls into ${o.heads.find((h) => h.sequenceId === b.sequenceId)?.name ?? b.sequenceId} (${b.where})</li>`)}</ul>` : html`<p>No broadcast enrolls its recipients into a sequence.</p>`}
<p class="hint">A broadcast's sequence is chosen when it is scheduled, on <a href="/admin/broadcasts">Broadcasts</a>.</p>`;
};
