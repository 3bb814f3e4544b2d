/**
 * Withdrawing a published console message (issue 14): an admin retires it, as in Customer.io or
 * Braze, so it is no longer offered to sequence steps or broadcasts (`messageChoices`). Refused
 * while something running uses it: the current version of a sequence that is not archived (new
 * enrollments start there), or a broadcast not sent yet. Its versions, the `PUBLISHED` copy and
 * every result stay: an enrollment still on an older version that names it is sent the last
 * published copy, so nothing already running is skipped. Approving a new version publishes it
 * again.
 */
import { recordAudit } from '../console/auditLog.js';
import type { DomainContext } from '../core/domainContext.js';
import { Conflict } from '../core/errors.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { MessageHead } from '../ports/staff/consoleMessages.js';
import { loadHead, staffRef } from './writeMessage.js';

/**
 * What running uses message `messageId`, in words: `Sequence “Name” (v3, step step-2)`, `Broadcast “News”`.
 * Reads every sequence head with its current version and every broadcast (one Query each).
 */
export const messageUsers = async (deps: DomainContext, messageId: string): Promise<string[]> => {
  const users: string[] = [];
  for (const head of await deps.sequences.list()) {
    if (head.archived) continue;
    const current = await deps.sequences.current(head.sequenceId);
    const steps = (current?.definition.steps ?? []).filter((s) => s.template === messageId).map((s) => s.id);
    if (steps.length) users.push(`Sequence “${head.name}” (v${head.currentVersion}, step ${steps.join(', ')})`);
  }
  for (const b of await deps.store.listBroadcasts()) {
    if (b.template === messageId && (b.status === 'scheduled' || b.status === 'expanding')) users.push(`Broadcast “${b.name}”`);
  }
  return users;
};

/**
 * Withdraws the published message `messageId` at the head revision the admin saw. Audited (`message.withdraw`).
 * @returns the head, with `withdrawnAt` and `withdrawnBy`.
 * @throws NotFound for an unknown message; Conflict with field `withdraw` when it was never
 *   published, is already withdrawn, or is used by a running sequence or a scheduled broadcast
 *   (naming them); Conflict `{ revision }` when the head changed since (nothing written in each case).
 */
export const withdrawMessage = async (deps: DomainContext, actor: StaffActor, messageId: string, req: { revision: number }): Promise<MessageHead> => {
  const head = await loadHead(deps, messageId);
  if (!head.publishedVersion) throw new Conflict('Only a published message can be withdrawn', { withdraw: 'This message was never published' });
  if (head.withdrawnAt) throw new Conflict('This message is already withdrawn', { withdraw: `Withdrawn on ${head.withdrawnAt.slice(0, 10)}` });
  if (head.revision !== req.revision) throw new Conflict('The message changed after you opened it; reload', { revision: `Latest is ${head.revision}` });
  const users = await messageUsers(deps, messageId);
  if (users.length) {
    throw new Conflict('The message is in use', { withdraw: `Used by ${users.join('; ')}: choose another message there (or cancel the broadcast) first` });
  }
  const at = deps.clock.now().toISOString();
  const next: MessageHead = { ...head, withdrawnAt: at, withdrawnBy: staffRef(actor), updatedAt: at, revision: head.revision + 1 };
  if (!(await deps.store.putMessageHead(next, head.revision))) throw new Conflict('Someone changed this message at the same moment; reload', { revision: 'Changed' });
  await recordAudit(deps, actor, 'message.withdraw', `message:${messageId}`, { before: { publishedVersion: head.publishedVersion, withdrawn: false }, after: { publishedVersion: head.publishedVersion, withdrawn: true } });
  return next;
};
