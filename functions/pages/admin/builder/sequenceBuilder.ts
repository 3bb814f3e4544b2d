/**
 * The sequence builder page: name, then each step (channel, message, wait in words, send window,
 * exit on booking) with buttons to move, remove and add steps. Server-rendered from a draft
 * (builderDraft.ts), so it works without JavaScript; every field has a label and its error beside it.
 */
import type { MessageChoice } from '../../../domain/console/messageChoices.js';
import type { SequenceDefinition } from '../../../domain/scheduling/SequenceDefinition.js';
import { html, raw, type SafeHtml } from '../../html.js';
import { csrfField } from '../adminLayout.js';
import { type BuilderDraft, type StepDraft, WAIT_UNITS, WEEKDAYS, type WindowDraft, windowDraft } from './builderDraft.js';
import { clockInWords, daysInWords } from './plainWords.js';

const selected = (on: boolean) => raw(on ? ' selected' : '');
const checked = (on: boolean) => raw(on ? ' checked' : '');
const error = (f: Record<string, string>, name: string) => html`<p class="error" id="${name}-error">${f[name] ?? ''}</p>`;

/** The wait of a draft step in words, as typed ("2 days after the previous step"). */
const draftWaitInWords = (d: BuilderDraft, i: number): string => {
  const s = d.steps[i] as StepDraft;
  if (s.wait === 'on-day') return `On day ${s.day || '?'} (day 0 is the day they join)`;
  const j = s.from ? d.steps.findIndex((t) => t.id === s.from) : -1;
  const from = s.from ? (j >= 0 ? `step ${j + 1}` : 'an unknown step') : i === 0 ? 'they join' : 'the previous step';
  if (s.wait === 'right-after') return `Right after ${from}`;
  const unit = Number(s.amount) === 1 ? s.unit.replace(/s$/, '') : s.unit;
  return `${s.amount || '?'} ${unit} after ${from}`;
};

const draftWindowInWords = (w: WindowDraft): string => `${daysInWords(w.weekdays)}, ${clockInWords(w.start || '00:00')} – ${clockInWords(w.end || '00:00')}`;

/** Days and hours of a window, posted as `<p>.weekday.<day>`, `<p>.start`, `<p>.end`. */
const windowInputs = (p: string, w: WindowDraft, f: Record<string, string>): SafeHtml =>
  html`${WEEKDAYS.map((day) => html`<label><input type="checkbox" name="${p}.weekday.${day}"${checked(w.weekdays.includes(day))}> ${day}</label>`)}${error(f, `${p}.weekdays`)}
<div class="row"><div><label for="${p}.start">From</label><input type="time" id="${p}.start" name="${p}.start" value="${w.start}" aria-describedby="${p}.start-error">${error(f, `${p}.start`)}</div>
<div><label for="${p}.end">Until</label><input type="time" id="${p}.end" name="${p}.end" value="${w.end}" aria-describedby="${p}.end-error">${error(f, `${p}.end`)}</div></div>`;

/** The sequence-wide default window per channel: steps use it unless they have their own. */
const defaultsFieldset = (defaults: Record<'email' | 'sms', WindowDraft>, f: Record<string, string>): SafeHtml =>
  html`<fieldset class="defaults" id="default-windows"><legend>Default send windows (recipient's local time)</legend>
<p class="hint">Every step uses its channel's default unless it has a window of its own. Changing a default changes every step that uses it.</p>
${(['email', 'sms'] as const).map(
  (c) => html`<fieldset class="days"><legend>${c === 'email' ? 'Emails' : 'Texts'}: <span class="words" id="default.${c}-words">${draftWindowInWords(defaults[c])}</span></legend>
${windowInputs(`default.${c}`, defaults[c], f)}</fieldset>`,
)}</fieldset>`;

const stepFieldset = (d: BuilderDraft, i: number, choices: MessageChoice[], f: Record<string, string>, defaults: Record<'email' | 'sms', WindowDraft>): SafeHtml => {
  const s = d.steps[i] as StepDraft;
  const p = `step.${i}`;
  const last = i === d.steps.length - 1;
  const name = choices.find((c) => c.id === s.template && c.channel === s.channel)?.name ?? 'no message yet';
  const inherits = s.window === 'default';
  return html`<fieldset class="step" data-step="${i + 1}"><legend>Step ${i + 1}: ${name} (${s.channel === 'sms' ? 'text' : 'email'})</legend>
<input type="hidden" name="${p}.id" value="${s.id}">${error(f, `${p}.id`)}
<div class="row"><div><label for="${p}.channel">Channel</label>
<select id="${p}.channel" name="${p}.channel" aria-describedby="${p}.channel-error"><option value="email"${selected(s.channel === 'email')}>Email</option><option value="sms"${selected(s.channel === 'sms')}>Text (SMS)</option></select>${error(f, `${p}.channel`)}</div>
<div><label for="${p}.template">Message</label>
<select id="${p}.template" name="${p}.template" aria-describedby="${p}.template-error"><option value="">Choose a message</option>
${(['email', 'sms'] as const).map(
  (c) => html`<optgroup label="${c === 'email' ? 'Emails' : 'Texts'}">${choices
    .filter((m) => m.channel === c)
    .map((m) => html`<option value="${m.id}"${selected(s.template === m.id && s.channel === c)}>${m.name} (${m.languages.join(', ')}${m.source === 'shipped' ? ', shipped' : ''})</option>`)}</optgroup>`,
)}</select>${error(f, `${p}.template`)}</div></div>
<fieldset><legend>When it goes out</legend>
<p class="words" id="${p}.wait-words">${draftWaitInWords(d, i)}</p>
<div class="row"><div><label for="${p}.wait">Wait</label>
<select id="${p}.wait" name="${p}.wait" data-wait-kind aria-describedby="${p}.wait-words ${p}.wait-error">
<option value="right-after"${selected(s.wait === 'right-after')}>Right after</option>
<option value="after"${selected(s.wait === 'after')}>A while after</option>
<option value="on-day"${selected(s.wait === 'on-day')}>On a given day after joining</option></select>${error(f, `${p}.wait`)}</div>
<div data-wait-field="after"><label for="${p}.amount">How long (for "a while after")</label>
<input type="number" inputmode="numeric" id="${p}.amount" name="${p}.amount" value="${s.amount}" aria-describedby="${p}.amount-error" class="short">
<label for="${p}.unit" class="inline-label">Unit</label>
<select id="${p}.unit" name="${p}.unit">${WAIT_UNITS.map((u) => html`<option value="${u}"${selected(s.unit === u)}>${u}</option>`)}</select>${error(f, `${p}.amount`)}</div>
<div data-wait-field="after right-after"><label for="${p}.from">After which step</label>
<select id="${p}.from" name="${p}.from" aria-describedby="${p}.from-error"><option value="">${i === 0 ? 'When they join' : 'The previous step'}</option>${d.steps.map((t, j) =>
  j === i ? '' : html`<option value="${t.id}"${selected(s.from === t.id)}>Step ${j + 1}</option>`,
)}</select>${error(f, `${p}.from`)}</div>
<div data-wait-field="on-day"><label for="${p}.day">Day number (for "on a given day"; 0 = the day they join)</label>
<input type="number" inputmode="numeric" id="${p}.day" name="${p}.day" value="${s.day}" aria-describedby="${p}.day-error" class="short">${error(f, `${p}.day`)}</div></div>
</fieldset>
<fieldset class="days"><legend>Send window: ${inherits ? `the default for ${s.channel === 'sms' ? 'texts' : 'emails'} (${draftWindowInWords(defaults[s.channel === 'sms' ? 'sms' : 'email'])})` : `its own, ${draftWindowInWords(s)}`} (recipient's local time)</legend>
<label for="${p}.window">Window</label>
<select id="${p}.window" name="${p}.window" data-window-kind aria-describedby="${p}.window-hint"><option value="default"${selected(inherits)}>The sequence default</option><option value="own"${selected(!inherits)}>Its own window</option></select>
<p class="hint" id="${p}.window-hint">Days and hours below apply only to a window of its own.</p>
<div data-window-field="own">${windowInputs(p, s, f)}</div></fieldset>
<label class="check"><input type="checkbox" name="${p}.exit"${checked(s.exitOnBooking)}> Skip this step once they have booked a consultation</label>
<div class="step-actions">
<button type="submit" name="intent" value="up:${i}" class="secondary"${raw(i === 0 ? ' disabled' : '')}>Move step ${i + 1} up</button>
<button type="submit" name="intent" value="down:${i}" class="secondary"${raw(last ? ' disabled' : '')}>Move step ${i + 1} down</button>
<button type="submit" name="intent" value="remove:${i}" class="danger"${raw(d.steps.length === 1 ? ' disabled' : '')}>Remove step ${i + 1}</button></div>
</fieldset>`;
};

/** The builder for a sequence whose latest version is `latestVersion`. */
export const builderBody = (o: {
  sequenceId: string;
  latestVersion: number;
  draft: BuilderDraft;
  defaults: SequenceDefinition['defaultWindows'];
  choices: MessageChoice[];
  csrf: string;
  fields?: Record<string, string>;
  message?: string;
  notice?: string;
}): SafeHtml => {
  const f = o.fields ?? {};
  const d = o.draft;
  const next = o.latestVersion + 1;
  const defaults = d.defaults ?? { email: windowDraft(o.defaults.email), sms: windowDraft(o.defaults.sms) };
  const save = html`<button type="submit" name="intent" value="save">Save as version ${next}</button>`;
  return html`<h1>Sequence builder: ${d.name}</h1>
<p>Saving creates version ${next}. People already enrolled stay on their version until you move them. Texts never go outside 08:00–21:00 recipient time (and stricter state hours).</p>
${o.message ? html`<p class="alert" role="alert">${o.message}</p>` : ''}${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<form method="post" action="/admin/sequences/${o.sequenceId}/edit" novalidate>${csrfField(o.csrf)}
<input type="hidden" name="basedOn" value="${d.basedOn}">${error(f, 'basedOn')}
<label for="name">Sequence name</label><input type="text" id="name" name="name" value="${d.name}" maxlength="100" aria-describedby="name-error">${error(f, 'name')}
${defaultsFieldset(defaults, f)}
${save}${error(f, 'steps')}
${d.steps.map((_, i) => stepFieldset(d, i, o.choices, f, defaults))}
<button type="submit" name="intent" value="add" class="secondary">Add a step</button>
<label for="note">Note for the version history (optional)</label><input type="text" id="note" name="note" maxlength="200" value="${d.note}">
${save}</form>`;
};
