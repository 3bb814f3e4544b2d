/**
 * The console's message list and one message's page: shipped templates (files in templates/,
 * read-only, copyable) and console-written messages in one list, with their review state.
 */
import { emailTemplateIds, smsTemplateIds } from '../../rendering/index.js';
import type { DomainContext } from '../core/domainContext.js';
import type { MessageChannel, MessageContent, MessageHead, PublishedMessage } from '../ports/staff/consoleMessages.js';
import { type FieldDiff, messageDiff } from './reviewMessage.js';
import { shippedCopy } from './shippedCopy.js';
import { loadHead } from './writeMessage.js';

export type MessageStatus = 'shipped' | 'new' | 'draft' | 'in review' | 'published' | 'withdrawn';

export interface MessageRow {
  id: string;
  name: string;
  channel: MessageChannel;
  source: 'shipped' | 'console';
  status: MessageStatus;
  publishedVersion?: number;
  /** A draft newer than the published version exists. */
  pendingDraft: boolean;
  reviewAgainBy?: string;
  /** Past its review-again date (clinic-local today): the console flags it. */
  reviewOverdue: boolean;
}

/** Today in the clinic's zone (yyyy-MM-dd). */
const clinicToday = (deps: DomainContext): string => new Intl.DateTimeFormat('en-CA', { timeZone: deps.settings.clinic.timezone }).format(deps.clock.now());

export const statusOf = (h: MessageHead): MessageStatus =>
  h.draft?.submittedAt ? 'in review' : h.draft ? 'draft' : h.withdrawnAt ? 'withdrawn' : h.publishedVersion ? 'published' : 'new';

const rowOf = (h: MessageHead, today: string): MessageRow => ({
  id: h.messageId,
  name: h.name,
  channel: h.channel,
  source: 'console',
  status: statusOf(h),
  ...(h.publishedVersion ? { publishedVersion: h.publishedVersion } : {}),
  pendingDraft: Boolean(h.draft && h.publishedVersion),
  ...(h.reviewAgainBy ? { reviewAgainBy: h.reviewAgainBy } : {}),
  reviewOverdue: Boolean(h.reviewAgainBy && h.reviewAgainBy < today),
});

/** Console messages first (newest activity first), then every shipped template. */
export const listMessages = async (deps: DomainContext): Promise<MessageRow[]> => {
  const today = clinicToday(deps);
  const heads = (await deps.store.listMessageHeads()).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  const shipped = (channel: MessageChannel, ids: string[]): MessageRow[] =>
    ids.map((id) => ({ id, name: id, channel, source: 'shipped', status: 'shipped', pendingDraft: false, reviewOverdue: false }));
  return [...heads.map((h) => rowOf(h, today)), ...shipped('email', emailTemplateIds()), ...shipped('sms', smsTemplateIds())];
};

export interface MessageDetail {
  head: MessageHead;
  row: MessageRow;
  published?: PublishedMessage;
  versions: Pick<PublishedMessage, 'version' | 'publishedAt' | 'authors' | 'review' | 'reviewAgainBy'>[];
  /** What the editor opens with: the draft, else the published copy, else a shipped copy's words, else nothing. */
  content?: MessageContent;
  /** The draft against the published version, when there is a draft. */
  diff?: FieldDiff[];
}

export const messageDetail = async (deps: DomainContext, messageId: string): Promise<MessageDetail> => {
  const head = await loadHead(deps, messageId);
  const published = head.publishedVersion ? await deps.store.getPublishedMessage(messageId) : undefined;
  const versions = (await deps.store.listMessageVersions(messageId)).map(({ version, publishedAt, authors, review, reviewAgainBy }) => ({ version, publishedAt, authors, review, reviewAgainBy }));
  const content = head.draft?.content ?? published?.content ?? (head.copiedFrom ? shippedCopy(head.channel, head.copiedFrom) : undefined);
  return {
    head,
    row: rowOf(head, clinicToday(deps)),
    ...(published ? { published } : {}),
    versions,
    ...(content ? { content } : {}),
    ...(head.draft ? { diff: messageDiff(published?.content, head.draft.content) } : {}),
  };
};
