/**
 * The send worker's fast path on DynamoDB (issue 15): one Query of the subscriber's partition,
 * one TransactWriteItems that claims the outbox row while ConditionChecks confirm the state it
 * was decided on (channel status and address, suppression rows, enrollment step and goals: items
 * of this subscriber only, never a hot one), and one TransactWriteItems that settles the row, logs the message and moves the
 * enrollment. Key and attribute names come from contract/table.ts, as the other adapters use them.
 */
import { dueIndexKeys, keys, shardOf } from '../../../../contract/table.js';
import { messageItem } from './DynamoMessageLog.js';
import type { ConsentRecord, Enrollment, MessageRecord, SendRecord, Subscriber } from '../../../../domain/core/model.js';
import type { ClaimGuards, EnrollmentAdvance, SendPath, SubscriberSnapshot } from '../../../../domain/ports/sending/sendPath.js';
import { storedEnrollment } from '../../../../domain/ports/sending/enrollments.js';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { shortLinkItem } from './DynamoShortLinks.js';
import { conditional, type DynamoTable, isExpired, stripStorageAttributes, type TransactEntry, updateExpression } from '../DynamoTable.js';

const DUE_KEYS = ['dueAt', 'duePk', 'dueSk'];

/** The enrollment move of `advance` as a transaction entry (same condition as DynamoEnrollments.advanceEnrollment). */
const advanceEntry = (a: EnrollmentAdvance): TransactEntry => {
  const e = a.enrollment;
  const set: Record<string, unknown> = storedEnrollment(a.next);
  if (a.next.dueAt && !a.removeDue) Object.assign(set, dueIndexKeys(shardOf(e.enrollmentId), a.next.dueAt, e.enrollmentId));
  const u = updateExpression(set, a.removeDue ? DUE_KEYS : []);
  return {
    Update: {
      TableName: '',
      Key: keys.enrollment(e.subscriberId, e.sequenceId),
      ...u,
      ConditionExpression: 'nextStepIndex = :from',
      ExpressionAttributeValues: { ...(u.ExpressionAttributeValues ?? {}), ':from': a.fromStepIndex },
    },
  };
};


export class DynamoSendPath implements SendPath {
  constructor(private readonly table: DynamoTable) {}

  async readSubscriberSnapshot(subscriberId: string, now: Date): Promise<SubscriberSnapshot> {
    // CONSENT# … PROFILE in sort order: the consent rows, the enrollments and the profile (inbound
    // texts and messages sort in between and are filtered out of the answer).
    const { items } = await this.table.query({ pk: keys.subscriber(subscriberId).pk, between: [keys.consentPrefix, keys.subscriber(subscriberId).sk] });
    const snapshot: SubscriberSnapshot = { consent: [], enrollments: [] };
    for (const item of items) {
      const sk = item.sk as string;
      if (sk === keys.subscriber(subscriberId).sk) {
        if (!isExpired(item, now)) snapshot.subscriber = stripStorageAttributes<Subscriber>(item);
      } else if (sk.startsWith(keys.consentPrefix)) snapshot.consent.push(stripStorageAttributes<ConsentRecord>(item));
      else if (sk.startsWith(keys.enrollmentPrefix)) snapshot.enrollments.push(stripStorageAttributes<Enrollment>(item));
    }
    return snapshot;
  }

  async claimGuarded(record: SendRecord, guards: ClaimGuards): Promise<boolean> {
    const u = updateExpression({ type: 'send', ...record });
    const g = guards.subscriber;
    const [statusAttr, addressAttr] = g.channel === 'email' ? ['emailStatus', 'email'] : ['smsStatus', 'phone'];
    const entries: TransactEntry[] = [
      {
        Update: {
          TableName: '',
          Key: keys.send(record.sendId),
          ...u,
          // A first claim only: a row in any state (RETRY included: its provider-call count and
          // reason matter, issue 16) goes the careful way (outbox.ts claim).
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        ConditionCheck: {
          TableName: '',
          Key: keys.subscriber(g.subscriberId),
          ConditionExpression: '#st = :confirmed AND #addr = :address',
          ExpressionAttributeNames: { '#st': statusAttr, '#addr': addressAttr },
          ExpressionAttributeValues: { ':confirmed': 'confirmed', ':address': g.address },
        },
      },
      ...guards.suppressionHashes.map(
        (hash): TransactEntry => ({ ConditionCheck: { TableName: '', Key: keys.suppression(hash), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ),
    ];
    const e = guards.enrollment;
    if (e) {
      entries.push({
        ConditionCheck: {
          TableName: '',
          Key: keys.enrollment(e.subscriberId, e.sequenceId),
          ConditionExpression: `#status = :active AND nextStepIndex = :i AND ${e.goals ? 'size(goals) = :goals' : 'attribute_not_exists(goals)'}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active', ':i': e.stepIndex, ...(e.goals ? { ':goals': e.goals } : {}) },
        },
      });
    }
    if (guards.shortLink) {
      const l = guards.shortLink;
      entries.push({ Put: { TableName: '', Item: shortLinkItem(l.linkId, l.claims, l.expiresAt) } });
    }
    return conditional(() => this.table.transact(entries));
  }

  async settleDelivered(claimToken: string, patch: Partial<SendRecord>, message: MessageRecord, expiresAt: number, advance?: EnrollmentAdvance): Promise<void> {
    const u = updateExpression(patch as Record<string, unknown>, ['leaseUntil']);
    const settle: TransactEntry = {
      Update: {
        TableName: '',
        Key: keys.send(message.sendId),
        ...u,
        ConditionExpression: '#state = :sending AND claimToken = :token',
        ExpressionAttributeNames: { ...u.ExpressionAttributeNames, '#state': 'state' },
        ExpressionAttributeValues: { ...(u.ExpressionAttributeValues ?? {}), ':sending': 'SENDING', ':token': claimToken },
      },
    };
    const log: TransactEntry = { Put: { TableName: '', Item: messageItem(message, expiresAt) } };
    try {
      await this.table.transact([settle, log, ...(advance ? [advanceEntry(advance)] : [])]);
      return;
    } catch (err) {
      // The claim was taken over (lease ran out), the enrollment moved, or another transaction held
      // one of the items (TransactionConflict): write each part on its own, as before issue 15.
      if (!(err instanceof TransactionCanceledException)) throw err;
    }
    await conditional(() => this.table.transact([settle]));
    await this.table.transact([log]);
    if (advance) await conditional(() => this.table.transact([advanceEntry(advance)]));
  }
}
