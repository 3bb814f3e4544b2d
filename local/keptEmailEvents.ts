/**
 * The SES events of emails the local endpoint accepted before this process started (kept in
 * `.data/outbox.jsonl`), rebuilt exactly as they were first published: same message id, recipient,
 * tags and acceptance time, so each carries the same idempotency key (sesEventKey) and one already
 * handled changes nothing when published again. Used on start-up over kept data (localStack.ts).
 */
import type { OutboxEntry } from './Outbox.js';
import { type SesEvent, sesEventsFor } from './sesMailboxSimulator.js';

/** `Ana <ana@example.com>` → `ana@example.com`; a bare address as it is. */
const addressOf = (to: string): string => /<([^>]+)>/.exec(to)?.[1] ?? to.trim();

/** Every event of every kept email, in the order the emails were accepted. */
export const keptEmailEvents = (entries: readonly OutboxEntry[]): SesEvent[] =>
  entries
    .filter((e) => e.channel === 'email')
    .flatMap((e) =>
      sesEventsFor({
        messageId: e.id,
        to: addressOf(e.to),
        tags: Object.fromEntries(Object.entries(e.tags ?? {}).map(([k, v]) => [k, [v]])),
        at: new Date(e.sentAt),
      }),
    );
