/**
 * Item-level helpers shared by the DynamoDB adapters: marshalling, the storage attributes every
 * item carries, expiry as the product reads it, and telling a failed condition from a failure.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

export const marshallItem = (v: Record<string, unknown>) => marshall(v, { removeUndefinedValues: true, convertClassInstanceToMap: true });

/** A conditional write (or a transaction with one) whose condition did not hold: an answer, not an error. */
export const isConditionFailure = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

const STORAGE_ATTRIBUTES = new Set(['pk', 'sk', 'duePk', 'dueSk', 'stepPk', 'stepSk', 'type']);

/** An item without its key and index attributes: the domain record it stores. */
export const stripStorageAttributes = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.has(k))) as T;

export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** TTL deletion lags by up to days: an item past its `expiresAt` is treated as gone (P7). */
export const isExpired = (item: Record<string, unknown>, now: Date): boolean =>
  typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(now);
