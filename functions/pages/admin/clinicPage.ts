/**
 * Console page for the clinic profile and calendar (issue 14): the details every email footer and
 * the booking page show (name, contact, hours, locations with postal addresses), and the closed
 * days on which nothing is sent. Admins edit; the form is readable and usable without JavaScript.
 */
import type { ClinicProfile } from '../../contract/ClinicProfile.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from './adminLayout.js';

/** A closed date with why (a holiday's name, "Clinic closed"). */
export interface ClosedDate {
  date: string;
  reason: string;
}

/**
 * The form's fields as a profile edit (locations as `locations.<i>.<field>`; a blank or removed row
 * is left out), and `fieldsOnForm` to put the edit's field errors back on the rows they came from.
 */
export const clinicEditFromForm = (f: Record<string, string>): { edit: Record<string, unknown>; fieldsOnForm: (fields: Record<string, string>) => Record<string, string> } => {
  const locations: Record<string, string>[] = [];
  const formRow: number[] = [];
  for (let i = 0; i < 20; i++) {
    const l = { id: f[`locations.${i}.id`] ?? '', name: f[`locations.${i}.name`] ?? '', address: f[`locations.${i}.address`] ?? '', phone: f[`locations.${i}.phone`] ?? '' };
    if (f[`locations.${i}.remove`] === 'on' || Object.values(l).every((v) => v.trim() === '')) continue;
    locations.push(Object.fromEntries(Object.entries(l).filter(([k, v]) => k !== 'phone' || v.trim() !== '')));
    formRow.push(i);
  }
  const optional = (k: string) => (f[k]?.trim() ? { [k]: f[k] } : {});
  return {
    edit: { name: f.name ?? '', programName: f.programName ?? '', phone: f.phone ?? '', email: f.email ?? '', website: f.website ?? '', ...optional('hours'), locations },
    fieldsOnForm: (fields) =>
      Object.fromEntries(Object.entries(fields).map(([k, m]) => [k.replace(/^locations\.(\d+)\./, (_, n) => `locations.${formRow[Number(n)] ?? n}.`), m])),
  };
};

/** The profile as form values (the inverse of clinicEditFromForm). */
const formValuesOf = (p: ClinicProfile): Record<string, string> => ({
  name: p.name,
  programName: p.programName,
  phone: p.phone,
  email: p.email,
  website: p.website,
  hours: p.hours ?? '',
  ...Object.fromEntries(p.locations.flatMap((l, i) => [[`locations.${i}.id`, l.id], [`locations.${i}.name`, l.name], [`locations.${i}.address`, l.address], [`locations.${i}.phone`, l.phone ?? '']])),
});

export const clinicBody = (o: {
  profile: ClinicProfile;
  version: number;
  closed: ClosedDate[];
  csrf: string;
  values?: Record<string, string>;
  fields?: Record<string, string>;
  dateValue?: string;
  notice?: string;
  message?: string;
}): SafeHtml => {
  const v = o.values ?? formValuesOf(o.profile);
  const f = o.fields ?? {};
  const err = (n: string) => html`<p class="error" id="${n}-error">${f[n] ?? ''}</p>`;
  const input = (name: string, label: string, type = 'text', hint?: string) =>
    html`<label for="${name}">${label}</label>${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}<input type="${type}" id="${name}" name="${name}" value="${v[name] ?? ''}" aria-describedby="${name}-error${hint ? ` ${name}-hint` : ''}"${f[name] ? html` aria-invalid="true"` : ''}>${err(name)}`;
  const rows = Math.max(o.profile.locations.length, Object.keys(v).filter((k) => /^locations\.\d+\.id$/.test(k)).length) + 1;
  const locationRow = (i: number) => html`<fieldset><legend>${v[`locations.${i}.name`] || (i < o.profile.locations.length ? `Location ${i + 1}` : 'Add a location')}</legend>
${input(`locations.${i}.id`, 'Id (in links and reports)')}${input(`locations.${i}.name`, 'Name')}${input(`locations.${i}.address`, 'Postal address (shown in every email footer)')}${input(`locations.${i}.phone`, 'Phone (optional)', 'tel')}
${i < o.profile.locations.length ? html`<label><input type="checkbox" name="locations.${i}.remove"> Remove this location</label>` : ''}</fieldset>`;
  return html`<h1>Clinic profile</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
${o.message ? html`<p class="alert" role="alert">${o.message}</p>` : ''}
<p>Every email footer, the booking page and the signup page show these details. Version ${o.version === 0 ? 'shipped default (templates/clinic.yaml)' : o.version}; time zone ${o.profile.timezone}.</p>
<form method="post" action="/admin/clinic" aria-label="Clinic profile" novalidate>${csrfField(o.csrf)}<input type="hidden" name="basedOn" value="${String(o.version)}">
${input('name', 'Clinic name')}${input('programName', 'Program name (email sender line)')}
${input('phone', 'Phone', 'tel', 'A US number with its area code')}${input('email', 'Contact email', 'email')}
${input('website', 'Website', 'url', 'https://…')}${input('hours', 'Office hours (optional)')}
${Array.from({ length: rows }, (_, i) => locationRow(i))}${err('locations')}
<button type="submit">Save clinic profile</button></form>
<h2 id="closed-heading">Closed days</h2>
<p>Nothing is sent on these days (no sequence step, no broadcast), read in each patient's own time zone: a step due then waits for the next open day in its send window. US federal holidays${o.profile.closedDays?.federalHolidays === false ? ' are not closed' : ' are closed by default'}; add or re-open any date.</p>
<table><caption>Closed days in the next 12 months</caption><thead><tr><th scope="col">Date</th><th scope="col">Why</th></tr></thead>
<tbody>${o.closed.length === 0 ? html`<tr><td colspan="2">None.</td></tr>` : ''}${o.closed.map((c) => html`<tr><td>${c.date}</td><td>${c.reason}</td></tr>`)}</tbody></table>
<form method="post" action="/admin/clinic/closed-days" aria-labelledby="closed-heading" novalidate>${csrfField(o.csrf)}
<label for="date">Date</label><input type="date" id="date" name="date" value="${o.dateValue ?? ''}" aria-describedby="date-error"${f.date ? html` aria-invalid="true"` : ''}>${err('date')}
<button type="submit" name="change" value="close">Close this date</button> <button type="submit" name="change" value="open">Re-open this date</button></form>`;
};

/** The sequence page's note of the closed days ahead (issue 14). */
export const closedDaysNote = (closed: ClosedDate[], canEdit: boolean): SafeHtml =>
  html`<section aria-labelledby="closed-days-heading"><h2 id="closed-days-heading">Closed days ahead</h2>
<p>No step of this sequence is sent on the clinic's closed days; a step due then waits for the next open day in its window.${canEdit ? html` <a href="/admin/clinic">Change closed days</a>` : ''}</p>
${closed.length === 0 ? html`<p>None in the next 90 days.</p>` : html`<ul>${closed.map((c) => html`<li>${c.date}: ${c.reason}</li>`)}</ul>`}</section>`;
