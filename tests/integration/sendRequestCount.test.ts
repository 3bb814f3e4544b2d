/**
 * Issue 15: what a drip step costs in DynamoDB requests, counted at the SDK's HTTP layer against
 * DynamoDB Local with the real Store, and that the send-time checks see an opt-out that lands
 * between the worker's read and its claim (the claim transaction's condition checks).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoStore } from '../../functions/adapters/aws/dynamo/createDynamoStore.js';
import { DynamoTable } from '../../functions/adapters/aws/dynamo/DynamoTable.js';
import { dueIndexKeys, keys, shardOf } from '../../functions/contract/table.js';
import { AddressHasher } from '../../functions/domain/core/AddressHasher.js';
import type { DomainContext } from '../../functions/domain/core/domainContext.js';
import { LinkTokens } from '../../functions/domain/core/LinkTokens.js';
import type { Channel, SendJob } from '../../functions/domain/core/model.js';
import { enrollmentIdOf, stepSendId } from '../../functions/domain/core/sendIds.js';
import { storedSequenceCatalog } from '../../functions/domain/scheduling/sequenceCatalog.js';
import { enrollmentSteps } from '../../functions/domain/scheduling/SequenceDefinition.js';
import { currentClinicProfile } from '../../functions/domain/clinic/clinicProfile.js';
import { processSendJob } from '../../functions/domain/sending/processSendJob.js';
import { loadDefaultClinicProfile } from '../../functions/rendering/clinicProfile.js';
import { shippedSequences } from '../../functions/sequences.js';
import { ensureTable, localDynamoClient } from '../../local/dynamoDbLocal.js';

/** A Tuesday 11:00 in Los Angeles: inside every step's send window. */
const NOW = new Date('2030-01-08T19:00:00.000Z');
const sequence = shippedSequences()[0]!;
const steps = enrollmentSteps(sequence);

let client: DynamoDBClient;
let deps: DomainContext;
let rawTable: DynamoTable;
const requests: string[] = [];
const sent: string[] = [];

beforeAll(async () => {
  const tableName = `t-${randomUUID()}`;
  await ensureTable(inject('dynamoEndpoint'), tableName);
  client = localDynamoClient(inject('dynamoEndpoint'));
  client.middlewareStack.add(
    (next, context: { commandName?: string }) => async (args) => {
      requests.push((context.commandName ?? '').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'deserialize', name: 'testRequestCounter' },
  );
  const store = createDynamoStore(client, tableName);
  rawTable = new DynamoTable(client, tableName);
  const accept = async (m: unknown) => {
    sent.push(JSON.stringify(m));
    return { providerMessageId: randomUUID() };
  };
  deps = {
    store,
    mailer: { send: accept },
    texter: { send: accept, optIn: async () => true },
    queue: { enqueue: async () => {} },
    clock: { now: () => NOW },
    tokens: new LinkTokens({ currentKeyId: 'k1', keys: { k1: randomBytes(32).toString('base64url') } }),
    hasher: new AddressHasher(randomBytes(32).toString('base64url')),
    sequences: storedSequenceCatalog(store, shippedSequences(), () => NOW),
    settings: { clinic: loadDefaultClinicProfile(), publicBaseUrl: 'https://carecast.example', fromAddress: 'Clinic <a@carecast.example>', defaultSequenceId: sequence.id, bookingInbox: 'b@carecast.example' },
  };
  // Read once per process and then cached, not per message: the worker's recent sequence head
  // (read at most every 5 s), the immutable sequence version whose steps an enrollment runs
  // (stepsOf.ts) and the clinic profile in force (clinicProfile.ts keeps it CACHE_MS). All are
  // warm, as in a running worker, so the counts are per message.
  await deps.sequences.recentHead(sequence.id);
  await deps.sequences.version(sequence.id, sequence.version);
  await currentClinicProfile(deps);
});

afterAll(() => client.destroy());

/**
 * A confirmed subscriber on `channel` with its consent rows, enrolled at the first step on that
 * channel; `oldShape` stores the enrollment as written before issue 15's slimming (with a copy of its steps).
 */
const enrolled = async (channel: Channel, endsOn?: string, oldShape = false): Promise<Extract<SendJob, { kind: 'step' }>> => {
  const subscriberId = randomUUID();
  const at = NOW.toISOString();
  await deps.store.createSubscriber(
    {
      subscriberId,
      language: 'en',
      timezone: 'America/Los_Angeles',
      ...(channel === 'email' ? { email: `${subscriberId.slice(0, 8)}@example.com` } : { phone: '+17145550123' }),
      emailStatus: channel === 'email' ? 'confirmed' : 'none',
      smsStatus: channel === 'sms' ? 'confirmed' : 'none',
      createdAt: at,
    },
    [],
    NOW,
  );
  for (const action of ['granted', 'confirmed'] as const) {
    await deps.store.appendConsent({ subscriberId, channel, action, textVersion: 'v', textHash: 'h', at, source: 'test' }, randomUUID());
  }
  const stepIndex = steps.findIndex((s) => s.channel === channel && (!endsOn || (s.goalExit ?? []).includes(endsOn)));
  const enrollmentId = enrollmentIdOf(subscriberId, sequence.id);
  const enrollment = { enrollmentId, subscriberId, sequenceId: sequence.id, sequenceVersion: sequence.version, nextStepIndex: stepIndex, nominalAt: at, dueAt: at, status: 'active' as const, createdAt: at };
  if (oldShape) await rawTable.put({ ...keys.enrollment(subscriberId, sequence.id), type: 'enrollment', ...enrollment, steps, ...dueIndexKeys(shardOf(enrollmentId), at, enrollmentId) });
  else await deps.store.createEnrollment(enrollment);
  return { kind: 'step', sendId: stepSendId(enrollmentId, steps[stepIndex]!.id), subscriberId, sequenceId: sequence.id, stepIndex, stepId: steps[stepIndex]!.id };
};

/** Runs the job and answers its outcome and the DynamoDB requests it made, by operation. */
const counted = async (job: SendJob) => {
  requests.length = 0;
  sent.length = 0;
  const outcome = await processSendJob(deps, job);
  const byOperation: Record<string, number> = {};
  for (const op of requests) byOperation[op] = (byOperation[op] ?? 0) + 1;
  return { outcome, total: requests.length, byOperation };
};

describe('a drip step costs at most four DynamoDB requests (issue 15)', () => {
  it.each(['email', 'sms'] as const)('%s: one Query, the claim and the settle transactions, one counter ADD', async (channel) => {
    const job = await enrolled(channel);

    const r = await counted(job);

    expect(r.outcome).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(r.byOperation).toEqual({ Query: 1, TransactWriteItems: 2, UpdateItem: 1 });
    expect(r.total).toBe(4);
    const enrollment = await deps.store.getEnrollment(job.subscriberId, job.sequenceId);
    expect(enrollment?.nextStepIndex).toBe(job.stepIndex + 1);
    // The item keeps its version, not a copy of the steps (what each lease and advance would rewrite).
    expect(enrollment?.steps).toBeUndefined();
    expect((await deps.store.getSend(job.sendId))?.state).toBe('SENT');
  });

  it('an enrollment stored in the old shape (a copy of its steps) is sent the same way, in the same four requests', async () => {
    const job = await enrolled('email', undefined, true);

    const r = await counted(job);

    expect(r.outcome).toBe('sent');
    expect(r.byOperation).toEqual({ Query: 1, TransactWriteItems: 2, UpdateItem: 1 });
    expect((await deps.store.getEnrollment(job.subscriberId, job.sequenceId))?.nextStepIndex).toBe(job.stepIndex + 1);
  });

  it('a redelivered job sends nothing again', async () => {
    const job = await enrolled('email');
    await counted(job);

    const again = await counted(job);

    expect(again.outcome).toBe('stale');
    expect(sent).toHaveLength(0);
  });
});

describe('send-time checks see what lands between the read and the claim (issue 15)', () => {
  /** Makes the store's next snapshot read run `between` right after it read. */
  const afterNextRead = (between: () => Promise<void>) => {
    const read = deps.store.readSubscriberSnapshot;
    deps.store.readSubscriberSnapshot = async (...args) => {
      const snapshot = await read(...args);
      deps.store.readSubscriberSnapshot = read;
      await between();
      return snapshot;
    };
  };

  it('an unsubscribe after the read: nothing is sent, the step is skipped', async () => {
    const job = await enrolled('email');
    afterNextRead(async () => {
      await deps.store.transitionChannel(job.subscriberId, 'email', ['pending', 'confirmed'], 'unsubscribed', false);
      await deps.store.appendConsent({ subscriberId: job.subscriberId, channel: 'email', action: 'revoked', textVersion: 'v', textHash: 'h', at: NOW.toISOString(), source: 'test' }, randomUUID());
    });

    const r = await counted(job);

    expect(r.outcome).toBe('skipped');
    expect(sent).toHaveLength(0);
    expect((await deps.store.getSend(job.sendId))?.state).toBe('SKIPPED');
  });

  it('a STOP (suppression row) after the read: the text is not sent', async () => {
    const job = await enrolled('sms');
    afterNextRead(async () => {
      for (const hash of deps.hasher.hashes('sms', '+17145550123')) await deps.store.suppress(hash, 'sms', 'stop-keyword', NOW.toISOString());
    });

    const r = await counted(job);

    expect(r.outcome).toBe('skipped');
    expect(sent).toHaveLength(0);
    for (const hash of deps.hasher.hashes('sms', '+17145550123')) await deps.store.unsuppress(hash);
  });

  it('a booking (goal reached) after the read: an invite step that the booking ends is not sent', async () => {
    const job = await enrolled('email', 'booked');
    afterNextRead(async () => {
      await deps.store.addEnrollmentGoal(job.subscriberId, job.sequenceId, 'booked');
    });

    const r = await counted(job);

    expect(r.outcome).toBe('skipped');
    expect(sent).toHaveLength(0);
  });
});
