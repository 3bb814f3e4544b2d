/**
 * Writes items with BatchWriteItem (25 per request, a few requests in flight), retrying
 * unprocessed items, for loading benchmark data into DynamoDB Local quickly.
 */
import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';

const BATCH = 25;

export const batchPut = async (
  client: DynamoDBClient,
  tableName: string,
  items: readonly Record<string, AttributeValue>[],
  inFlight = 8,
): Promise<void> => {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, next + BATCH);
      next += BATCH;
      let pending: WriteRequest[] = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${attempt} tries`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const r = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = r.UnprocessedItems?.[tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
};
