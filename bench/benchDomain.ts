/**
 * The DomainContext the DynamoDB benchmarks run the real domain with: the real DynamoDB Store
 * (`createDynamoStore`) on a client the bench instruments, a fixed clock, a queue that keeps
 * what it is given, and providers that answer at once (the benches count DynamoDB, not SES).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoStore } from '../functions/adapters/aws/dynamo/createDynamoStore.js';
import { AddressHasher } from '../functions/domain/core/AddressHasher.js';
import type { DomainContext } from '../functions/domain/core/domainContext.js';
import { LinkTokens } from '../functions/domain/core/LinkTokens.js';
import type { SendJob } from '../functions/domain/core/model.js';
import type { Mailer, Queue, Texter } from '../functions/domain/ports/providers.js';
import { storedSequenceCatalog } from '../functions/domain/scheduling/sequenceCatalog.js';
import { loadDefaultClinicProfile } from '../functions/rendering/clinicProfile.js';
import { shippedSequences } from '../functions/sequences.js';

/** A queue that keeps the jobs it is given (the bench hands them to the worker itself). */
export interface KeptQueue extends Queue {
  jobs: SendJob[];
  /** SendMessageBatch requests the SQS adapter would have made (10 jobs per request). */
  batches: number;
}

export const keptQueue = (): KeptQueue => {
  const q: KeptQueue = {
    jobs: [],
    batches: 0,
    enqueue: async (jobs) => {
      q.jobs.push(...jobs);
      q.batches += Math.ceil(jobs.length / 10);
    },
  };
  return q;
};

/** Providers that accept every message at once, as a healthy SES/SNS would. */
export const acceptingProviders = (): { mailer: Mailer; texter: Texter; sent: { count: number } } => {
  const sent = { count: 0 };
  const accept = async () => {
    sent.count++;
    return { providerMessageId: randomUUID() };
  };
  return { mailer: { send: accept }, texter: { send: accept, optIn: async () => true }, sent };
};

/** DomainContext as wiring.ts assembles it, on `client` and `tableName`, at the fixed instant `now`. */
export const benchDomain = (
  client: DynamoDBClient,
  tableName: string,
  now: Date,
  parts: { queue: Queue; mailer: Mailer; texter: Texter },
): DomainContext => {
  const store = createDynamoStore(client, tableName);
  const clock = { now: () => now };
  return {
    store,
    ...parts,
    clock,
    tokens: new LinkTokens({ currentKeyId: 'k1', keys: { k1: randomBytes(32).toString('base64url') } }),
    hasher: new AddressHasher(randomBytes(32).toString('base64url')),
    sequences: storedSequenceCatalog(store, shippedSequences(), () => clock.now()),
    settings: {
      clinic: loadDefaultClinicProfile(),
      publicBaseUrl: 'https://carecast.example',
      fromAddress: 'SoCal Pain Center <education@carecast.example>',
      defaultSequenceId: 'cervical-dystonia',
      bookingInbox: 'bookings@carecast.example',
    },
  };
};
