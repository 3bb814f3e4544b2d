/**
 * A restart over kept data publishes again the SES events of the emails accepted before
 * (localStack.ts): they must be the very events first published, so their idempotency keys match
 * and the feedback handler treats them as replays, never as new deliveries.
 */
import { describe, expect, it } from 'vitest';
import { keptEmailEvents } from '../../../local/keptEmailEvents.js';
import type { OutboxEntry } from '../../../local/Outbox.js';
import { sesEventsFor } from '../../../local/sesMailboxSimulator.js';

const at = new Date('2027-03-02T17:04:05.678Z');
const accepted = { messageId: 'ses-42', to: 'ana@example.com', tags: { sendId: ['s-1'], sequence: ['cervical-dystonia'], step: ['welcome'] }, at };
const entry: OutboxEntry = {
  id: 'ses-42',
  channel: 'email',
  to: 'Ana Pérez <ana@example.com>',
  from: 'Clinic <education@carecast.local>',
  tags: { sendId: 's-1', sequence: 'cervical-dystonia', step: 'welcome' },
  sentAt: at.toISOString(),
};

describe('keptEmailEvents', () => {
  it('rebuilds exactly the Send and Delivery events published when the email was accepted', () => {
    expect(keptEmailEvents([entry])).toEqual(sesEventsFor(accepted));
  });

  it('skips texts, and keeps the order the emails were accepted in', () => {
    const text: OutboxEntry = { id: 'sms-1', channel: 'sms', to: '+17145550123', from: '+18885550100', body: 'Hi', sentAt: at.toISOString() };
    const second: OutboxEntry = { ...entry, id: 'ses-43', to: 'bo@example.com' };
    const ids = keptEmailEvents([entry, text, second]).map((e) => (e.mail as { messageId: string }).messageId);
    expect(ids).toEqual(['ses-42', 'ses-42', 'ses-43', 'ses-43']);
  });
});
