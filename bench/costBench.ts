/**
 * Cost per message, measured: every DynamoDB request of a message is counted at the SDK's HTTP
 * layer with the capacity it consumed (`ReturnConsumedCapacity: TOTAL`, bench/capacityMeter.ts),
 * per path: drip email, drip text, broadcast recipient (email) and the confirmation email.
 *
 * The real domain runs on the real DynamoDB Store against DynamoDB Local: the dispatcher
 * (`dispatchDue`, `dispatchBroadcasts`) queues the jobs and `processSendJob` sends them, as the
 * dispatch and sendWorker Lambdas do. Providers accept at once: SES and SNS are priced, not run.
 * Lambda and SQS requests per message follow from the queue's batch size (contract/routes.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { workers } from '../functions/contract/routes.js';
import { dispatchBroadcasts } from '../functions/domain/broadcasts/dispatchBroadcasts.js';
import type { DomainContext } from '../functions/domain/core/domainContext.js';
import type { Channel, Enrollment, SendJob, Subscriber } from '../functions/domain/core/model.js';
import { enrollmentIdOf, stepSendId, systemSendId } from '../functions/domain/core/sendIds.js';
import { dispatchDue } from '../functions/domain/scheduling/dispatchDue.js';
import { enrollmentSteps } from '../functions/domain/scheduling/SequenceDefinition.js';
import { processSendJob } from '../functions/domain/sending/processSendJob.js';
import { shippedSequences } from '../functions/sequences.js';
import { freePort } from '../local/freePort.js';
import { ensureTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamoDbLocal.js';
import { acceptingProviders, benchDomain, keptQueue } from './benchDomain.js';
import { type CapacityMeter, installCapacityMeter, type Metered } from './capacityMeter.js';
import { formatTable } from './formatTable.js';
import { LAMBDA_MODEL, PRICES, PRICES_AS_OF } from './prices.js';

/** A Tuesday 11:00 in Los Angeles: inside every step's send window, email and text alike. */
const NOW = new Date('2030-01-08T19:00:00.000Z');
const ZONE = 'America/Los_Angeles';
export const DRIP_REQUEST_TARGET = 4;
export const INFRA_SHARE_TARGET = 0.1;

export interface PathCost {
  path: string;
  channel: Channel;
  messages: number;
  /** Per message: the worker's DynamoDB requests (mean, and the median message's), and the dispatcher's share. */
  workerRequests: number;
  workerRequestsMedian: number;
  dispatchRequests: number;
  byOperation: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  lambdaInvocations: number;
  sqsRequests: number;
  /** USD per 1,000 messages. */
  dynamoPer1000: number;
  lambdaPer1000: number;
  sqsPer1000: number;
  infraPer1000: number;
  providerPer1000: number;
}

const per = (m: Metered, n: number) => ({ requests: m.requests / n, read: m.readUnits / n, write: m.writeUnits / n });

const sequence = () => {
  const s = shippedSequences()[0];
  if (!s) throw new Error('No shipped sequence');
  return s;
};

/** A confirmed (or pending) subscriber with the consent rows the signup and confirm flows write. */
const seedSubscriber = async (deps: DomainContext, channel: Channel, i: number, status: 'confirmed' | 'pending'): Promise<Subscriber> => {
  const at = deps.clock.now().toISOString();
  const subscriberId = randomUUID();
  const s: Subscriber = {
    subscriberId,
    firstName: i % 2 ? 'María' : 'Ana',
    language: i % 2 ? 'es' : 'en',
    timezone: ZONE,
    // Synthetic addresses only: example.com and the fictional 555-01xx range.
    ...(channel === 'email' ? { email: `cost+${subscriberId.slice(0, 8)}@example.com` } : { phone: `+1714555${String(100 + (i % 100)).padStart(4, '0')}` }),
    emailStatus: channel === 'email' ? status : 'none',
    smsStatus: channel === 'sms' ? status : 'none',
    createdAt: at,
  };
  if (!(await deps.store.createSubscriber(s, [], deps.clock.now()))) throw new Error('seed: subscriber exists');
  const actions = status === 'confirmed' ? (['granted', 'confirmed'] as const) : (['granted'] as const);
  for (const action of actions) {
    await deps.store.appendConsent({ subscriberId, channel, action, textVersion: 'bench', textHash: 'bench', at, source: 'bench' }, randomUUID());
  }
  return s;
};

/** Enrolled at the first step on `channel`, due now (the dispatcher picks it up); returns that step's job. */
const seedEnrollment = async (deps: DomainContext, s: Subscriber, channel: Channel): Promise<SendJob> => {
  const seq = sequence();
  const steps = enrollmentSteps(seq);
  const stepIndex = steps.findIndex((st) => st.channel === channel);
  if (stepIndex < 0) throw new Error(`The sequence has no ${channel} step`);
  const at = deps.clock.now().toISOString();
  const e: Enrollment = {
    enrollmentId: enrollmentIdOf(s.subscriberId, seq.id),
    subscriberId: s.subscriberId,
    sequenceId: seq.id,
    sequenceVersion: seq.version,
    nextStepIndex: stepIndex,
    nominalAt: at,
    dueAt: new Date(deps.clock.now().getTime() - 60_000).toISOString(),
    status: 'active',
    createdAt: at,
  };
  await deps.store.createEnrollment(e);
  await deps.store.addSequenceMember(seq.id, s.subscriberId);
  const step = steps[stepIndex] as (typeof steps)[number];
  return { kind: 'step', sendId: stepSendId(e.enrollmentId, step.id), subscriberId: s.subscriberId, sequenceId: seq.id, stepIndex, stepId: step.id };
};

/** `n` confirmed email subscribers at the sequence's first email step, due now; their step jobs. */
export const seedDripEmails = async (deps: DomainContext, n: number): Promise<SendJob[]> => {
  const jobs: SendJob[] = [];
  for (let i = 0; i < n; i++) jobs.push(await seedEnrollment(deps, await seedSubscriber(deps, 'email', i, 'confirmed'), 'email'));
  return jobs;
};

interface Lane {
  deps: DomainContext;
  meter: CapacityMeter;
  queue: ReturnType<typeof keptQueue>;
}

/**
 * Runs the jobs through the worker one at a time; every one must be sent. Also answers the
 * requests of the median message: the mean includes the reads of per-process caches that expire
 * by wall-clock time (the clinic profile every 30 s), which land on whichever message comes then.
 */
const work = async (lane: Lane, jobs: SendJob[]): Promise<Metered & { medianRequests: number }> => {
  lane.meter.reset();
  const perJob: number[] = [];
  for (const job of jobs) {
    const before = lane.meter.snapshot().requests;
    const outcome = await processSendJob(lane.deps, job);
    if (outcome !== 'sent') throw new Error(`cost bench: ${job.kind} job came back ${outcome}`);
    perJob.push(lane.meter.snapshot().requests - before);
  }
  perJob.sort((a, b) => a - b);
  return { ...lane.meter.snapshot(), medianRequests: perJob[Math.floor(perJob.length / 2)] ?? 0 };
};

const costOf = (path: string, channel: Channel, messages: number, worker: Metered & { medianRequests: number }, dispatch: Metered | undefined, sqsPerMessage: number, invocationsPerMessage: number): PathCost => {
  const w = per(worker, messages);
  const d = dispatch ? per(dispatch, messages) : { requests: 0, read: 0, write: 0 };
  const requests = w.requests + d.requests;
  const read = w.read + d.read;
  const write = w.write + d.write;
  const gbSeconds = ((requests * LAMBDA_MODEL.dynamoRequestMs + LAMBDA_MODEL.providerCallMs) / 1000) * LAMBDA_MODEL.memoryGb;
  const dynamoPer1000 = 1000 * (read * PRICES.dynamoReadUnit + write * PRICES.dynamoWriteUnit);
  const lambdaPer1000 = 1000 * (invocationsPerMessage * PRICES.lambdaRequest + gbSeconds * PRICES.lambdaGbSecond);
  const sqsPer1000 = 1000 * sqsPerMessage * PRICES.sqsRequest;
  const byOperation: Record<string, number> = {};
  for (const [op, n] of Object.entries(worker.byOperation)) byOperation[op] = n / messages;
  return {
    path,
    channel,
    messages,
    workerRequests: w.requests,
    workerRequestsMedian: worker.medianRequests,
    dispatchRequests: d.requests,
    byOperation,
    readUnits: read,
    writeUnits: write,
    lambdaInvocations: invocationsPerMessage,
    sqsRequests: sqsPerMessage,
    dynamoPer1000,
    lambdaPer1000,
    sqsPer1000,
    infraPer1000: dynamoPer1000 + lambdaPer1000 + sqsPer1000,
    providerPer1000: 1000 * (channel === 'email' ? PRICES.sesEmail : PRICES.smsUs),
  };
};

const batch = workers.sendWorker.batchSize;
/** Per queued message: its share of SendMessageBatch (measured), and of the event source mapping's ReceiveMessage and DeleteMessageBatch (one each per batch). */
const sqsShare = (sendBatches: number, messages: number, perBatch: number = batch) => sendBatches / messages + 2 / perBatch;

const dripPath = async (lane: Lane, channel: Channel, n: number): Promise<PathCost> => {
  for (let i = 0; i < n; i++) await seedEnrollment(lane.deps, await seedSubscriber(lane.deps, channel, i, 'confirmed'), channel);
  lane.queue.jobs = [];
  lane.queue.batches = 0;
  lane.meter.reset();
  const report = await dispatchDue(lane.deps);
  const dispatch = lane.meter.snapshot();
  if (report.dispatched !== n) throw new Error(`cost bench: dispatched ${report.dispatched} of ${n}`);
  const worker = await work(lane, lane.queue.jobs);
  return costOf(`drip ${channel === 'email' ? 'email' : 'text'}`, channel, n, worker, dispatch, sqsShare(lane.queue.batches, n), 1 / batch);
};

const broadcastPath = async (lane: Lane, n: number): Promise<PathCost> => {
  const seq = sequence();
  for (let i = 0; i < n; i++) {
    const s = await seedSubscriber(lane.deps, 'email', i, 'confirmed');
    await lane.deps.store.addSequenceMember(seq.id, s.subscriberId);
  }
  const at = lane.deps.clock.now().toISOString();
  await lane.deps.store.createBroadcast({
    broadcastId: randomUUID(),
    name: 'Cost bench',
    template: 'treatment',
    audience: { channel: 'email', sequenceId: seq.id },
    startAt: at,
    localStart: { date: at.slice(0, 10), time: '11:00', timeZone: ZONE },
    status: 'scheduled',
    createdAt: at,
    createdBy: 'bench',
    recipients: 0,
  });
  lane.queue.jobs = [];
  lane.queue.batches = 0;
  lane.meter.reset();
  // The first pass expands the audience (recipients due at once); the next queues them.
  for (let pass = 0; pass < 3 && lane.queue.jobs.length < n; pass++) await dispatchBroadcasts(lane.deps);
  const dispatch = lane.meter.snapshot();
  if (lane.queue.jobs.length !== n) throw new Error(`cost bench: ${lane.queue.jobs.length} broadcast jobs for ${n} recipients`);
  const worker = await work(lane, lane.queue.jobs);
  return costOf('broadcast recipient', 'email', n, worker, dispatch, sqsShare(lane.queue.batches, n), 1 / batch);
};

/** The confirmation email after a signup: queued by the subscribe handler one at a time (one SQS send, one batch of one). */
const confirmationPath = async (lane: Lane, n: number): Promise<PathCost> => {
  const jobs: SendJob[] = [];
  for (let i = 0; i < n; i++) {
    const s = await seedSubscriber(lane.deps, 'email', i, 'pending');
    jobs.push({ kind: 'system', sendId: systemSendId(s.subscriberId, 'confirm-email', randomUUID()), subscriberId: s.subscriberId, channel: 'email', template: 'confirm-email' });
  }
  const worker = await work(lane, jobs);
  return costOf('confirmation email', 'email', n, worker, undefined, sqsShare(n, n, 1), 1);
};

const usd = (v: number) => `$${v < 0.01 ? v.toFixed(5) : v.toFixed(4)}`;
const opsLine = (ops: Record<string, number>) =>
  Object.entries(ops)
    .sort((a, b) => b[1] - a[1])
    .map(([op, n]) => `${op} ${Number.isInteger(n) ? n : n.toFixed(2)}`)
    .join(', ');

export interface CostResult {
  rows: PathCost[];
  /** Worker requests of the median drip message (the larger of email and text), and the larger mean. */
  dripMax: number;
  dripMean: number;
  emailInfraShare: number;
  requestsMet: boolean;
  shareMet: boolean;
}

export const runCostBench = async (opts: { messages?: number } = {}): Promise<CostResult> => {
  const n = opts.messages ?? Number(process.env.BENCH_COST_MESSAGES ?? 40);
  const dynamo = await startDynamoDbLocal(await freePort());
  const clients: DynamoDBClient[] = [];
  try {
    const lane = async (): Promise<Lane> => {
      const tableName = `bench-cost-${randomBytes(4).toString('hex')}`;
      await ensureTable(dynamo.endpoint, tableName);
      const client = localDynamoClient(dynamo.endpoint);
      clients.push(client);
      const meter = installCapacityMeter(client);
      const queue = keptQueue();
      const deps = benchDomain(client, tableName, NOW, { queue, ...acceptingProviders() });
      // Seed the sequence head (the first dispatcher ever does it once), warm the worker's recent head and the connection.
      await deps.sequences.recentHead(sequence().id);
      return { deps, meter, queue };
    };
    // Each path on its own table: one path's due items never show up in another's dispatch.
    const rows = [await dripPath(await lane(), 'email', n), await dripPath(await lane(), 'sms', n), await broadcastPath(await lane(), n), await confirmationPath(await lane(), n)];

    console.log(`\nCost per message: DynamoDB requests and units counted at the SDK's HTTP layer (ReturnConsumedCapacity: TOTAL), ${n} messages per path, DynamoDB Local\n`);
    console.log(
      formatTable(
        rows.map((r) => ({
          path: r.path,
          'DynamoDB req/msg (worker + dispatch)': `${(r.workerRequests + r.dispatchRequests).toFixed(2)} (${r.workerRequests.toFixed(2)} + ${r.dispatchRequests.toFixed(2)})`,
          'RRU/msg': r.readUnits.toFixed(2),
          'WRU/msg': r.writeUnits.toFixed(2),
          'Lambda inv/msg': r.lambdaInvocations.toFixed(2),
          'SQS req/msg': r.sqsRequests.toFixed(2),
          'DynamoDB $/1k': usd(r.dynamoPer1000),
          'Lambda $/1k': usd(r.lambdaPer1000),
          'SQS $/1k': usd(r.sqsPer1000),
          'infra $/1k': usd(r.infraPer1000),
          [`${'SES/SMS'} $/1k`]: usd(r.providerPer1000),
          'infra / provider': `${((r.infraPer1000 / r.providerPer1000) * 100).toFixed(1)} %`,
        })),
      ),
    );
    console.log('\nWorker requests per message by operation:');
    for (const r of rows) console.log(`  ${r.path.padEnd(20)} ${opsLine(r.byOperation)} (median message: ${r.workerRequestsMedian})`);
    console.log(
      `\nPrices: us-east-1 on-demand list prices as of ${PRICES_AS_OF} (bench/prices.ts; sources in docs/benchmarks.md). ` +
        `Lambda time modelled at ${LAMBDA_MODEL.dynamoRequestMs} ms per DynamoDB request + ${LAMBDA_MODEL.providerCallMs} ms per provider call at ${LAMBDA_MODEL.memoryGb} GB, arm64.`,
    );

    const drips = rows.filter((r) => r.path.startsWith('drip'));
    // The target is per message: the median message's count (a cache refresh is a read per process, not per message).
    const dripMax = Math.max(...drips.map((r) => r.workerRequestsMedian));
    const email = rows.find((r) => r.path === 'drip email') as PathCost;
    const emailInfraShare = email.infraPer1000 / email.providerPer1000;
    const dripMean = Math.max(...drips.map((r) => r.workerRequests));
    return { rows, dripMax, dripMean, emailInfraShare, requestsMet: dripMax <= DRIP_REQUEST_TARGET, shareMet: emailInfraShare <= INFRA_SHARE_TARGET };
  } finally {
    for (const c of clients) c.destroy();
    await dynamo.stop();
  }
};
