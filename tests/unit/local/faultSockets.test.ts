/**
 * Issue 16: an answer the fault injector throws away (the first writer's answer in a conditional
 * race, the calls in flight of a killed worker) must give its socket back. Unread, each one kept a
 * socket of the client's pool busy for good; past the pool's 50 every DynamoDB call waited forever
 * (the 800-subscriber chaos run hung in its confirm phase at 0 % CPU).
 */
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFaults } from '../../../local/faults/faultMiddleware.js';
import { runCrashable } from '../../../local/faults/WorkerCrash.js';
import { SNSClient } from '@aws-sdk/client-sns';
import { SESClient } from '@aws-sdk/client-ses';

/** A stand-in DynamoDB that accepts every write. */
let server: Server;
let endpoint = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const busySockets = (agent: Agent) => Object.values(agent.sockets).reduce((n, list) => n + (list?.length ?? 0), 0);
/** Lets the agent see the answers' ends (socket release runs on the next turns of the event loop). */
const settleSockets = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

const dynamoWithFaults = (dynamodb: { conditionalRace?: number; crash?: number }) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 50 });
  const client = new DynamoDBClient({ region: 'us-west-2', endpoint, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpAgent: agent }) });
  installFaults({ dynamodb: client, ses: new SESClient({ region: 'us-west-2', credentials }), sns: new SNSClient({ region: 'us-west-2', credentials }) }, { seed: 1, dynamodb });
  return { client, agent };
};

const conditionalPut = (i: number) =>
  new PutItemCommand({ TableName: 't', Item: { pk: { S: `k${i}` }, sk: { S: 's' } }, ConditionExpression: 'attribute_not_exists(pk)' });

describe('fault injection gives discarded answers their sockets back', () => {
  it('conditional races: every socket is free again after the calls', async () => {
    const { client, agent } = dynamoWithFaults({ conditionalRace: 1 });
    for (let i = 0; i < 5; i++) await client.send(conditionalPut(i));
    await settleSockets();
    expect(busySockets(agent)).toBe(0);
  });

  it('a killed worker: its call never answers, and the pool still serves the next call', async () => {
    const { client, agent } = dynamoWithFaults({});
    let crash: (() => void) | undefined;
    const invocation = runCrashable(async () => {
      const { currentInvocation } = await import('../../../local/faults/WorkerCrash.js');
      crash = () => currentInvocation()?.crash();
      // The request leaves; the worker dies before reading the answer.
      const pending = client.send(conditionalPut(99));
      crash();
      await pending;
    }).catch((e: unknown) => e);
    expect(await invocation).toBeInstanceOf(Error);
    // Another call still gets a socket and an answer.
    await client.send(conditionalPut(100));
    await settleSockets();
    expect(busySockets(agent)).toBe(0);
  });
});
