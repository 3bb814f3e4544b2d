/**
 * Reads the whole local table with a client of its own (no fault injection), for the harness's
 * audit. The product itself never scans; this is the auditor's view of the rows.
 */
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { localDynamoClient } from '../../local/dynamoDbLocal.js';

export type Row = Record<string, unknown>;

export const scanTable = async (endpoint: string, tableName: string, segments = 4): Promise<Row[]> => {
  const client = localDynamoClient(endpoint);
  try {
    const parts = await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const rows: Row[] = [];
        let start: Record<string, AttributeValue> | undefined;
        do {
          const r = await client.send(
            new ScanCommand({ TableName: tableName, Segment: segment, TotalSegments: segments, ...(start ? { ExclusiveStartKey: start } : {}) }),
          );
          rows.push(...(r.Items ?? []).map((i) => unmarshall(i)));
          start = r.LastEvaluatedKey;
        } while (start);
        return rows;
      }),
    );
    return parts.flat();
  } finally {
    client.destroy();
  }
};
