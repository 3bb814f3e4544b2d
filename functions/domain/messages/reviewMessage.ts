/**
 * Review before publish (issue 14): medical copy needs a second pair of eyes. A submitted draft
 * becomes a published version only when an admin who is not among its authors approves the
 * exact revision they read, with the change shown as a diff. Both the submission and the
 * approval are in the audit log; only published versions reach patients (publishedTemplates.ts).
 */
import { diffWordsWithSpace } from 'diff';
import type { z } from 'zod';
import type { ApproveMessageBody } from '../../contract/messageSchemas.js';
import { type Language, languages } from '../../rendering/index.js';
import { recordAudit } from '../console/auditLog.js';
import type { DomainContext } from '../core/domainContext.js';
import { Conflict, InvalidInput } from '../core/errors.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { MessageContent, MessageHead, PublishedMessage } from '../ports/staff/consoleMessages.js';
import { compileMessage } from './compileMessage.js';
import { loadHead, staffRef } from './writeMessage.js';

/** One part of a diff: unchanged, added or removed text. */
export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface FieldDiff {
  field: string;
  label: string;
  parts: DiffPart[];
  changed: boolean;
}

const LANGUAGE_NAME: Record<Language, string> = { en: 'English', es: 'Spanish' };

/** The fields of a message as labelled text, in reading order, for a diff. */
const fieldsOf = (c: MessageContent | undefined): Record<string, [string, string]> => {
  const out: Record<string, [string, string]> = {};
  if (!c) return out;
  for (const l of languages) {
    const name = LANGUAGE_NAME[l];
    if (c.channel === 'email') {
      const e = c.copy[l];
      out[`copy.${l}.subject`] = [`Subject (${name})`, e.subject];
      out[`copy.${l}.preheader`] = [`Preheader (${name})`, e.preheader];
      out[`copy.${l}.body`] = [`Body (${name})`, e.body];
      out[`copy.${l}.cta`] = [`Button (${name})`, e.ctaLabel ? `${e.ctaLabel} → ${e.ctaLink}` : ''];
    } else {
      out[`copy.${l}.body`] = [`Text (${name})`, c.copy[l].body];
    }
  }
  if (c.channel === 'email') out.sources = ['Sources', c.sources.join(', ')];
  return out;
};

/** The change from the published copy (or nothing) to the draft, field by field, word by word. */
export const messageDiff = (published: MessageContent | undefined, draft: MessageContent): FieldDiff[] => {
  const before = fieldsOf(published);
  const after = fieldsOf(draft);
  return Object.entries(after).map(([field, [label, text]]) => {
    const parts = diffWordsWithSpace(before[field]?.[1] ?? '', text).map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) }));
    return { field, label, parts, changed: parts.some((p) => p.added || p.removed) };
  });
};

const reviewDate = (at: Date, language: Language, timeZone: string) =>
  new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long', timeZone }).format(at);

/** "Reviewed by Ana Ruiz, MD on March 3, 2027" in each language. */
export const reviewLines = (displayName: string, at: Date, timeZone: string): Record<Language, string> => ({
  en: `Reviewed by ${displayName} on ${reviewDate(at, 'en', timeZone)}.`,
  es: `Revisado por ${displayName} el ${reviewDate(at, 'es', timeZone)}.`,
});

/**
 * Approves the submitted draft at `req.revision` and publishes it as the next version.
 * @throws NotFound; InvalidInput (the approver wrote it: `approve` field; a review-again date not
 * in the future); Conflict (nothing submitted, already published, or a stale revision)
 */
export const approveMessage = async (deps: DomainContext, actor: StaffActor, messageId: string, req: z.output<typeof ApproveMessageBody>): Promise<PublishedMessage> => {
  const head = await loadHead(deps, messageId);
  const draft = head.draft;
  if (!draft) {
    throw new Conflict(head.publishedVersion ? `Version ${head.publishedVersion} is already published and nothing has changed since` : 'There is nothing to approve yet', { revision: 'Nothing to approve' });
  }
  if (!draft.submittedAt) throw new Conflict('This draft has not been submitted for review', { revision: 'Not submitted' });
  if (head.revision !== req.revision) {
    throw new Conflict('The draft changed after you opened it: read the new version before approving', { revision: `Latest is ${head.revision}` });
  }
  if (draft.authors.some((a) => a.sub === actor.sub)) {
    throw new InvalidInput({ approve: 'You edited this draft: another admin has to review and approve it' }, 'A second admin must approve');
  }
  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  if (req.reviewAgainBy <= today) throw new InvalidInput({ reviewAgainBy: 'Choose a date in the future' });

  // The published HTML carries the reviewer line when chosen: compiled again now, same checks.
  const outcome = await compileMessage(draft.content, deps.settings, req.showInEmail ? reviewLines(req.displayName, now, deps.settings.clinic.timezone) : undefined);
  if (!outcome.compiled || Object.keys(outcome.fields).length) throw new InvalidInput(outcome.fields, 'The draft no longer passes its checks; ask its author to fix it');

  const at = now.toISOString();
  const version = (head.publishedVersion ?? 0) + 1;
  const published: PublishedMessage = {
    messageId,
    version,
    name: head.name,
    content: draft.content,
    compiled: outcome.compiled,
    authors: draft.authors,
    review: { reviewer: staffRef(actor), displayName: req.displayName, reviewedAt: at, showInEmail: req.showInEmail },
    reviewAgainBy: req.reviewAgainBy,
    publishedAt: at,
  };
  // A new publication also brings a withdrawn message back.
  const { draft: _published, withdrawnAt: _withdrawnAt, withdrawnBy: _withdrawnBy, ...rest } = head;
  const next: MessageHead = { ...rest, updatedAt: at, revision: head.revision + 1, publishedVersion: version, reviewAgainBy: req.reviewAgainBy };
  if (!(await deps.store.publishMessage(published, next, head.revision))) {
    throw new Conflict('Someone changed or approved this message at the same moment; reload', { revision: 'Changed' });
  }
  await recordAudit(deps, actor, 'message.approve', `message:${messageId}`, {
    before: { publishedVersion: head.publishedVersion ?? null, authors: draft.authors.map((a) => a.sub) },
    after: { publishedVersion: version, reviewer: actor.sub, reviewAgainBy: req.reviewAgainBy, showInEmail: req.showInEmail },
  });
  return published;
};
