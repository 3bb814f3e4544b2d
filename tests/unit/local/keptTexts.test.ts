/**
 * A restart over kept data publishes again the SMS delivery-status records of the texts taken
 * before (localStack.ts, issue 16): rebuilt from the outbox entry, each is the record first logged
 * (same message id, number and instant), so it lands on the same row; emails are not texts.
 */
import { describe, expect, it } from 'vitest';
import { parseSmsDeliveryLogs } from '../../../functions/adapters/aws/smsDeliveryLog.js';
import type { OutboxEntry } from '../../../local/Outbox.js';
import { awslogsEvent, keptTexts, smsDeliveryRecord } from '../../../local/smsDeliveryLogs.js';

const at = new Date('2027-03-02T17:04:05.678Z');
const text: OutboxEntry = { id: 'sns-7', channel: 'sms', to: '+17145550123', from: '+18885550100', body: 'Hi', sentAt: at.toISOString() };
const email: OutboxEntry = { id: 'ses-1', channel: 'email', to: 'ana@example.com', from: 'c@example.com', sentAt: at.toISOString() };

describe('keptTexts', () => {
  it('rebuilds the record first logged for each kept text, and only for texts', () => {
    const kept = keptTexts([email, text]);
    expect(kept).toEqual([{ messageId: 'sns-7', to: '+17145550123', at }]);
    const records = parseSmsDeliveryLogs(awslogsEvent(kept.map(smsDeliveryRecord))).records;
    expect(records).toEqual([{ providerMessageId: 'sns-7', at: at.toISOString(), status: 'SUCCESS', destination: '+17145550123' }]);
  });
});
