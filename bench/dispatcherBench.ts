/**
 * Dispatcher: the same 1,000 due enrollments among 1,000 enrolled and among BENCH_SCALE
 * enrolled (default 100,000; the rest due in the future), against DynamoDB Local through the
 * real DynamoDB Store (createDynamoStore). Cost should follow what is due, not the list size (issue 3).
 *
 * Both tables live in one DynamoDB Local and runs alternate between them, so the two medians
 * share the same JVM, the same warm-up and the same machine load. Between runs the due items
 * are written back (the dispatcher leased them 15 minutes ahead).
 */
import { randomBytes } from 'node:crypto';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dueIndexKeys, keys, shardOf } from '../functions/contract/table.js';
import type { DomainContext } from '../functions/domain/core/domainContext.js';
import { dispatchDue, LEASE_CONCURRENCY } from '../functions/domain/scheduling/dispatchDue.js';
import type { Enrollment } from '../functions/domain/core/model.js';
import type { Queue } from '../functions/domain/ports/providers.js';
import { enrollmentIdOf } from '../functions/domain/core/sendIds.js';
import { shippedSequences } from '../functions/sequences.js';
import { ensureTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamoDbLocal.js';
import { batchPut } from './batchPut.js';
import { benchDomain } from './benchDomain.js';
import { formatTable } from './formatTable.js';
import { ms, ratio, type Summary, summarize } from './summarize.js';
import { freePort } from '../local/freePort.js';

export const DUE = 1_000;
export const DISPATCH_TARGET_RATIO = 1.5;
/** A DynamoDB round trip from Lambda in the same Region, for the latency-bound comparison (a typical single-digit-ms figure). */
const AWS_ROUND_TRIP_MS = 5;
/** A fixed instant: the bench never depends on the wall clock. */
const NOW = new Date('2030-01-08T18:00:00.000Z');
const LOAD_CHUNK = 5_000;

export interface DispatcherResult {
  enrolled: number;
  loadSeconds: number;
  small: Summary;
  large: Summary;
  ratio: number;
  met: boolean;
  /** The large table with one lease write after another within a shard (before issue 15). */
  sequential: Summary;
  /** sequential median / parallel median, on the large table in the same run. */
  speedup: number;
  /** The same with AWS_ROUND_TRIP_MS added to every request. */
  awsSpeedup: number;
}

interface BenchTable {
  label: string;
  tableName: string;
  enrolled: number;
  client: DynamoDBClient;
  deps: DomainContext;
  queued: { jobs: number };
  requests: { count: number };
  /** Added to every request when set: a network round trip to DynamoDB in AWS (a timer, no CPU). */
  latency: { ms: number };
  dueItems: Record<string, AttributeValue>[];
}

const sendsNothing = async (): Promise<never> => {
  throw new Error('The dispatcher sends nothing');
};

/** DomainContext as wiring.ts assembles them, with a counting queue and a fixed clock. */
const benchDeps = (client: DynamoDBClient, tableName: string, queued: { jobs: number }): DomainContext => {
  const queue: Queue = {
    enqueue: async (jobs) => {
      queued.jobs += jobs.length;
    },
  };
  return benchDomain(client, tableName, NOW, { queue, mailer: { send: sendsNothing }, texter: { send: sendsNothing, optIn: async () => true } });
};

/** An enrollment item exactly as DynamoEnrollments.createEnrollment writes it (contract key builders). */
const enrollmentItem = (i: number, dueAt: Date): Record<string, AttributeValue> => {
  const sequence = shippedSequences()[0];
  if (!sequence) throw new Error('No shipped sequence');
  const subscriberId = `bench-${String(i).padStart(7, '0')}`;
  const enrollmentId = enrollmentIdOf(subscriberId, sequence.id);
  const e: Enrollment = {
    enrollmentId,
    subscriberId,
    sequenceId: sequence.id,
    sequenceVersion: sequence.version,
    nextStepIndex: 0,
    nominalAt: dueAt.toISOString(),
    dueAt: dueAt.toISOString(),
    status: 'active',
    createdAt: new Date(NOW.getTime() - 86_400_000).toISOString(),
  };
  return marshall(
    { ...keys.enrollment(subscriberId, sequence.id), type: 'enrollment', ...e, ...dueIndexKeys(shardOf(enrollmentId), e.dueAt as string, enrollmentId) },
    { removeUndefinedValues: true },
  );
};

/** The first DUE enrollments are due (up to ~17 minutes ago); the rest spread over the next 30 days. */
const dueAtOf = (i: number, enrolled: number): Date =>
  i < DUE
    ? new Date(NOW.getTime() - (i + 1) * 1_000)
    : new Date(NOW.getTime() + 3_600_000 + Math.floor(((i - DUE) / Math.max(1, enrolled - DUE)) * 30 * 86_400_000));

const loadTable = async (endpoint: string, label: string, enrolled: number): Promise<BenchTable> => {
  const tableName = `bench-${label}-${randomBytes(4).toString('hex')}`;
  await ensureTable(endpoint, tableName);
  const client = localDynamoClient(endpoint);
  const requests = { count: 0 };
  const latency = { ms: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      requests.count++;
      if (latency.ms) await new Promise((r) => setTimeout(r, latency.ms));
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  for (let from = 0; from < enrolled; from += LOAD_CHUNK) {
    const items = Array.from({ length: Math.min(LOAD_CHUNK, enrolled - from) }, (_, k) => enrollmentItem(from + k, dueAtOf(from + k, enrolled)));
    await batchPut(client, tableName, items);
  }
  const queued = { jobs: 0 };
  const deps = benchDeps(client, tableName, queued);
  // Seed the sequence head now (the first dispatcher ever does it once), so no run pays for it.
  await deps.sequences.head('cervical-dystonia');
  const dueItems = Array.from({ length: DUE }, (_, i) => enrollmentItem(i, dueAtOf(i, enrolled)));
  return { label, tableName, enrolled, client, deps, queued, requests, latency, dueItems };
};

const runOnce = async (t: BenchTable, leaseConcurrency = LEASE_CONCURRENCY, latencyMs = 0): Promise<{ ms: number; requests: number }> => {
  t.latency.ms = latencyMs;
  t.queued.jobs = 0;
  t.requests.count = 0;
  const started = performance.now();
  const report = await dispatchDue(t.deps, { leaseConcurrency });
  const elapsed = performance.now() - started;
  t.latency.ms = 0;
  const requests = t.requests.count;
  if (report.dispatched !== DUE || t.queued.jobs !== DUE) {
    throw new Error(`${t.label}: dispatched ${report.dispatched}, queued ${t.queued.jobs}, expected ${DUE}`);
  }
  // Re-arm: put the due items back as they were before the dispatcher leased them.
  await batchPut(t.client, t.tableName, t.dueItems);
  return { ms: elapsed, requests };
};

export const runDispatcherBench = async (opts: { scale?: number; runs?: number; warmup?: number } = {}): Promise<DispatcherResult> => {
  const scale = opts.scale ?? 100_000;
  if (!Number.isInteger(scale) || scale < DUE) throw new Error(`BENCH_SCALE must be an integer ≥ ${DUE}`);
  const runs = opts.runs ?? 7;
  const warmup = opts.warmup ?? 2;
  const dynamo = await startDynamoDbLocal(await freePort());
  try {
    const loadStarted = performance.now();
    const small = await loadTable(dynamo.endpoint, 'small', DUE);
    const smallLoad = (performance.now() - loadStarted) / 1000;
    const largeStarted = performance.now();
    const large = await loadTable(dynamo.endpoint, 'large', scale);
    const loadSeconds = (performance.now() - largeStarted) / 1000;

    const samples = { small: [] as number[], large: [] as number[], sequential: [] as number[], awsParallel: [] as number[], awsSequential: [] as number[] };
    const requests = { small: 0, large: 0, sequential: 0, awsParallel: 0, awsSequential: 0 };
    type Case = { key: keyof typeof samples; table: BenchTable; concurrency: number; latencyMs?: number };
    const cases: Case[] = [
      { key: 'small', table: small, concurrency: LEASE_CONCURRENCY },
      { key: 'large', table: large, concurrency: LEASE_CONCURRENCY },
      { key: 'sequential', table: large, concurrency: 1 },
      { key: 'awsParallel', table: large, concurrency: LEASE_CONCURRENCY, latencyMs: AWS_ROUND_TRIP_MS },
      { key: 'awsSequential', table: large, concurrency: 1, latencyMs: AWS_ROUND_TRIP_MS },
    ];
    for (let run = 0; run < warmup + runs; run++) {
      // Rotate which case goes first, so none always runs on a freshly warmed JVM.
      const order = cases.map((_, i) => cases[(i + run) % cases.length] as Case);
      for (const c of order) {
        const r = await runOnce(c.table, c.concurrency, c.latencyMs);
        if (run < warmup) continue;
        samples[c.key].push(r.ms);
        requests[c.key] = r.requests;
      }
    }
    small.client.destroy();
    large.client.destroy();

    const result = { small: summarize(samples.small), large: summarize(samples.large), sequential: summarize(samples.sequential) };
    const aws = { parallel: summarize(samples.awsParallel), sequential: summarize(samples.awsSequential) };
    const r = result.large.median / result.small.median;
    const speedup = result.sequential.median / result.large.median;
    const awsSpeedup = aws.sequential.median / aws.parallel.median;
    const met = r <= DISPATCH_TARGET_RATIO;
    console.log(`\nDispatcher: ${DUE.toLocaleString('en-US')} due, dispatchDue against DynamoDB Local (median of ${runs} runs each after ${warmup} warm-up, rotating)\n`);
    const leases = (n: number) => (n === 1 ? '1 (one after another)' : `${n} in parallel`);
    console.log(
      formatTable([
        { enrolled: small.enrolled.toLocaleString('en-US'), due: DUE, 'leases per shard': leases(LEASE_CONCURRENCY), 'load s': smallLoad.toFixed(1), 'median ms': ms(result.small.median), 'p95 ms': ms(result.small.p95), 'DynamoDB requests/run': requests.small },
        { enrolled: large.enrolled.toLocaleString('en-US'), due: DUE, 'leases per shard': leases(LEASE_CONCURRENCY), 'load s': loadSeconds.toFixed(1), 'median ms': ms(result.large.median), 'p95 ms': ms(result.large.p95), 'DynamoDB requests/run': requests.large },
        { enrolled: large.enrolled.toLocaleString('en-US'), due: DUE, 'leases per shard': leases(1), 'load s': '', 'median ms': ms(result.sequential.median), 'p95 ms': ms(result.sequential.p95), 'DynamoDB requests/run': requests.sequential },
        { enrolled: `${large.enrolled.toLocaleString('en-US')} +${AWS_ROUND_TRIP_MS} ms/request`, due: DUE, 'leases per shard': leases(LEASE_CONCURRENCY), 'load s': '', 'median ms': ms(aws.parallel.median), 'p95 ms': ms(aws.parallel.p95), 'DynamoDB requests/run': requests.awsParallel },
        { enrolled: `${large.enrolled.toLocaleString('en-US')} +${AWS_ROUND_TRIP_MS} ms/request`, due: DUE, 'leases per shard': leases(1), 'load s': '', 'median ms': ms(aws.sequential.median), 'p95 ms': ms(aws.sequential.p95), 'DynamoDB requests/run': requests.awsSequential },
      ]),
    );
    console.log(
      `\nLeasing in parallel (${LEASE_CONCURRENCY} per shard) against one after another, same table, same run: ${ratio(speedup)} faster on DynamoDB Local ` +
        `(its JVM shares the bench's 2 cores: CPU-bound), ${ratio(awsSpeedup)} faster with a ${AWS_ROUND_TRIP_MS} ms round trip added to every request (latency-bound, as in AWS).`,
    );
    console.log(
      `\nLoaded ${large.enrolled.toLocaleString('en-US')} enrollments in ${loadSeconds.toFixed(1)} s ` +
        `(${Math.round(large.enrolled / loadSeconds).toLocaleString('en-US')} items/s, BatchWriteItem).`,
    );
    console.log(`Target larger within ${DISPATCH_TARGET_RATIO}× of smaller: ${ratio(r)} → ${met ? 'MET' : 'NOT MET'}`);
    return { enrolled: scale, loadSeconds, ...result, ratio: r, met, speedup, awsSpeedup };
  } finally {
    await dynamo.stop();
  }
};
