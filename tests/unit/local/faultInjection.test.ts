/**
 * The chaos harness's fault injection at the SDK clients (issue 8): each injected fault reaches
 * the adapters as the real SDK error would (so the domain's classification is what is tested),
 * DynamoDB throttles go through the SDK's own retries, and config refuses a plan outside local mode.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../../functions/adapters/aws/SesMailer.js';
import { SnsTexter } from '../../../functions/adapters/aws/SnsTexter.js';
import type { FaultPlan } from '../../../functions/contract/FaultPlan.js';
import { installFaults } from '../../../local/faults/faultMiddleware.js';
import { runCrashable, WorkerCrashed } from '../../../local/faults/WorkerCrash.js';
import { parseConfig } from '../../../functions/config.js';
import { ProviderOutcomeUnknown, ProviderThrottled, ProviderUnavailable } from '../../../functions/domain/core/errors.js';
import type { OutgoingEmail } from '../../../functions/domain/ports/providers.js';

/** A stand-in SES endpoint that accepts every SendRawEmail and counts what reached it. */
let server: Server;
let endpoint = '';
let received = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>m-1</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SendRawEmailResponse>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const clients = (maxAttempts = 2) => ({
  dynamodb: new DynamoDBClient({ region: 'us-west-2', endpoint: 'http://127.0.0.1:9', credentials, maxAttempts }),
  ses: new SESClient({ region: 'us-west-2', endpoint, credentials, maxAttempts: 1 }),
  sns: new SNSClient({ region: 'us-west-2', endpoint: 'http://127.0.0.1:9', credentials, maxAttempts: 1 }),
});
const withFaults = (plan: FaultPlan, maxAttempts?: number) => {
  const c = clients(maxAttempts);
  const injector = installFaults(c, plan);
  return { ...c, injector };
};
const email: OutgoingEmail = {
  to: 'patient@example.com',
  from: 'Clinic <education@clinic.example>',
  subject: 'Hello',
  html: '<p>Hello</p>',
  text: 'Hello',
  headers: {},
  tags: { sendId: 'abc123_-xyz', sequence: 'cervical-dystonia', step: 'welcome' },
};

describe('fault injection at the SDK clients (issue 8)', () => {
  it.each([
    { case: 'SES throttling', plan: { ses: { throttle: 1 } }, expected: ProviderThrottled },
    { case: 'SES 503', plan: { ses: { unavailable: 1 } }, expected: ProviderUnavailable },
  ])('answers $case in the wire format, so the mailer classifies the real SDK error', async ({ plan, expected }) => {
    const { ses, injector } = withFaults(plan);
    const before = received;

    const failure = await new SesMailer(ses, 'carecast-test').send(email).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(expected);
    expect(received).toBe(before); // refused before anything was sent
    expect(Object.values(injector.injected())).toEqual([1]);
  });

  it('lets a timed-out send reach the provider first, so the outcome is unknown and not retried (R4)', async () => {
    const { ses, injector } = withFaults({ ses: { timeoutAfterSend: 1 } });
    const before = received;

    const failure = await new SesMailer(ses, 'carecast-test').send(email).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ProviderOutcomeUnknown);
    expect(received).toBe(before + 1);
    expect(injector.injected()).toEqual({ 'ses.timeoutAfterSend': 1 });
  });

  it('kills the worker invocation after the provider accepted, and freezes its later calls', async () => {
    const { ses } = withFaults({ ses: { crashAfterSend: 1 } });
    const mailer = new SesMailer(ses, 'carecast-test');
    const before = received;
    let secondCallSettled = false;

    const invocation = runCrashable(async () => {
      await mailer.send(email).catch(() => undefined);
      await mailer.send(email).finally(() => (secondCallSettled = true));
    });

    await expect(invocation).rejects.toBeInstanceOf(WorkerCrashed);
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toBe(before + 1);
    expect(secondCallSettled).toBe(false);
  });

  it('throttles SNS with its own error, which the texter treats as nothing sent', async () => {
    const { sns } = withFaults({ sns: { throttle: 1 } });
    const failure = await new SnsTexter(sns).send({ to: '+17145550123', body: 'Hi', kind: 'transactional' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderThrottled);
  });

  it('throttles DynamoDB through the SDK retries, so only an exhausted request reaches the caller', async () => {
    const { dynamodb, injector } = withFaults({ dynamodb: { throttleExhaust: 1 } }, 2);

    const failure = (await dynamodb.send(new GetItemCommand({ TableName: 'carecast', Key: { pk: { S: 'a' }, sk: { S: 'b' } } })).catch((e: unknown) => e)) as {
      name: string;
      $metadata: { attempts: number };
    };

    expect(['ProvisionedThroughputExceededException', 'ThrottlingException']).toContain(failure.name);
    expect(failure.$metadata.attempts).toBe(2);
    expect(injector.injected()).toEqual({ 'dynamodb.throttle': 2, 'dynamodb.throttleExhaust': 1 });
  });

  it('is refused outside local mode, and a malformed plan fails loudly', () => {
    const env = {
      CARECAST_TABLE_NAME: 't',
      CARECAST_PUBLIC_BASE_URL: 'https://clinic.example',
      CARECAST_FROM_ADDRESS: 'Clinic <education@clinic.example>',
      CARECAST_SES_CONFIGURATION_SET: 'cs',
      CARECAST_BOOKING_INBOX: 'bookings@clinic.example',
      CARECAST_CLINIC: JSON.stringify({
        name: 'Clinic',
        programName: 'Education',
        phone: '+17145550100',
        email: 'hello@clinic.example',
        website: 'https://clinic.example',
        timezone: 'America/Los_Angeles',
        locations: [{ id: 'main', name: 'Main', address: '1 Main St, Irvine, CA 92618' }],
      }),
      CARECAST_FAULTS: '{"ses":{"throttle":0.1}}',
    };
    expect(() => parseConfig({ ...env, CARECAST_MODE: 'aws' })).toThrow(/CARECAST_FAULTS is for local mode only/);
    expect(parseConfig({ ...env, CARECAST_MODE: 'local' }).faults).toEqual({ ses: { throttle: 0.1 } });
    expect(() => parseConfig({ ...env, CARECAST_MODE: 'local', CARECAST_FAULTS: '{"ses":{"throttle":2}}' })).toThrow(/CARECAST_FAULTS/);
    expect(parseConfig({ ...env, CARECAST_FAULTS: undefined, CARECAST_MODE: 'aws' }).faults).toBeUndefined();
  });
});
