/**
 * Writing a console message (issue 14): create it, save its draft (checked and compiled at save
 * time), submit it for review. Nothing here publishes: only approveMessage (reviewMessage.ts)
 * makes a version a running sequence or broadcast can use.
 */
import type { z } from 'zod';
import type { CreateMessageBody, SaveMessageBody, SubmitMessageBody } from '../../contract/messageSchemas.js';
import { CONSOLE_TEMPLATE_PREFIX } from '../../rendering/index.js';
import { recordAudit } from '../console/auditLog.js';
import type { DomainContext } from '../core/domainContext.js';
import { Conflict, InvalidInput, NotFound } from '../core/errors.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { MessageHead, StaffRef } from '../ports/staff/consoleMessages.js';
import { compileMessage } from './compileMessage.js';
import { shippedCopy } from './shippedCopy.js';

export const staffRef = (actor: StaffActor): StaffRef => ({ sub: actor.sub, name: actor.name });

/** `msg-` and the name's words, lowercase ASCII, hyphenated (at most 48 characters after the prefix). */
export const messageSlug = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '') || 'message';

export const loadHead = async (deps: DomainContext, messageId: string): Promise<MessageHead> => {
  const head = messageId.startsWith(CONSOLE_TEMPLATE_PREFIX) ? await deps.store.getMessageHead(messageId) : undefined;
  if (!head) throw new NotFound('message');
  return head;
};

const staleRevision = (head: MessageHead, revision: number) =>
  new Conflict(`Someone changed this message since you opened it (revision ${head.revision}, yours ${revision}); reload and try again`, { revision: `Latest is ${head.revision}` });

/**
 * Creates a message, without a draft yet (one copied from a shipped template starts from its words). The id is
 * `msg-<slug of the name>`, with `-2`, `-3`… when taken.
 * @throws InvalidInput when `copyOf` is not a shipped template of the channel.
 */
export const createMessage = async (deps: DomainContext, actor: StaffActor, req: z.output<typeof CreateMessageBody>): Promise<MessageHead> => {
  const at = deps.clock.now().toISOString();
  if (req.copyOf && !shippedCopy(req.channel, req.copyOf)) {
    throw new InvalidInput({ copyOf: `No shipped ${req.channel === 'sms' ? 'text' : 'email'} "${req.copyOf}" to copy` });
  }
  const base = `${CONSOLE_TEMPLATE_PREFIX}${messageSlug(req.name)}`;
  for (let n = 1; n <= 50; n++) {
    const messageId = n === 1 ? base : `${base}-${n}`;
    const head: MessageHead = {
      messageId,
      name: req.name,
      channel: req.channel,
      createdAt: at,
      createdBy: staffRef(actor),
      updatedAt: at,
      revision: 1,
      // A copy's words open in the editor (shippedCopy) and become the draft on the first save.
      ...(req.copyOf ? { copiedFrom: req.copyOf } : {}),
    };
    if (await deps.store.putMessageHead(head, undefined)) {
      await recordAudit(deps, actor, 'message.create', `message:${messageId}`, { after: { name: req.name, channel: req.channel, copiedFrom: req.copyOf } });
      return head;
    }
  }
  throw new Conflict('Too many messages with this name; choose another', { name: 'Taken' });
};

/**
 * Saves the draft: checked and compiled now, so a save that would not send is refused with
 * field errors and writes nothing. A draft under review goes back to being a draft.
 * @throws NotFound; InvalidInput (field errors); Conflict (stale revision, or a channel change)
 */
export const saveMessageDraft = async (deps: DomainContext, actor: StaffActor, messageId: string, req: z.output<typeof SaveMessageBody>): Promise<MessageHead> => {
  const head = await loadHead(deps, messageId);
  if (req.content.channel !== head.channel) throw new InvalidInput({ channel: `This message is ${head.channel === 'sms' ? 'a text message' : 'an email'}; its channel cannot change` });
  const outcome = await compileMessage(req.content, deps.settings);
  if (Object.keys(outcome.fields).length || !outcome.compiled) throw new InvalidInput(outcome.fields);
  if (head.revision !== req.revision) throw staleRevision(head, req.revision);
  const at = deps.clock.now().toISOString();
  const me = staffRef(actor);
  const authors = [...(head.draft?.authors ?? []).filter((a) => a.sub !== me.sub), me];
  const next: MessageHead = { ...head, name: req.name, updatedAt: at, revision: head.revision + 1, draft: { content: req.content, compiled: outcome.compiled, authors, savedAt: at } };
  if (!(await deps.store.putMessageHead(next, head.revision))) throw staleRevision(head, req.revision);
  await recordAudit(deps, actor, 'message.draft.save', `message:${messageId}`, { before: { revision: head.revision }, after: { revision: next.revision, name: req.name } });
  return next;
};

/**
 * Asks for review: the draft at `revision` waits for an admin who did not write it.
 * @throws NotFound; Conflict (stale revision, nothing to review, already submitted)
 */
export const submitMessageForReview = async (deps: DomainContext, actor: StaffActor, messageId: string, req: z.output<typeof SubmitMessageBody>): Promise<MessageHead> => {
  const head = await loadHead(deps, messageId);
  if (!head.draft) throw new Conflict('There is no draft to review: save your changes first', { revision: 'No draft' });
  if (head.draft.submittedAt) throw new Conflict('This draft is already waiting for review', { revision: 'Already submitted' });
  if (head.revision !== req.revision) throw staleRevision(head, req.revision);
  const at = deps.clock.now().toISOString();
  const next: MessageHead = { ...head, updatedAt: at, revision: head.revision + 1, draft: { ...head.draft, submittedAt: at, submittedBy: staffRef(actor) } };
  if (!(await deps.store.putMessageHead(next, head.revision))) throw staleRevision(head, req.revision);
  await recordAudit(deps, actor, 'message.submit', `message:${messageId}`, { after: { revision: next.revision } });
  return next;
};
