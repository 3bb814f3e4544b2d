/** Console pages for sequences: the list, one sequence (versions, run state, actions) and the edit form. */
import { Duration } from 'luxon';
import type { SequenceHead, SequenceVersion } from '../../domain/ports/sequenceVersions.js';
import type { SequenceDefinition } from '../../domain/scheduling/SequenceDefinition.js';
import { html, raw, type SafeHtml } from '../html.js';
import { csrfField } from './adminLayout.js';

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Window = { days: string[]; start: string; end: string };

export const humanDelay = (iso: string): string => {
  const d = Duration.fromISO(iso);
  if (!d.isValid) return iso;
  if (d.as('milliseconds') === 0) return 'right after the previous step';
  return `${d.rescale().toHuman({ unitDisplay: 'long' })} after the previous step`;
};

const windowText = (w: Window) => `${w.days.join(', ')} ${w.start}–${w.end}`;

const stateBadge = (h: SequenceHead) =>
  h.paused ? html`<span class="badge paused">Paused since ${h.pausedAt?.slice(0, 16).replace('T', ' ')} UTC</span>` : html`<span class="badge">Running</span>`;

export const overviewBody = (heads: SequenceHead[]): SafeHtml => html`<h1>Sequences</h1>
<table><caption class="hint">Every sequence this deployment runs; edits create versions.</caption>
<thead><tr><th scope="col">Sequence</th><th scope="col">Current version</th><th scope="col">State</th><th scope="col">Open for enrollment</th><th scope="col">Results</th></tr></thead>
<tbody>${heads.map(
  (h) => html`<tr><td><a href="/admin/sequences/${h.sequenceId}">${h.name}</a> <span class="hint">(${h.sequenceId})</span></td>
<td class="num">v${h.currentVersion}${h.latestVersion !== h.currentVersion ? ` (latest v${h.latestVersion})` : ''}</td><td>${stateBadge(h)}</td>
<td>${h.openFrom ? `From ${h.openFrom}` : 'Now'}</td><td><a href="/admin/sequences/${h.sequenceId}/results">Results for ${h.name}</a></td></tr>`,
)}</tbody></table>`;

export const stepsTable = (def: SequenceDefinition): SafeHtml => html`<table><caption>Steps of version ${def.version}</caption>
<thead><tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">When</th><th scope="col">Channel</th><th scope="col">Template</th><th scope="col">Send window (recipient's time)</th></tr></thead>
<tbody>${def.steps.map(
  (s, i) => html`<tr><td class="num">${i + 1}</td><td>${s.id}</td><td data-delay="${s.after}">${humanDelay(s.after)} <span class="hint">(${s.after})</span></td><td>${s.channel}</td><td>${s.template}</td>
<td>${windowText(s.sendWindow ?? def.defaultWindows[s.channel])}${s.sendWindow ? '' : ' (default)'}</td></tr>`,
)}</tbody></table>`;

export const sequenceBody = (o: {
  head: SequenceHead;
  definition: SequenceDefinition;
  versions: Omit<SequenceVersion, 'definition'>[];
  isAdmin: boolean;
  csrf: string;
  notice?: string;
  fields?: Record<string, string>;
}): SafeHtml => {
  const h = o.head;
  const f = o.fields ?? {};
  const actions = o.isAdmin
    ? html`<h2>Actions</h2>
<form method="post" action="/admin/sequences/${h.sequenceId}/${h.paused ? 'resume' : 'pause'}" class="inline">${csrfField(o.csrf)}
<button type="submit">${h.paused ? 'Resume sequence' : 'Pause sequence'}</button></form>
<p><a href="/admin/sequences/${h.sequenceId}/edit">Edit steps (creates version ${h.latestVersion + 1})</a></p>
<form method="post" action="/admin/sequences/${h.sequenceId}/schedule">${csrfField(o.csrf)}
<label for="openFrom">Open for enrollment from (clinic date; empty = now)</label>
<input type="date" id="openFrom" name="openFrom" value="${h.openFrom ?? ''}" aria-describedby="openFrom-hint openFrom-error">
<p class="hint" id="openFrom-hint">People who enroll earlier start on this date.</p><p class="error" id="openFrom-error">${f.openFrom ?? ''}</p>
<button type="submit">Save opening date</button></form>
<form method="post" action="/admin/sequences/${h.sequenceId}/move">${csrfField(o.csrf)}
<label for="toVersion">Move running enrollments to version</label>
<select id="toVersion" name="toVersion" aria-describedby="toVersion-error">${o.versions.map((v) => html`<option value="${v.version}"${raw(v.version === h.currentVersion ? ' selected' : '')}>v${v.version}</option>`)}</select>
<p class="error" id="toVersion-error">${f.toVersion ?? ''}</p>
<button type="submit">Move enrollments</button></form>`
    : '';
  return html`<h1>${h.name}</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<p>${stateBadge(h)} · current version v${h.currentVersion} · open for enrollment ${h.openFrom ? `from ${h.openFrom}` : 'now'} · <a href="/admin/sequences/${h.sequenceId}/results">Results</a></p>
${stepsTable(o.definition)}
${actions}
<h2>Versions</h2>
<table><thead><tr><th scope="col">Version</th><th scope="col">Created</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
<tbody>${[...o.versions].reverse().map((v) => html`<tr><td>v${v.version}${v.version === h.currentVersion ? ' (current)' : ''}</td><td>${v.createdAt.slice(0, 16).replace('T', ' ')} UTC</td><td>${v.createdBy}</td><td>${v.note ?? ''}</td></tr>`)}</tbody></table>`;
};

const fieldError = (fields: Record<string, string>, name: string) => html`<p class="error" id="${name}-error">${fields[name] ?? ''}</p>`;

/** The edit form: each step's delay, channel, template and window; sent as `step.<i>.<field>`. */
export const editBody = (o: {
  head: SequenceHead;
  definition: SequenceDefinition;
  templates: { email: string[]; sms: string[] };
  csrf: string;
  values?: Record<string, string>;
  fields?: Record<string, string>;
  message?: string;
}): SafeHtml => {
  const def = o.definition;
  const v = o.values ?? {};
  const f = o.fields ?? {};
  const val = (name: string, fallback: string) => v[name] ?? fallback;
  const steps = def.steps.map((s, i) => {
    const p = `step.${i}`;
    const w = s.sendWindow ?? def.defaultWindows[s.channel];
    const channel = val(`${p}.channel`, s.channel);
    const daysChecked = (d: string) => (o.values ? v[`${p}.day.${d}`] === 'on' : (w.days as string[]).includes(d));
    return html`<fieldset><legend>Step ${i + 1}: ${s.id}</legend>
<label for="${p}.after">Delay after the previous step</label>
<input type="text" id="${p}.after" name="${p}.after" value="${val(`${p}.after`, s.after)}" aria-describedby="${p}.after-hint ${p}.after-error">
<p class="hint" id="${p}.after-hint">ISO 8601 duration: P2D = 2 days, PT4H = 4 hours, PT0S = at once.</p>${fieldError(f, `${p}.after`)}
<label for="${p}.channel">Channel</label>
<select id="${p}.channel" name="${p}.channel">${(['email', 'sms'] as const).map((c) => html`<option value="${c}"${raw(c === channel ? ' selected' : '')}>${c}</option>`)}</select>${fieldError(f, `${p}.channel`)}
<label for="${p}.template">Template</label>
<select id="${p}.template" name="${p}.template" aria-describedby="${p}.template-error">${[...new Set([...o.templates.email, ...o.templates.sms])].sort().map(
      (t) => html`<option value="${t}"${raw(t === val(`${p}.template`, s.template) ? ' selected' : '')}>${t}${o.templates.sms.includes(t) ? (o.templates.email.includes(t) ? '' : ' (SMS only)') : ' (email only)'}</option>`,
    )}</select>${fieldError(f, `${p}.template`)}
<fieldset class="days"><legend>Send window: days (recipient's time)</legend>${WEEKDAY_NAMES.map(
      (d) => html`<label><input type="checkbox" name="${p}.day.${d}"${raw(daysChecked(d) ? ' checked' : '')}> ${d}</label>`,
    )}${fieldError(f, `${p}.sendWindow.days`)}</fieldset>
<label for="${p}.start">Window opens</label><input type="time" id="${p}.start" name="${p}.start" value="${val(`${p}.start`, w.start)}">${fieldError(f, `${p}.sendWindow.start`)}
<label for="${p}.end">Window closes</label><input type="time" id="${p}.end" name="${p}.end" value="${val(`${p}.end`, w.end)}">${fieldError(f, `${p}.sendWindow.end`)}
</fieldset>`;
  });
  return html`<h1>Edit ${def.name}</h1>
<p>Saving creates version ${o.head.latestVersion + 1}. Running enrollments stay on their version until you move them. Texts never go outside 08:00–21:00 recipient time (and stricter state hours), whatever the window says.</p>
${o.message ? html`<p class="alert" role="alert">${o.message}</p>` : ''}
<form method="post" action="/admin/sequences/${o.head.sequenceId}/edit" novalidate>${csrfField(o.csrf)}
<input type="hidden" name="basedOn" value="${val('basedOn', String(o.head.latestVersion))}">${fieldError(f, 'basedOn')}
${steps}
<label for="note">Note for the version history (optional)</label><input type="text" id="note" name="note" maxlength="200" value="${val('note', '')}">
<button type="submit">Save as version ${o.head.latestVersion + 1}</button></form>`;
};
