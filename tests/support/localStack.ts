/**
 * Vitest globalSetup for integration tests: one DynamoDB Local (in memory) for the run.
 * Each test file starts its own local stack against it with a table of its own.
 */
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { type RunningDynamo, startDynamoDbLocal } from '../../local/DynamoDbLocal.js';

let dynamo: RunningDynamo | undefined;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export async function setup(project: TestProject) {
  dynamo = await startDynamoDbLocal(await freePort());
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}
