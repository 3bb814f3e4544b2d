/**
 * The message editor (issue 14): both languages side by side, merge fields offered from a list,
 * a live preview (desktop, mobile, plain text, or the text message with its segments) beside
 * field errors, then review: the change as a diff, and approval by another admin. Works without
 * JavaScript (save shows the same preview and errors); messages.js updates it while typing.
 */
import type { CompileOutcome, LanguagePreview } from '../../../domain/messages/compileMessage.js';
import { GMAIL_CLIP_BYTES } from '../../../domain/messages/compileMessage.js';
import type { MessageDetail } from '../../../domain/messages/messageList.js';
import { mergeFields } from '../../../domain/messages/mergeFields.js';
import type { StaffActor } from '../../../domain/ports/staff/auditLog.js';
import { describeReadability, readabilityTargets } from '../../../readability/index.js';
import { type Language, languages } from '../../../rendering/index.js';
import { html, raw, type SafeHtml } from '../../html.js';
import { csrfField } from '../adminLayout.js';
import { reviewSection } from './messageReview.js';

export const EDITOR_SCRIPTS = ['/admin/assets/messages.js'];
const LANGUAGE: Record<Language, string> = { en: 'English', es: 'Spanish' };
const STYLE = raw(`<style>.langs{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}@media (max-width:900px){.langs{grid-template-columns:1fr}}
.langs input[type=text],.langs textarea{width:100%}textarea{min-height:220px;font:15px/1.5 ui-monospace,monospace;padding:8px;border:2px solid #555;border-radius:4px}
.frame-desktop{height:520px}.frame-mobile{width:375px;max-width:100%;height:520px}.inbox{border:1px solid #ccd;border-radius:6px;padding:8px 12px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.stats.over,.grade.over{color:#a30000;font-weight:600}.merge li{margin:4px 0}.merge button{margin:0 0 0 8px;padding:2px 10px;font-size:14px}
ins{background:#d8f5dd;text-decoration:none}del{background:#fbdcdc}.sms{white-space:pre-wrap;background:#e9f1fb;border-radius:12px;padding:12px;max-width:360px}</style>`);

/** One line under each preview: size against Gmail's clip, or SMS segments; reading grade against the target. */
export const previewStats = (p: LanguagePreview): { stats: string; over: boolean; grade: string; gradeOver: boolean } => {
  const target = p.language === 'es' ? `target INFLESZ ${readabilityTargets.minSpanishScore} or more` : `target grade ${readabilityTargets.maxEnglishGrade} or below`;
  const grade = p.readability ? `Reading level: ${describeReadability(p.readability)} (${target}; ${p.readability.meetsTarget ? 'within target' : 'above target'})${p.unexplained?.length ? `. Explain: ${p.unexplained.map((u) => u.term).join(', ')}` : ''}` : '';
  if (p.sms) {
    return { stats: `${p.sms.characters} characters · ${p.sms.encoding} · ${p.sms.segments} segment${p.sms.segments === 1 ? '' : 's'}`, over: p.sms.segments > 1, grade, gradeOver: false };
  }
  const kb = (p.bytes ?? 0) / 1024;
  return { stats: p.bytes ? `${kb.toFixed(1)} KB of ${GMAIL_CLIP_BYTES / 1024} KB (Gmail clips larger emails)` : '', over: (p.bytes ?? 0) > GMAIL_CLIP_BYTES, grade, gradeOver: Boolean(p.readability && !p.readability.meetsTarget) };
};

const fieldBlock = (o: { name: string; label: string; value: string; error?: string; hint?: string; textarea?: boolean; list?: string }) => {
  const describedBy = `${o.hint ? `${o.name}-hint ` : ''}${o.name}-error`;
  const control = o.textarea
    ? html`<textarea id="${o.name}" name="${o.name}" aria-describedby="${describedBy}"${raw(o.error ? ' aria-invalid="true"' : '')}>${o.value}</textarea>`
    : html`<input type="text" id="${o.name}" name="${o.name}" value="${o.value}" aria-describedby="${describedBy}"${raw(o.list ? ` list="${o.list}"` : '')}${raw(o.error ? ' aria-invalid="true"' : '')}>`;
  return html`<label for="${o.name}">${o.label}</label>${control}${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}<p class="error" id="${o.name}-error" data-error-for="${o.name}">${o.error ?? ''}</p>`;
};

const languageFields = (channel: 'email' | 'sms', l: Language, v: Record<string, string>, f: Record<string, string>) => {
  const n = (k: string) => `copy.${l}.${k}`;
  const field = (k: string, label: string, extra: { hint?: string; textarea?: boolean; list?: string } = {}) =>
    fieldBlock({ name: n(k), label, value: v[n(k)] ?? '', ...(f[n(k)] ? { error: f[n(k)] } : {}), ...extra });
  const inner =
    channel === 'sms'
      ? field('body', `Text (${LANGUAGE[l]})`, { textarea: true, hint: 'The clinic name goes first and the STOP line last, automatically.' })
      : html`${field('subject', `Subject (${LANGUAGE[l]})`)}${field('preheader', `Preheader (${LANGUAGE[l]})`, { hint: 'Shown after the subject in the inbox; 20 to 140 characters.' })}
${field('body', `Body (${LANGUAGE[l]})`, { textarea: true, hint: '# Title, ## Section, - list item, 1. numbered item, **bold**, [words](link). The header, footer, addresses, unsubscribe link and the "not medical advice" line are added by the layout.' })}
${field('ctaLabel', `Button label (${LANGUAGE[l]})`)}${field('ctaLink', `Button link (${LANGUAGE[l]})`, { list: 'link-choices', hint: 'A link from the list, or an address on the clinic website.' })}`;
  return html`<fieldset lang="${l}"><legend>${LANGUAGE[l]}</legend>${inner}</fieldset>`;
};

const previewPanel = (channel: 'email' | 'sms', p: LanguagePreview | undefined, l: Language) => {
  const s = p ? previewStats(p) : { stats: '', over: false, grade: '', gradeOver: false };
  const stats = html`<p class="stats${raw(s.over ? ' over' : '')}" data-part="stats">${s.stats}</p><p class="grade${raw(s.gradeOver ? ' over' : '')}" data-part="grade">${s.grade}</p>`;
  if (channel === 'sms') {
    return html`<section data-lang="${l}" aria-labelledby="preview-${l}"><h3 id="preview-${l}">${LANGUAGE[l]} text message</h3><p class="sms" data-part="text">${p?.text ?? ''}</p>${stats}</section>`;
  }
  return html`<section data-lang="${l}" aria-labelledby="preview-${l}"><h3 id="preview-${l}">${LANGUAGE[l]}</h3>
<p class="inbox"><strong data-part="subject">${p?.subject ?? ''}</strong> — <span data-part="preheader">${p?.preheader ?? ''}</span></p>${stats}
<h4>Desktop</h4><iframe class="frame-desktop" title="${`${LANGUAGE[l]} email, desktop width`}" sandbox data-part="desktop" srcdoc="${p?.html ?? ''}"></iframe>
<h4>Mobile</h4><iframe class="frame-mobile" title="${`${LANGUAGE[l]} email, mobile width`}" sandbox data-part="mobile" srcdoc="${p?.html ?? ''}"></iframe>
<h4>Plain-text part</h4><pre data-part="text">${p?.text ?? ''}</pre></section>`;
};

export interface EditorPage {
  detail: MessageDetail;
  values: Record<string, string>;
  fields: Record<string, string>;
  outcome: CompileOutcome | undefined;
  sources: { id: string; title: string; organisation: string }[];
  actor: StaffActor;
  csrf: string;
  message?: string;
  notice?: string;
}

export const messageEditorBody = (o: EditorPage): SafeHtml => {
  const { head, row } = o.detail;
  const v = o.values;
  const f = o.fields;
  const channel = head.channel;
  const fields = mergeFields.filter((m) => m.channels.includes(channel));
  return html`${STYLE}<h1>${head.name}</h1>
<p><small>${head.messageId}</small> · ${channel === 'sms' ? 'Text message' : 'Email'} · <span class="badge">${row.status}</span>${
    row.reviewOverdue ? html` <span class="badge paused">Review overdue: review again by ${row.reviewAgainBy} has passed</span>` : ''
  }${row.publishedVersion ? html` · published v${row.publishedVersion}` : ''}</p>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
${o.message ? html`<p class="alert" role="alert">${o.message}</p>` : ''}
<form id="message-form" method="post" action="/admin/messages/${head.messageId}" data-preview="/admin/messages/${head.messageId}/preview" data-channel="${channel}">${csrfField(o.csrf)}
<input type="hidden" name="revision" value="${String(head.revision)}">
${fieldBlock({ name: 'name', label: 'Name (staff only)', value: v.name ?? head.name, ...(f.name ? { error: f.name } : {}) })}
${
  channel === 'email'
    ? html`<fieldset><legend>Sources cited (listed under the email)</legend>${o.sources.map(
        (s) => html`<label class="inline"><input type="checkbox" name="source.${s.id}"${raw(v[`source.${s.id}`] === 'on' ? ' checked' : '')}> ${s.id}: ${s.title} (${s.organisation})</label>`,
      )}<p class="error" id="sources-error" data-error-for="sources">${f.sources ?? ''}</p></fieldset>`
    : ''
}
<details class="merge" open><summary>Merge fields</summary><ul>${fields.map(
    (m) => html`<li><code>${m.insert}</code> ${m.label}<button type="button" data-insert="${m.insert}">Insert</button></li>`,
  )}</ul><p class="hint">Insert puts the field where the cursor was in the last field you typed in.</p></details>
<div class="langs">${languages.map((l) => languageFields(channel, l, v, f))}</div>
<button type="submit">Save draft</button></form>
<datalist id="link-choices">${fields.filter((m) => m.kind === 'link').map((m) => html`<option value="${m.insert}">${m.label}</option>`)}</datalist>
<h2>Preview</h2><p class="hint" id="preview-status" role="status">With sample data; updates as you type.</p>
<div class="langs" id="previews">${languages.map((l) => previewPanel(channel, o.outcome?.previews.find((p) => p.language === l), l))}</div>
${reviewSection({ detail: o.detail, actor: o.actor, csrf: o.csrf, fields: f })}`;
};
