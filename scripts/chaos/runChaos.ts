/**
 * The chaos run (issue 8): enrolls a population through the public routes of a local stack whose
 * SDK clients inject faults, then plays the whole series in simulated time while two dispatchers
 * race every tick, the clock jumps forward (sometimes while jobs wait in the queue), the send
 * worker is killed mid-batch, SES has an outage (DLQ, then redrive) and patients opt out, bounce
 * or book midway — opt-outs preferably while one of their jobs is already queued (R5).
 *
 * It records only what the harness itself did and when (simulated time); audit.ts judges the
 * outcome from the endpoints' received messages and the table's rows.
 */
import { asHandler } from '../../functions/adapters/aws/sdkCallRecorder.js';
import { tableInspector } from '../../local/tableInspector.js';
import { seededRandom } from '../../functions/contract/FaultPlan.js';
import { activeFaultInjector } from '../../local/faults/faultMiddleware.js';
import type { SendJob } from '../../functions/domain/core/model.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { SEQUENCE } from './audit.js';
import { PatientClient, sesEvent } from './PatientClient.js';
import { PatientSchedule } from './PatientSchedule.js';
import { type Person, population } from './population.js';
import { SendWorkerPool } from './SendWorkerPool.js';
import type { ChaosOptions, ChaosRun } from './chaosRun.js';
import { scanTable } from './tableScan.js';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

export type { ChaosOptions, ChaosRun, StopKind } from './chaosRun.js';

const inParallel = async <T>(items: T[], width: number, fn: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
};

export const runChaos = async (stack: LocalStack, opts: ChaosOptions): Promise<ChaosRun> => {
  const log = opts.log ?? (() => {});
  const d = await domainContext();
  const injector = activeFaultInjector();
  if (!injector) throw new Error('Start the stack with CARECAST_FAULTS set: the chaos run needs the fault injector');
  // From the seed, not the table: the fault injector keys provider faults on recipient and message
  // (local/faults/requestKey.ts), so a seed meets the same faults on the same patients in every run.
  // Every caller starts a stack of its own; two runs against one table need two seeds.
  const runTag = `s${opts.seed}`;
  const people = population(opts.subscribers, opts.seed, runTag);
  const patients = new PatientClient(stack);
  const draw = seededRandom(opts.seed + 1);
  const chance = (p: number) => draw() < p;
  const between = (from: number, to: number) => from + Math.floor(draw() * (to - from + 1));
  const run: ChaosRun = {
    people,
    runTag,
    startedAt: '',
    subscriberIdOf: new Map(),
    confirmed: new Map(),
    confirmedAt: new Map(),
    stopped: new Map(),
    booked: new Map(),
    crashes: 0,
    duplicateDeliveries: 0,
    dispatcherRuns: 0,
    dispatcherErrors: 0,
    clockJumps: 0,
    jumpsWithJobsQueued: 0,
    deadLettered: 0,
    signedUpAgain: [],
    redriven: 0,
    reconcileEventsSent: 0,
    unknownBefore: [],
    serverErrors: patients.serverErrors,
    snsRedeliveries: patients.snsRedeliveries,
    injected: {},
    simulatedDays: 0,
    phases: [],
    spent: {},
  };
  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      run.spent[what] = Math.round(((run.spent[what] ?? 0) + (Date.now() - t) / 1000) * 10) / 10;
    }
  };
  const phase = async (name: string, fn: () => Promise<void>) => {
    const t = Date.now();
    await fn();
    run.phases.push({ name, seconds: Math.round((Date.now() - t) / 100) / 10 });
    log(`${name}: ${run.phases.at(-1)?.seconds}s`);
  };

  // Send workers run as killable invocations on several instances; the queue sees a crash as a failed batch.
  const pool = await SendWorkerPool.start(opts.workers ?? 4);
  stack.queue.worker = pool.invoke;
  stack.queue.concurrency = pool.size;
  // Which subscribers have a step job waiting, so opt-outs can land between enqueue and send (R5).
  // SQS is at-least-once: one job in twenty is delivered twice, mostly in the same batch, so two
  // workers race for its outbox row at the same moment (R3).
  const queuedFor = new Set<string>();
  const enqueue = stack.queue.enqueue.bind(stack.queue);
  stack.queue.enqueue = (jobs: SendJob[]) => {
    for (const j of jobs) if (j.kind === 'step') queuedFor.add(j.subscriberId);
    const twice = jobs.filter(() => chance(0.05));
    run.duplicateDeliveries += twice.length;
    return enqueue([...jobs, ...twice]);
  };
  const { handler: dispatch } = await import('../../functions/handlers/events/dispatch.js');
  const dispatchTwice = async () => {
    // Two dispatchers at once, every tick: each due step must still be queued once.
    const results = await timed('dispatchers', () => Promise.allSettled([asHandler('dispatch', dispatch), asHandler('dispatch', dispatch)]));
    run.dispatcherRuns += 2;
    run.dispatcherErrors += results.filter((r) => r.status === 'rejected').length;
  };
  const redrive = async () => {
    const dead = stack.queue.deadLetters.splice(0);
    if (dead.length === 0) return;
    run.redriven += dead.length;
    await stack.queue.enqueue(dead.map((m) => JSON.parse(m.body) as SendJob));
    await stack.settle();
  };

  // Start on a Monday, 16:00 UTC, so weekday windows fall the same way in every run.
  const now = stack.clock.now();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + ((8 - now.getUTCDay()) % 7 || 7), 16));
  stack.clock.jumpTo(monday);
  run.startedAt = stack.clock.now().toISOString();
  const width = opts.concurrency ?? 16;

  await phase('enroll: sign up', async () => {
    await inParallel(people, width, async (p) => {
      const r = await patients.signUp(p);
      if (r.status !== 202) throw new Error(`signup ${p.index} answered ${r.status}: ${await r.text()}`);
    });
    await stack.settle();
  });

  await phase('enroll: confirm', async () => {
    // A confirmation lost to a fault is asked for again, as a patient would (W3 allows 3 a day).
    let waiting = people;
    for (let round = 0; round < 3 && waiting.length > 0; round++) {
      patients.inbox.refresh();
      const again: Person[] = [];
      await inParallel(waiting, width, async (p) => {
        const channels = run.confirmed.get(p.index) ?? new Set();
        for (const [channel, confirm] of [['email', () => patients.confirmEmail(p)], ['sms', () => patients.replyYes(p)]] as const) {
          if (!(channel === 'email' ? p.email : p.phone) || channels.has(channel) || !(await confirm())) continue;
          channels.add(channel);
          run.confirmedAt.set(`${p.index}:${channel}`, stack.clock.now().toISOString());
        }
        run.confirmed.set(p.index, channels);
        if ((p.email && !channels.has('email')) || (p.phone && !channels.has('sms'))) again.push(p);
      });
      if (again.length) {
        run.signedUpAgain.push(again.length);
        // Before the patient tries again, what time and the operator do in AWS (simulated time
        // stood still here, so nothing could come back): the DLQ alarm's redrive, and 35 minutes
        // with the dispatcher's passes, past the send lease (5 min), the dispatch lease (15), the
        // email resend wait (30) and the confirmation slot (10) that keeps a re-ask from sending.
        run.deadLettered += stack.queue.deadLetters.length;
        await redrive();
        stack.clock.jumpTo(new Date(stack.clock.now().getTime() + 35 * 60_000));
        await dispatchTwice();
        await stack.settle();
        patients.inbox.refresh();
      }
      await inParallel(again, width, async (p) => void (await patients.signUp(p)));
      await stack.settle();
      waiting = again;
    }
    await stack.settle();
    patients.inbox.refresh();
    for (const p of waiting.slice(0, 10)) {
      const channels = run.confirmed.get(p.index) ?? new Set();
      const missing = [p.email && !channels.has('email') ? `email (${patients.inbox.of(p.email).length} received)` : '', p.phone && !channels.has('sms') ? `sms (${patients.inbox.of(p.phone).length} received)` : ''].filter(Boolean);
      log(`never confirmed: #${p.index} ${missing.join(', ')}`);
    }
    const rows = await scanTable(stack.dynamoEndpoint, stack.tableName);
    const byAddress = new Map<string, string>();
    for (const r of rows) if (r.type === 'subscriber') for (const a of [r.email, r.phone]) if (typeof a === 'string') byAddress.set(a, r.subscriberId as string);
    for (const p of people) {
      const id = byAddress.get(p.email ?? '') ?? byAddress.get(p.phone ?? '');
      if (id) run.subscriberIdOf.set(p.index, id);
    }
  });

  const schedule = new PatientSchedule(stack, patients, run);
  const start = new Date(run.startedAt).getTime();
  const maxDays = opts.maxDays ?? 60;
  let outageDone = false;

  await phase('series', async () => {
    let lastDay = -1;
    for (;;) {
      const t = stack.clock.now().getTime();
      const day = Math.floor((t - start) / DAY);
      if (day >= maxDays) break;
      queuedFor.clear();
      patients.inbox.refresh();
      const actionsToday = schedule.anyDueWhileHeld(day);
      // Jobs wait in the queue (worker held) while patients act and the clock may jump.
      const release = stack.queue.worker;
      stack.queue.worker = undefined;
      await dispatchTwice();
      // An SES outage while a few jobs wait: they fail five receives and land in the DLQ; the
      // operator's redrive (below, once a day) and the dispatcher's own re-dispatch must not send twice.
      const outageNow = !outageDone && opts.outage !== false && day >= 2 && stack.queue.depth > 0 && stack.queue.depth <= 40;
      if (outageNow) injector.outage('ses', Number.POSITIVE_INFINITY);
      if (actionsToday) await timed('patient actions', () => schedule.actWhileHeld(day, queuedFor));
      if (stack.queue.depth > 0 && chance(0.1)) {
        // Past the dispatch lease (15 min) and the send lease (5 min) with jobs still waiting:
        // the steps are dispatched again, so the queue holds two jobs for each.
        stack.clock.jumpTo(new Date(stack.clock.now().getTime() + between(20, 40) * 60_000));
        await dispatchTwice();
        run.clockJumps++;
        run.jumpsWithJobsQueued++;
      }
      stack.queue.worker = release;
      await timed('send worker', () => stack.settle());
      if (outageNow) {
        injector.outage('ses', 0);
        outageDone = stack.queue.deadLetters.length > 0;
      }
      patients.inbox.refresh();
      await timed('patient actions', () => schedule.bounce(day, SEQUENCE));
      if (day !== lastDay) {
        // The DLQ alarm pages an operator, who redrives (docs/operations.md): safe, the outbox decides.
        run.deadLettered += stack.queue.deadLetters.length;
        await redrive();
        lastDay = day;
        log(`day ${day}: ${stack.outbox.all().length} messages received, ${pool.crashes} worker crashes, ${run.deadLettered} dead-lettered`);
      }
      // The store's own client injects faults too: a failed look-up just means "tick again".
      const next = await timed('next due', () => tableInspector().earliestDue().catch(() => 'unknown' as const));
      const actionsLeft = schedule.anyLeft();
      if (!next && !actionsLeft && stack.queue.deadLetters.length === 0 && stack.queue.depth === 0) break;
      const now = stack.clock.now().getTime();
      const tick = (opts.tickMinutes ?? 60) * 60_000;
      if (chance(0.03)) {
        // The clock jumps (an outage of the scheduler): six hours to two days at once.
        stack.clock.jumpTo(new Date(now + between(6, 48) * HOUR));
        run.clockJumps++;
      } else {
        // Idle hours are skipped (nothing due, nobody acting); a day at most, so pending actions get their tick.
        const target = next && next !== 'unknown' ? Math.max(now + tick, new Date(next).getTime()) : now + tick;
        stack.clock.jumpTo(new Date(Math.min(target, now + (actionsLeft ? 24 : 48) * HOUR)));
      }
    }
    run.simulatedDays = Math.round(((stack.clock.now().getTime() - start) / DAY) * 10) / 10;
  });

  await phase('reconcile', async () => {
    injector.enabled = false;
    // Faults off: finish what they left (redrive, then tick until nothing is due and the DLQ stays empty).
    for (let i = 0; i < 500; i++) {
      run.deadLettered += stack.queue.deadLetters.length;
      await redrive();
      const next = await tableInspector().earliestDue();
      if (!next && stack.queue.deadLetters.length === 0) break;
      stack.clock.jumpTo(new Date(Math.max(stack.clock.now().getTime() + HOUR, next ? Date.parse(next) : 0)));
      await dispatchTwice();
      await stack.settle();
    }
    // What SES publishes for every accepted message: a Send event carrying our sendId tag. Only
    // rows still UNKNOWN can change, so only theirs are replayed (the rest would be no-ops).
    const rows = await scanTable(stack.dynamoEndpoint, stack.tableName);
    for (const r of rows) {
      if (r.type !== 'send' || r.state !== 'UNKNOWN') continue;
      run.unknownBefore.push({
        sendId: r.sendId as string,
        channel: r.channel as string,
        ...(typeof r.reason === 'string' ? { reason: r.reason } : {}),
        kind: r.sequenceId ? 'step' : 'system',
      });
    }
    const unknown = new Set(run.unknownBefore.filter((u) => u.channel === 'email').map((u) => u.sendId));
    const accepted = stack.outbox.all().filter((m) => m.channel === 'email' && m.tags?.sendId && unknown.has(m.tags.sendId));
    await inParallel(accepted, width, async (m) => {
      if (await patients.sesNotification(sesEvent('Send', { to: m.to, providerMessageId: m.id, sendId: m.tags?.sendId as string, at: m.sentAt }))) run.reconcileEventsSent++;
    });
  });
  run.injected = injector.injected();
  run.crashes = pool.crashes;
  return run;
};
