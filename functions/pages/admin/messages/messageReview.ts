/** The editor's review part: submit for review, the change as a diff, approval by another admin, published versions. */
import type { MessageDetail } from '../../../domain/messages/messageList.js';
import type { FieldDiff } from '../../../domain/messages/reviewMessage.js';
import type { StaffActor } from '../../../domain/ports/staff/auditLog.js';
import { html, raw, type SafeHtml } from '../../html.js';
import { csrfField } from '../adminLayout.js';

const diffTable = (diff: FieldDiff[]): SafeHtml =>
  html`<div class="scroll"><table id="review-diff"><caption>Changes since the published version (<ins>added</ins>, <del>removed</del>)</caption><thead><tr><th scope="col">Field</th><th scope="col">Change</th></tr></thead><tbody>${diff
    .filter((d) => d.changed)
    .map(
      (d) =>
        html`<tr><th scope="row">${d.label}</th><td><pre>${d.parts.map((p) => (p.added ? html`<ins>${p.value}</ins>` : p.removed ? html`<del>${p.value}</del>` : p.value))}</pre></td></tr>`,
    )}</tbody></table></div>`;

const err = (f: Record<string, string>, n: string) => html`<p class="error" id="${n}-error">${f[n] ?? ''}</p>`;

const inAYear = (from: Date): string => new Date(from.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);

export const reviewSection = (o: { detail: MessageDetail; actor: StaffActor; csrf: string; fields: Record<string, string> }): SafeHtml => {
  const { head, diff, versions, published } = o.detail;
  const draft = head.draft;
  const f = o.fields;
  const isAuthor = Boolean(draft?.authors.some((a) => a.sub === o.actor.sub));
  const submit = draft && !draft.submittedAt
    ? html`<form method="post" action="/admin/messages/${head.messageId}/submit">${csrfField(o.csrf)}<input type="hidden" name="revision" value="${String(head.revision)}">
<p>Saved draft by ${draft.authors.map((a) => a.name).join(', ')}. When it is ready, ask another admin to review it.</p>${err(f, 'revision')}<button type="submit">Submit for review</button></form>`
    : '';
  const approve =
    draft?.submittedAt
      ? html`<p>Submitted for review by ${draft.submittedBy?.name ?? ''} on ${draft.submittedAt.slice(0, 10)}. Written by ${draft.authors.map((a) => a.name).join(', ')}.</p>
${diff ? diffTable(diff) : ''}
${
  o.actor.role === 'admin'
    ? html`<form method="post" action="/admin/messages/${head.messageId}/approve" id="approve-form">${csrfField(o.csrf)}<input type="hidden" name="revision" value="${String(head.revision)}">
${isAuthor ? html`<p class="alert">You edited this draft: another admin has to approve it.</p>` : ''}
<label for="displayName">Your name and credentials (as shown in the email)</label><input type="text" id="displayName" name="displayName" value="" aria-describedby="displayName-error">${err(f, 'displayName')}
<label class="inline"><input type="checkbox" name="showInEmail" checked> Show "Reviewed by … on …" in the email</label>
<label for="reviewAgainBy">Review again by</label><input type="date" id="reviewAgainBy" name="reviewAgainBy" value="${inAYear(new Date())}" aria-describedby="reviewAgainBy-error">${err(f, 'reviewAgainBy')}
${err(f, 'approve')}${err(f, 'revision')}<button type="submit">Approve and publish</button></form>`
    : html`<p>An admin who did not write it approves it.</p>`
}`
      : '';
  // Withdraw (admins): only a published message not withdrawn yet; the refusal naming its users shows beside the button.
  const withdraw =
    o.actor.role === 'admin' && head.publishedVersion && !head.withdrawnAt
      ? html`<form method="post" action="/admin/messages/${head.messageId}/withdraw" id="withdraw-form">${csrfField(o.csrf)}<input type="hidden" name="revision" value="${String(head.revision)}">
<p class="hint">Withdrawing stops offering this message to sequence steps and broadcasts. Its results stay.</p>${err(f, 'withdraw')}<button type="submit" class="danger">Withdraw message</button></form>`
      : head.withdrawnAt
        ? html`<p id="withdrawn">Withdrawn on ${head.withdrawnAt.slice(0, 10)} by ${head.withdrawnBy?.name ?? ''}.</p>`
        : '';
  return html`<h2>Review</h2>${submit}${approve}${withdraw}
${published ? html`<p>Published v${published.version} on ${published.publishedAt.slice(0, 10)}, reviewed by ${published.review.displayName} (${published.review.reviewer.name}); review again by ${published.reviewAgainBy}.</p>` : draft ? '' : html`<p>Nothing saved yet.</p>`}
${
  versions.length
    ? html`<div class="scroll"><table><caption>Published versions</caption><thead><tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Written by</th><th scope="col">Reviewed by</th><th scope="col">Review again by</th></tr></thead><tbody>${versions.map(
        (x) => html`<tr><td>v${String(x.version)}</td><td>${x.publishedAt.slice(0, 10)}</td><td>${x.authors.map((a) => a.name).join(', ')}</td><td>${x.review.displayName}${raw(x.review.showInEmail ? '' : ' <small>(not shown in the email)</small>')}</td><td>${x.reviewAgainBy}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}`;
};
