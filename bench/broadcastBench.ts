/**
 * Broadcast fan-out at scale: a broadcast to BENCH_BROADCAST_SCALE enrolled, confirmed email
 * subscribers (default 100,000) in DynamoDB Local, expanded by the real dispatcher pass
 * (`dispatchBroadcasts`) on the real DynamoDB Store, then a sample of its jobs through the send
 * worker (`processSendJob`) beside the same number of drip emails, in the same harness.
 *
 * Loaded as the app writes them: a profile and a sequence-membership row per subscriber (the
 * audience has no enrollment-status filter, so enrollment rows are never read and not loaded).
 * The expansion streams one page of members at a time; the bench samples the heap to show it
 * stays flat whatever the audience size.
 *
 * Paced as in AWS (issue 15): the stack sets the SES rate (CARECAST_SES_MAX_SEND_RATE), and a pass
 * queues at most a minute of it (BENCH_BROADCAST_SEND_RATE, default 14/s, SES's starting rate:
 * 840 a pass). Between passes the worker sends what was queued, as it would in that minute: the
 * first pass's first `sample` jobs really go through `processSendJob` (the msg/s row), the rest
 * have their recipient rows settled as the worker leaves them. The simulated clock therefore
 * never runs past a lease with nothing sending, and every recipient must be queued exactly once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { consoleKeys, keys, shardOf } from '../functions/contract/table.js';
import pMap from 'p-map';
import { dispatchBroadcasts, EXPANSION_BUDGET, passBudget } from '../functions/domain/broadcasts/dispatchBroadcasts.js';
import type { DomainContext } from '../functions/domain/core/domainContext.js';
import type { SendJob, Subscriber } from '../functions/domain/core/model.js';
import { processSendJob } from '../functions/domain/sending/processSendJob.js';
import { shippedSequences } from '../functions/sequences.js';
import { ensureTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamoDbLocal.js';
import { freePort } from '../local/freePort.js';
import { batchPut } from './batchPut.js';
import { acceptingProviders, benchDomain, keptQueue } from './benchDomain.js';
import { installCapacityMeter, type Metered } from './capacityMeter.js';
import { formatTable } from './formatTable.js';

const NOW = new Date('2030-01-08T19:00:00.000Z');
const ZONE = 'America/Los_Angeles';
const LOAD_CHUNK = 5_000;

export interface BroadcastResult {
  recipients: number;
  loadSeconds: number;
  /** Sum of the dispatcher passes' own time (the minutes between passes not counted). */
  expandSeconds: number;
  passes: number;
  requestsPerRecipient: number;
  peakHeapMb: number;
  broadcastPerSecond: number;
  dripPerSecond: number;
  /** Send rate the passes were paced to (messages/s), and the jobs a pass may queue at it. */
  sendRate: number;
  perPass: number;
}

const addMetered = (into: Metered, m: Metered) => {
  into.requests += m.requests;
  into.readUnits += m.readUnits;
  into.writeUnits += m.writeUnits;
  for (const [op, n] of Object.entries(m.byOperation)) into.byOperation[op] = (into.byOperation[op] ?? 0) + n;
};

const sequenceId = () => {
  const s = shippedSequences()[0];
  if (!s) throw new Error('No shipped sequence');
  return s.id;
};

/** A confirmed email subscriber's profile and sequence-membership row, as the app writes them. */
const items = (i: number): Record<string, AttributeValue>[] => {
  const subscriberId = `bcast-${String(i).padStart(7, '0')}`;
  const s: Subscriber = {
    subscriberId,
    firstName: 'Ana',
    language: i % 2 ? 'es' : 'en',
    timezone: ZONE,
    email: `bench+${i}@example.com`,
    emailStatus: 'confirmed',
    smsStatus: 'none',
    createdAt: NOW.toISOString(),
  };
  return [
    marshall({ ...keys.subscriber(subscriberId), type: 'subscriber', ...s }, { removeUndefinedValues: true }),
    marshall({ ...consoleKeys.sequenceMember(sequenceId(), shardOf(subscriberId), subscriberId), type: 'sequenceMember', subscriberId }),
  ];
};

/** Consent rows for the sampled recipients only (the worker's gate reads them; the expansion does not). */
const grantConsent = async (deps: DomainContext, jobs: SendJob[]) => {
  const at = NOW.toISOString();
  for (const job of jobs) {
    if (!('subscriberId' in job)) continue;
    for (const action of ['granted', 'confirmed'] as const) {
      await deps.store.appendConsent({ subscriberId: job.subscriberId, channel: 'email', action, textVersion: 'bench', textHash: 'bench', at, source: 'bench' }, randomUUID());
    }
  }
};

const throughput = async (deps: DomainContext, jobs: SendJob[], inFlight: number): Promise<number> => {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++] as SendJob;
      const outcome = await processSendJob(deps, job);
      if (outcome !== 'sent') throw new Error(`broadcast bench: ${job.kind} job came back ${outcome}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return jobs.length / ((performance.now() - started) / 1000);
};

export const runBroadcastBench = async (opts: { scale?: number; sample?: number; sendRate?: number } = {}): Promise<BroadcastResult> => {
  const scale = opts.scale ?? 100_000;
  const sendRate = opts.sendRate ?? 14;
  const perPass = passBudget({ sendRates: { email: sendRate } }).email;
  const sample = Math.min(opts.sample ?? 300, scale, perPass);
  const dynamo = await startDynamoDbLocal(await freePort());
  let client: DynamoDBClient | undefined;
  try {
    const tableName = `bench-bcast-${randomBytes(4).toString('hex')}`;
    await ensureTable(dynamo.endpoint, tableName);
    client = localDynamoClient(dynamo.endpoint);
    const loadStarted = performance.now();
    for (let from = 0; from < scale; from += LOAD_CHUNK) {
      await batchPut(client, tableName, Array.from({ length: Math.min(LOAD_CHUNK, scale - from) }, (_, k) => items(from + k)).flat());
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const meter = installCapacityMeter(client);
    const queue = keptQueue();
    let now = NOW;
    const providers = acceptingProviders();
    const deps = benchDomain(client, tableName, NOW, { queue, ...providers });
    deps.clock = { now: () => now };
    deps.settings.sendRates = { email: sendRate };
    await deps.sequences.head(sequenceId());
    const broadcastId = randomUUID();
    await deps.store.createBroadcast({
      broadcastId,
      name: 'Fan-out bench',
      template: 'treatment',
      audience: { channel: 'email', sequenceId: sequenceId() },
      startAt: NOW.toISOString(),
      localStart: { date: '2030-01-08', time: '11:00', timeZone: ZONE },
      status: 'scheduled',
      createdAt: NOW.toISOString(),
      createdBy: 'bench',
      recipients: 0,
    });

    const metered: Metered = { requests: 0, readUnits: 0, writeUnits: 0, byOperation: {} };
    let expandMs = 0;
    let passes = 0;
    let peakHeap = 0;
    let broadcastPerSecond = 0;
    let sent = 0;
    const heapTimer = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
    // One dispatcher pass a minute, as the schedule runs it; each queues at most `perPass` jobs.
    while ((await deps.store.getBroadcast(broadcastId))?.status !== 'queued') {
      if (passes > Math.ceil(scale / Math.min(perPass, EXPANSION_BUDGET)) + 5) throw new Error('broadcast bench: the expansion does not finish');
      meter.reset();
      const started = performance.now();
      await dispatchBroadcasts(deps);
      expandMs += performance.now() - started;
      addMetered(metered, meter.snapshot());
      passes++;
      // The minute until the next pass: the worker sends what this pass queued (10 in flight: a batch's records run in parallel).
      const fresh = queue.jobs.slice(sent);
      sent = queue.jobs.length;
      const timed = passes === 1 ? fresh.slice(0, sample) : [];
      if (timed.length) {
        await grantConsent(deps, timed);
        broadcastPerSecond = await throughput(deps, timed, 10);
      }
      const at = now.toISOString();
      await pMap(fresh.slice(timed.length), (j) => ('broadcastId' in j ? deps.store.settleBroadcastRecipient(j.broadcastId, j.subscriberId, 'sent', at) : undefined), { concurrency: 10 });
      now = new Date(now.getTime() + 60_000);
    }
    clearInterval(heapTimer);
    // Every recipient queued exactly once: with the worker keeping up, no lease ran out in the queue.
    const distinct = new Set(queue.jobs.map((j) => j.sendId)).size;
    if (distinct !== scale || queue.jobs.length !== scale) throw new Error(`broadcast bench: ${queue.jobs.length} jobs for ${distinct} distinct of ${scale} recipients`);

    // The drip path beside it: as many drip emails, same harness.
    now = NOW;
    const { seedDripEmails } = await import('./costBench.js');
    const dripJobs = await seedDripEmails(deps, sample);
    const dripPerSecond = await throughput(deps, dripJobs, 10);

    const result: BroadcastResult = {
      recipients: scale,
      loadSeconds,
      expandSeconds: expandMs / 1000,
      passes,
      requestsPerRecipient: metered.requests / scale,
      peakHeapMb: peakHeap / 2 ** 20,
      broadcastPerSecond,
      dripPerSecond,
      sendRate,
      perPass,
    };
    console.log(`\nBroadcast fan-out: ${scale.toLocaleString('en-US')} enrolled, confirmed email subscribers in DynamoDB Local (loaded in ${loadSeconds.toFixed(0)} s)\n`);
    console.log(
      formatTable([
        {
          path: 'broadcast: expand + queue (dispatcher)',
          recipients: scale.toLocaleString('en-US'),
          'dispatcher passes': passes,
          's of work': result.expandSeconds.toFixed(1),
          'recipients/s': Math.round(scale / result.expandSeconds).toLocaleString('en-US'),
          'DynamoDB req/recipient': result.requestsPerRecipient.toFixed(3),
          'operations/recipient': Object.entries(metered.byOperation).map(([op, n]) => `${op} ${(n / scale).toFixed(3)}`).join(', '),
          'peak heap MB': result.peakHeapMb.toFixed(0),
        },
      ]),
    );
    console.log(`\nJobs queued: ${queue.jobs.length.toLocaleString('en-US')} for ${scale.toLocaleString('en-US')} recipients (none queued again).`);
    console.log(
      `\nPaced to ${sendRate}/s: a pass (one a minute in AWS) queues at most ${perPass.toLocaleString('en-US')} jobs and reads at most ${EXPANSION_BUDGET.toLocaleString('en-US')} members, ` +
        `so ${scale.toLocaleString('en-US')} recipients take ${passes} passes (minutes), as long as sending them takes; "s of work" is the passes' own time.`,
    );
    console.log(`\nSend worker, ${sample} messages each, 10 in flight, same harness (providers answer at once):\n`);
    console.log(
      formatTable([
        { path: 'broadcast recipient (email)', messages: sample, 'msg/s': broadcastPerSecond.toFixed(0) },
        { path: 'drip step (email)', messages: sample, 'msg/s': dripPerSecond.toFixed(0) },
      ]),
    );
    return result;
  } finally {
    client?.destroy();
    await dynamo.stop();
  }
};
