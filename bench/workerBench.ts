/**
 * Worker: messages per second through claim, render, send and record, in local mode: the real
 * send worker and domain, the real SDK clients, DynamoDB Local, the local SES emulator and the
 * local SMS endpoint. Each scenario gets fresh confirmed subscribers, one step job each.
 *
 * Everything shares one machine (2 cores here): DynamoDB Local's JVM, the SES emulator and the
 * outbox recorder (which parses every MIME message) all compete with the worker, so these are
 * floor numbers for one worker, not a forecast of Lambda throughput.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DomainContext } from '../functions/domain/core/domainContext.js';
import type { Channel, Enrollment, SendJob, Subscriber } from '../functions/domain/core/model.js';
import { processSendJob } from '../functions/domain/sending/processSendJob.js';
import { enrollmentSteps } from '../functions/domain/scheduling/SequenceDefinition.js';
import { enrollmentIdOf, stepSendId } from '../functions/domain/core/sendIds.js';
import { shippedSequences } from '../functions/sequences.js';
import type { LocalStack } from '../local/localStack.js';
import { formatTable } from './formatTable.js';
import { ms, summarize } from './summarize.js';

const ZONE = 'America/Los_Angeles';

export interface WorkerRow {
  scenario: string;
  channel: Channel;
  messages: number;
  seconds: number;
  perSecond: number;
  medianMs?: number;
  p95Ms?: number;
  /** Median time inside the Mailer/Texter call: the SDK client and the local endpoint. */
  providerMedianMs: number;
}

/** Times every provider call, so a row can say how much of a message was the send itself. */
const timeProviderCalls = (deps: DomainContext): { samples: number[] } => {
  const timing = { samples: [] as number[] };
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await call();
    } finally {
      timing.samples.push(performance.now() - started);
    }
  };
  const { mailer, texter } = deps;
  // The cached wiring DomainContext: the sendWorker handler gets this same object from domainContext().
  deps.mailer = { send: (email) => timed(() => mailer.send(email)) };
  deps.texter = { send: (text) => timed(() => texter.send(text)), optIn: (phone) => texter.optIn(phone) };
  return timing;
};

/** A Tuesday 11:00 in Los Angeles: inside every step's send window, email and SMS alike. */
const nextTuesdayMorning = (from: Date): Date => {
  let d = DateTime.fromJSDate(from, { zone: ZONE }).plus({ days: 1 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
  while (d.weekday !== 2) d = d.plus({ days: 1 });
  return d.toJSDate();
};

/** Confirmed subscribers enrolled at the welcome step of their channel, with the job for it. */
const seedJobs = async (deps: DomainContext, channel: Channel, count: number): Promise<SendJob[]> => {
  const sequence = shippedSequences()[0];
  if (!sequence) throw new Error('No shipped sequence');
  const steps = enrollmentSteps(sequence);
  const stepIndex = steps.findIndex((s) => s.channel === channel);
  const step = steps[stepIndex];
  if (!step) throw new Error(`The sequence has no ${channel} step`);
  const now = deps.clock.now();
  const at = now.toISOString();
  const jobs: SendJob[] = [];
  const seedOne = async (i: number) => {
    const subscriberId = randomUUID();
    const language = i % 2 === 0 ? 'en' : 'es';
    const subscriber: Subscriber = {
      subscriberId,
      firstName: language === 'en' ? 'Ana' : 'María',
      language,
      timezone: ZONE,
      // Synthetic addresses only: example.com and the 555-01xx fictional range (reused across subscribers).
      ...(channel === 'email' ? { email: `bench+${subscriberId.slice(0, 8)}@example.com` } : { phone: `+1714555${String(100 + (i % 100)).padStart(4, '0')}` }),
      emailStatus: channel === 'email' ? 'confirmed' : 'none',
      smsStatus: channel === 'sms' ? 'confirmed' : 'none',
      createdAt: at,
    };
    // No address lookup rows: the worker never reads them, and SMS numbers repeat here.
    if (!(await deps.store.createSubscriber(subscriber, [], now))) throw new Error('seed: subscriber exists');
    for (const action of ['granted', 'confirmed'] as const) {
      await deps.store.appendConsent({ subscriberId, channel, action, textVersion: 'bench', textHash: 'bench', at, source: 'bench' }, `${action}-${subscriberId}`);
    }
    const enrollmentId = enrollmentIdOf(subscriberId, sequence.id);
    const enrollment: Enrollment = {
      enrollmentId,
      subscriberId,
      sequenceId: sequence.id,
      sequenceVersion: sequence.version,
      steps,
      nextStepIndex: stepIndex,
      nominalAt: at,
      // Due far ahead: the dispatcher (not running here anyway) would leave it alone.
      dueAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
      status: 'active',
      createdAt: at,
    };
    await deps.store.createEnrollment(enrollment);
    jobs.push({ kind: 'step', sendId: stepSendId(enrollmentId, step.id), subscriberId, sequenceId: sequence.id, stepIndex, stepId: step.id });
  };
  for (let i = 0; i < count; i += 20) await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, k) => seedOne(i + k)));
  return jobs;
};

/** Through the SQS-shaped in-process queue and the real sendWorker handler (batches of ten). */
const viaQueue = async (stack: LocalStack, deps: DomainContext, provider: { samples: number[] }, channel: Channel, count: number): Promise<WorkerRow> => {
  const jobs = await seedJobs(deps, channel, count);
  provider.samples = [];
  const before = stack.outbox.all().length;
  const deadBefore = stack.queue.deadLetters.length;
  const started = performance.now();
  await stack.queue.enqueue(jobs);
  await stack.settle();
  const seconds = (performance.now() - started) / 1000;
  const sent = stack.outbox.all().length - before;
  if (sent !== count || stack.queue.deadLetters.length !== deadBefore) {
    throw new Error(`worker bench (${channel}, queue): ${sent} of ${count} sent, ${stack.queue.deadLetters.length - deadBefore} dead-lettered`);
  }
  return {
    scenario: 'sendWorker handler, in-process SQS, batches of 10',
    channel,
    messages: count,
    seconds,
    perSecond: count / seconds,
    providerMedianMs: summarize(provider.samples).median,
  };
};

/** processSendJob called directly with `inFlight` jobs at a time; also the latency per message. */
const direct = async (deps: DomainContext, provider: { samples: number[] }, channel: Channel, count: number, inFlight: number): Promise<WorkerRow> => {
  const jobs = await seedJobs(deps, channel, count);
  provider.samples = [];
  const latencies: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++] as SendJob;
      const t = performance.now();
      const outcome = await processSendJob(deps, job);
      latencies.push(performance.now() - t);
      if (outcome !== 'sent') throw new Error(`worker bench (${channel}, direct): outcome ${outcome}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  const s = summarize(latencies);
  return {
    scenario: `processSendJob, ${inFlight} in flight`,
    channel,
    messages: count,
    seconds,
    perSecond: count / seconds,
    medianMs: s.median,
    p95Ms: s.p95,
    providerMedianMs: summarize(provider.samples).median,
  };
};

export const runWorkerBench = async (opts: { messages?: number } = {}): Promise<WorkerRow[]> => {
  const count = opts.messages ?? 300;
  const { startLocalStack } = await import('../local/localStack.js');
  const { domainContext: wiredDeps } = await import('../functions/wiring.js');
  const stack = await startLocalStack({ memory: true, port: 0, env: { CARECAST_LOG_LEVEL: process.env.CARECAST_LOG_LEVEL ?? 'WARN' } });
  try {
    stack.clock.jumpTo(nextTuesdayMorning(stack.clock.now()));
    const deps = await wiredDeps();
    const provider = timeProviderCalls(deps);
    // Warm-up: connections, JIT, the sequence head and the template parse cache.
    await direct(deps, provider, 'email', 20, 4);
    await direct(deps, provider, 'sms', 10, 4);

    const rows = [
      await viaQueue(stack, deps, provider, 'email', count),
      await viaQueue(stack, deps, provider, 'sms', count),
      await direct(deps, provider, 'email', count, 1),
      await direct(deps, provider, 'sms', count, 1),
      await direct(deps, provider, 'email', count, 10),
    ];
    console.log(`\nWorker: claim → render → send (local SES/SMS endpoints, real SDK clients) → record, ${count} messages per row\n`);
    console.log(
      formatTable(
        rows.map((r) => ({
          path: r.scenario,
          channel: r.channel,
          messages: r.messages,
          's total': r.seconds.toFixed(2),
          'msg/s': r.perSecond.toFixed(0),
          'median ms/msg': r.medianMs === undefined ? undefined : ms(r.medianMs),
          'p95 ms/msg': r.p95Ms === undefined ? undefined : ms(r.p95Ms),
          'provider call ms (median)': ms(r.providerMedianMs),
        })),
      ),
    );
    return rows;
  } finally {
    await stack.stop();
  }
};
