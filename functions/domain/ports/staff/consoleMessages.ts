/**
 * Messages written in the staff console (issue 14): one head per message (its working draft and
 * which version is published), immutable published versions, and a copy of the published one
 * that the send worker reads with a single GetItem.
 */
import type { Language } from '../../../rendering/merge/mergeContext.js';
import type { CompiledTemplate } from '../../../rendering/templateCatalog.js';

export type MessageChannel = 'email' | 'sms';

/** What staff write for one language of an email (structured text, compiled at save time). */
export interface EmailCopy {
  subject: string;
  preheader: string;
  /** Markdown-style text: headings, paragraphs, lists, links, merge fields. */
  body: string;
  /** The one call-to-action button; empty label = no button. */
  ctaLabel: string;
  /** A merge-field link (`{{ links.booking }}`) or an allow-listed URL. */
  ctaLink: string;
}

export interface SmsCopy {
  body: string;
}

/** Both languages of a message's copy, plus what is shared by both (cited sources). */
export type MessageContent =
  | { channel: 'email'; sources: string[]; copy: Record<Language, EmailCopy> }
  | { channel: 'sms'; copy: Record<Language, SmsCopy> };

/** What the send worker renders: Liquid templates only (MJML already ran at save time). */
export type CompiledMessage = CompiledTemplate;

export interface StaffRef {
  sub: string;
  name: string;
}

/** The working copy: saved by staff, submitted for review, approved into a version by another admin. */
export interface MessageDraft {
  content: MessageContent;
  compiled: CompiledMessage;
  /** Everyone who saved this draft since the last publication: none of them may approve it. */
  authors: StaffRef[];
  savedAt: string;
  submittedAt?: string;
  submittedBy?: StaffRef;
}

/** One row per message: the draft, the published version number, the review-again date. */
export interface MessageHead {
  /** `msg-<slug>`: what sequence steps and broadcasts put in `template`. */
  messageId: string;
  name: string;
  channel: MessageChannel;
  createdAt: string;
  createdBy: StaffRef;
  updatedAt: string;
  /** Bumped by every change to the head: the optimistic-concurrency token of saves and approvals. */
  revision: number;
  /** Number of the latest published version (absent: never published). */
  publishedVersion?: number;
  /** yyyy-MM-dd (clinic zone): after this date the console flags the message for another review. */
  reviewAgainBy?: string;
  draft?: MessageDraft;
  /** The shipped template it was copied from, if any. */
  copiedFrom?: string;
  /** Set when an admin withdrew it (withdrawMessage): no longer offered to steps and broadcasts; a new approval clears it. */
  withdrawnAt?: string;
  withdrawnBy?: StaffRef;
}

/** Who approved a version, as it may be shown in the email ("Reviewed by … on …"). */
export interface MessageReview {
  reviewer: StaffRef;
  /** The name and credentials shown in the email, e.g. "Ana Ruiz, MD". */
  displayName: string;
  reviewedAt: string;
  showInEmail: boolean;
}

/** An immutable published version: the copy, its compiled form, who wrote and who approved it. */
export interface PublishedMessage {
  messageId: string;
  version: number;
  name: string;
  content: MessageContent;
  compiled: CompiledMessage;
  authors: StaffRef[];
  review: MessageReview;
  reviewAgainBy: string;
  publishedAt: string;
}

export interface ConsoleMessages {
  getMessageHead(messageId: string): Promise<MessageHead | undefined>;
  listMessageHeads(): Promise<MessageHead[]>;
  /** Writes the head only if its revision is still `expectedRevision` (undefined: it must not exist). False when not. */
  putMessageHead(head: MessageHead, expectedRevision: number | undefined): Promise<boolean>;
  /**
   * Publishes: writes `version` (never overwritten), makes it the one the send worker reads, and
   * writes `head`, all in one transaction, only if the head's revision is still `expectedRevision`.
   */
  publishMessage(version: PublishedMessage, head: MessageHead, expectedRevision: number): Promise<boolean>;
  getMessageVersion(messageId: string, version: number): Promise<PublishedMessage | undefined>;
  listMessageVersions(messageId: string): Promise<PublishedMessage[]>;
  /** The published version the send worker uses (one read); undefined when none is published. */
  getPublishedMessage(messageId: string): Promise<PublishedMessage | undefined>;
}
