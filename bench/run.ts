/**
 * `npm run bench`: prints one table per benchmark, then the targets of issue 3 and whether
 * this run met them. Nothing here fails on a timing: a missed target is reported, not thrown.
 *
 *   npm run bench                      every benchmark
 *   npm run bench -- render cost       only some (render, bundle, cost, dispatcher, broadcast, worker)
 *   BENCH_SCALE=10000 npm run bench    a smaller enrolled list for the dispatcher (default 100000)
 *   BENCH_WORKER_MESSAGES=100          messages per worker scenario (default 300)
 *   BENCH_BROADCAST_SCALE=10000        broadcast audience (default 100000)
 *   BENCH_BROADCAST_SEND_RATE=14       SES rate (messages/s) the broadcast passes are paced to (default 14)
 *
 * docs/benchmarks.md has the numbers of a full run and how to read them.
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { formatTable } from './formatTable.js';
import { ms, ratio } from './summarize.js';

// Before local mode loads: its logger reads the level once, and the SDK's Node 20 notice is noise here.
process.env.CARECAST_LOG_LEVEL ??= 'WARN';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ALL = ['render', 'bundle', 'cost', 'dispatcher', 'broadcast', 'worker'] as const;

/** A wrong argument or variable: the message is enough, a stack trace would only hide it. */
class UsageError extends Error {
  override name = 'UsageError';
}
type BenchName = (typeof ALL)[number];

const positiveInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer, got "${raw}"`);
  return n;
};

const chosen = (): BenchName[] => {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = args.filter((a) => !(ALL as readonly string[]).includes(a));
  if (unknown.length) throw new UsageError(`Unknown benchmark ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
  return args.length ? ALL.filter((b) => args.includes(b)) : [...ALL];
};

const machine = () => {
  const cpu = cpus();
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM ` +
    `(${(freemem() / 2 ** 30).toFixed(0)} GB free), Node ${process.version}, ${process.platform}/${process.arch}, load average ${load}`;
};

interface Verdict {
  target: string;
  measured: string;
  verdict: string;
}

const main = async () => {
  const benches = chosen();
  const scale = positiveInt('BENCH_SCALE', 100_000);
  const workerMessages = positiveInt('BENCH_WORKER_MESSAGES', 300);
  const broadcastScale = positiveInt('BENCH_BROADCAST_SCALE', 100_000);
  console.log(`Carecast benchmarks: ${benches.join(', ')}\nMachine: ${machine()}`);
  const verdicts: Verdict[] = [];
  const started = performance.now();

  // CPU-only work first, before any DynamoDB Local JVM is running.
  if (benches.includes('render')) {
    const { runRenderBench, RENDER_TARGET } = await import('./renderBench.js');
    const r = await runRenderBench();
    verdicts.push({
      target: `render: ≥${RENDER_TARGET.speedup}× faster than send-time MJML, < ${RENDER_TARGET.maxMedianMs} ms/email`,
      measured: `${ratio(r.speedup)}, ${ms(r.precompiled.median)} ms median`,
      verdict: r.met ? 'MET' : 'NOT MET',
    });
  }
  if (benches.includes('bundle')) {
    const { runBundleBench, SEND_WORKER_LIMIT_BYTES } = await import('./bundleBench.js');
    const rows = await runBundleBench();
    const worker = rows.find((r) => r.handler === 'sendWorker');
    if (worker) {
      const met = worker.bytes < SEND_WORKER_LIMIT_BYTES && worker.buildTimeLibraries.length === 0;
      verdicts.push({
        target: 'cold start: send worker bundle < 1 MB (as deployed), no mjml/html-to-text',
        measured: `${(worker.bytes / 2 ** 20).toFixed(2)} MB (${(worker.bytesSdkExternal / 2 ** 20).toFixed(2)} MB with @aws-sdk external), ${worker.buildTimeLibraries.length ? worker.buildTimeLibraries.join(', ') : 'neither library'}`,
        verdict: met ? 'met' : 'NOT met',
      });
    }
  }
  if (benches.includes('cost')) {
    const { runCostBench, DRIP_REQUEST_TARGET, INFRA_SHARE_TARGET } = await import('./costBench.js');
    const r = await runCostBench();
    verdicts.push({
      target: `drip step: ≤ ${DRIP_REQUEST_TARGET} DynamoDB requests per message (send worker)`,
      measured: `${r.dripMax} for the median message, email and text (mean with cache refreshes: ${r.dripMean.toFixed(2)})`,
      verdict: r.requestsMet ? 'MET' : 'NOT MET',
    });
    verdicts.push({
      target: `drip email: infrastructure ≤ ${(INFRA_SHARE_TARGET * 100).toFixed(0)} % of SES's price`,
      measured: `${(r.emailInfraShare * 100).toFixed(1)} % (DynamoDB + Lambda + SQS vs $0.10/1,000)`,
      verdict: r.shareMet ? 'MET' : 'NOT MET',
    });
  }
  if (benches.includes('dispatcher')) {
    const { runDispatcherBench, DISPATCH_TARGET_RATIO, DUE } = await import('./dispatcherBench.js');
    const r = await runDispatcherBench({ scale });
    verdicts.push({
      target: `dispatcher: ${DUE.toLocaleString('en-US')} due among ${scale.toLocaleString('en-US')} within ${DISPATCH_TARGET_RATIO}× of among ${DUE.toLocaleString('en-US')}`,
      measured: `${ratio(r.ratio)} (${ms(r.large.median)} vs ${ms(r.small.median)} ms)`,
      verdict: r.met ? 'MET' : 'NOT MET',
    });
    verdicts.push({
      target: 'dispatcher: parallel leases within a shard vs one after another (no target)',
      measured: `${ratio(r.speedup)} on DynamoDB Local (CPU-bound), ${ratio(r.awsSpeedup)} with 5 ms per request (latency-bound)`,
      verdict: 'reported',
    });
  }
  if (benches.includes('broadcast')) {
    const { runBroadcastBench } = await import('./broadcastBench.js');
    const r = await runBroadcastBench({ scale: broadcastScale, sample: Math.min(workerMessages, broadcastScale), sendRate: positiveInt('BENCH_BROADCAST_SEND_RATE', 14) });
    verdicts.push({
      target: `broadcast to ${broadcastScale.toLocaleString('en-US')}: expansion O(recipients), bounded memory, paced to the send rate (no target)`,
      measured: `${r.expandSeconds.toFixed(0)} s of work in ${r.passes} passes of ≤ ${r.perPass} at ${r.sendRate}/s, each recipient queued once, ${r.requestsPerRecipient.toFixed(2)} requests/recipient, peak heap ${r.peakHeapMb.toFixed(0)} MB; worker ${r.broadcastPerSecond.toFixed(0)} msg/s (drip ${r.dripPerSecond.toFixed(0)})`,
      verdict: 'reported',
    });
  }
  if (benches.includes('worker')) {
    const { runWorkerBench } = await import('./workerBench.js');
    const rows = await runWorkerBench({ messages: workerMessages });
    const best = Math.max(...rows.map((r) => r.perSecond));
    verdicts.push({ target: 'worker: messages per second (no target)', measured: `${best.toFixed(0)} msg/s at best`, verdict: 'reported' });
  }

  console.log(`\nTargets (issues 3 and 15), this run\n`);
  console.log(formatTable(verdicts.map((v) => ({ ...v })), ['target', 'measured', 'verdict']));
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s. Load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
};

try {
  await main();
  process.exit(0);
} catch (error) {
  const detail = error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`\nBenchmark failed: ${detail}`);
  process.exit(1);
}
