/**
 * What every in-memory adapter shares: copies in and out (a caller never holds a stored object,
 * as with DynamoDB), TTL read as the DynamoDB adapters read it, and SET/REMOVE as UpdateItem does.
 */

/** A deep copy, so stored rows and returned records never alias. */
export const copy = <T>(v: T): T => structuredClone(v);

/** Seconds since the epoch, the unit of `expiresAt`. */
export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** An item past its `expiresAt` (epoch seconds) is treated as gone, like the DynamoDB adapters do (P7). */
export const isExpired = (item: { expiresAt?: unknown }, now: Date): boolean => typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(now);

/** Applies SET (undefined values skipped, as UpdateItem does) and REMOVE to a row in place. */
export const applyUpdate = (row: Record<string, unknown>, set: Record<string, unknown>, remove: readonly string[] = []): void => {
  for (const [k, v] of Object.entries(set)) if (v !== undefined) row[k] = copy(v);
  for (const k of remove) delete row[k];
};

/** The error a failed unconditional-to-the-caller write raises, standing in for ConditionalCheckFailedException. */
export class ConditionFailed extends Error {
  override name = 'ConditionalCheckFailedException';
}
