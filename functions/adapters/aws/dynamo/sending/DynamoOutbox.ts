/** The outbox on DynamoDB: one row per sendId (`keys.send`), moved only by conditional writes on its claimToken. */
import { keys, resendDueKeys, resendDuePartition } from '../../../../contract/table.js';
import type { SendRecord } from '../../../../domain/core/model.js';
import type { Outbox } from '../../../../domain/ports/sending/outbox.js';
import { conditional, type DynamoTable, isConditionFailure, stripStorageAttributes } from '../DynamoTable.js';

/** The resend entry's attributes (issue 16): dropped whenever the row leaves UNKNOWN. */
const RESEND_KEYS = ['resendDueAt', 'duePk', 'dueSk'];
/** A patch with its resend entry's index keys when it sets `resendDueAt`. */
const withResendKeys = (sendId: string, patch: Partial<SendRecord>): Record<string, unknown> =>
  patch.resendDueAt ? { ...patch, ...resendDueKeys(sendId, patch.resendDueAt) } : patch;

const HELD = { expr: '#state = :sending AND claimToken = :token', names: { '#state': 'state' } };

export class DynamoOutbox implements Outbox {
  constructor(private readonly table: DynamoTable) {}

  async getSend(sendId: string): Promise<SendRecord | undefined> {
    const item = await this.table.get(keys.send(sendId));
    return item ? stripStorageAttributes<SendRecord>(item) : undefined;
  }

  async claimSend(record: SendRecord, _now: Date, takeOver?: string, unknownSince?: string): Promise<SendRecord | undefined> {
    // A dead claim is taken over only while it is still the same claim and never reached the provider.
    const deadClaim = takeOver ? ' OR (#state = :sending AND claimToken = :dead AND attribute_not_exists(providerCallAt))' : '';
    // An UNKNOWN row is re-taken only while nothing (no SES event, no other worker) has moved it.
    const unknown = unknownSince ? ' OR (#state = :unknown AND updatedAt = :since)' : '';
    const claimed = await conditional(() =>
      this.table.put(
        { ...keys.send(record.sendId), type: 'send', ...record },
        {
          expr: `attribute_not_exists(pk) OR #state = :retry${deadClaim}${unknown}`,
          names: { '#state': 'state' },
          values: {
            ':retry': 'RETRY',
            ...(takeOver ? { ':sending': 'SENDING', ':dead': takeOver } : {}),
            ...(unknownSince ? { ':unknown': 'UNKNOWN', ':since': unknownSince } : {}),
          },
        },
      ),
    );
    return claimed ? record : undefined;
  }

  async markProviderCall(sendId: string, claimToken: string, at: string, providerCalls?: number): Promise<boolean> {
    const patch = { providerCallAt: at, ...(providerCalls !== undefined ? { providerCalls } : {}) };
    return conditional(() => this.table.update(keys.send(sendId), patch, [], { ...HELD, values: { ':sending': 'SENDING', ':token': claimToken } }));
  }

  async settleSend(sendId: string, claimToken: string, patch: Partial<SendRecord>): Promise<boolean> {
    return conditional(() =>
      this.table.update(keys.send(sendId), withResendKeys(sendId, patch), ['leaseUntil'], { ...HELD, values: { ':sending': 'SENDING', ':token': claimToken } }),
    );
  }

  async markUnknown(sendId: string, leaseUntil: string, now: Date, resendDueAt?: string): Promise<boolean> {
    return conditional(() =>
      this.table.update(keys.send(sendId), withResendKeys(sendId, { state: 'UNKNOWN', reason: 'lease expired', updatedAt: now.toISOString(), ...(resendDueAt ? { resendDueAt } : {}) }), [], {
        expr: '#state = :sending AND leaseUntil = :lease',
        names: { '#state': 'state' },
        values: { ':sending': 'SENDING', ':lease': leaseUntil },
      }),
    );
  }

  async listDueResends(shard: number, now: Date, limit: number): Promise<SendRecord[]> {
    return (await this.table.queryDue(resendDuePartition(shard), now, limit)).map((i) => stripStorageAttributes<SendRecord>(i));
  }

  async leaseResend(row: SendRecord, until: string): Promise<boolean> {
    return conditional(() =>
      this.table.update(keys.send(row.sendId), withResendKeys(row.sendId, { resendDueAt: until }), [], {
        expr: '#state = :unknown AND resendDueAt = :due AND updatedAt = :at',
        names: { '#state': 'state' },
        values: { ':unknown': 'UNKNOWN', ':due': row.resendDueAt, ':at': row.updatedAt },
      }),
    );
  }

  async dropResend(row: SendRecord): Promise<void> {
    await conditional(() => this.table.update(keys.send(row.sendId), {}, RESEND_KEYS, { expr: 'resendDueAt = :due', values: { ':due': row.resendDueAt } }));
  }

  async noteProviderEvent(sendId: string, providerMessageId: string, at: string): Promise<boolean> {
    return conditional(() =>
      this.table.update(keys.send(sendId), { providerEventAt: at, providerMessageId }, [], { expr: '#state = :sending', names: { '#state': 'state' }, values: { ':sending': 'SENDING' } }),
    );
  }

  async reconcileSend(sendId: string, providerMessageId: string, at: string): Promise<boolean> {
    let old: Record<string, unknown> | undefined;
    try {
      const r = await this.table.updateRaw({
        Key: keys.send(sendId),
        UpdateExpression: `SET #state = :sent, providerMessageId = :pid, reason = :why, updatedAt = :at REMOVE ${['leaseUntil', ...RESEND_KEYS].join(', ')}`,
        ConditionExpression: '#state IN (:unknown, :retry)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': 'SENT',
          ':pid': providerMessageId,
          ':why': 'reconciled from the provider send event',
          ':at': at,
          ':unknown': 'UNKNOWN',
          ':retry': 'RETRY',
        },
        ReturnValues: 'ALL_OLD',
      });
      old = r.Attributes;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
    // The worker recorded the ambiguous send in the history under the same instant as the outbox row.
    if (old?.subscriberId && old.updatedAt) {
      await conditional(() =>
        this.table.update(keys.message(old.subscriberId as string, old.updatedAt as string, sendId), { state: 'SENT', providerMessageId }, [], {
          expr: 'attribute_exists(pk)',
        }),
      );
    }
    return true;
  }
}
