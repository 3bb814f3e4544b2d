/**
 * Vitest globalSetup for integration tests: one DynamoDB Local (in memory) for the run.
 * Each test file starts its own local stack against it with a table of its own.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { IAM_RECORD_DIR } from './iamRecordDir.js';
import { type RunningDynamo, startDynamoDbLocal } from '../../local/dynamoDbLocal.js';
import { freePort } from '../../local/freePort.js';

let dynamo: RunningDynamo | undefined;

export async function setup(project: TestProject) {
  // A fresh record of AWS calls for this run (tests/iam reads it after the integration suites).
  rmSync(IAM_RECORD_DIR, { recursive: true, force: true });
  dynamo = await startDynamoDbLocal(await freePort());
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}
