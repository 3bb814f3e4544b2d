/**
 * `npm run chaos [-- --subscribers 2000 --seed 7]`: local mode's real handlers with faults
 * injected at the SDK clients, a population enrolled through the public routes, the whole series
 * played in simulated time, and a table of what happened (issue 8). Exits 1 when a promise broke.
 *
 * Options: --subscribers N (default 2000), --seed S, --concurrency C (patients at once),
 * --max-days D, --tick-minutes M (dispatcher period, simulated), --workers W (send-worker instances),
 * --plan '<FaultPlan JSON>' (default: CHAOS_PLAN below), --quiet.
 */
import { UNLIMITED_CEILINGS } from '../tests/support/unlimitedCeilings.js';
import { parseArgs } from 'node:util';
import type { FaultPlan } from '../functions/contract/FaultPlan.js';
import { startLocalStack } from '../local/localStack.js';
import { auditChaos, promisesKept } from './chaos/audit.js';
import { brokenServerErrors, formatChaosReport } from './chaos/report.js';
import { runChaos } from './chaos/runChaos.js';
import { scanTable } from './chaos/tableScan.js';

/** Rates per call (per attempt for DynamoDB throttles); see local/faults/faultPlan.ts. */
export const CHAOS_PLAN: FaultPlan = {
  ses: { throttle: 0.05, unavailable: 0.02, timeoutAfterSend: 0.01, crashAfterSend: 0.003 },
  sns: { throttle: 0.05, unavailable: 0.02, timeoutAfterSend: 0.01, crashAfterSend: 0.003 },
  // The SDK backs off ≥ 500 ms (real time) per DynamoDB throttle: these rates bound the run's length.
  dynamodb: { throttle: 0.001, throttleExhaust: 0.0001, conditionalRace: 0.003, crash: 0.0002 },
};

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '16' },
    'max-days': { type: 'string', default: '60' },
    'tick-minutes': { type: 'string', default: '60' },
    workers: { type: 'string', default: '6' },
    plan: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const plan: FaultPlan = { ...(values.plan ? (JSON.parse(values.plan) as FaultPlan) : CHAOS_PLAN), seed };
const log = values.quiet ? () => {} : (line: string) => console.error(`[chaos] ${line}`);

const started = Date.now();
// Patients come from addresses of their own (x-carecast-test-ip), so the per-IP limit stays on.
process.env.CARECAST_TRUST_TEST_IP = '1';
const stack = await startLocalStack({
  memory: true,
  port: 0,
  env: {
    CARECAST_FAULTS: JSON.stringify(plan),
    CARECAST_LOG_LEVEL: 'CRITICAL',
    // Thousands of patients sign up within one simulated hour; the pumping ceilings (issue 12) are not under test here.
    ...UNLIMITED_CEILINGS,
  },
});
let kept = false;
try {
  log(`local stack up at ${stack.baseUrl}; faults: ${JSON.stringify(plan)}`);
  const run = await runChaos(stack, {
    subscribers: Number(values.subscribers),
    seed,
    concurrency: Number(values.concurrency),
    maxDays: Number(values['max-days']),
    tickMinutes: Number(values['tick-minutes']),
    workers: Number(values.workers),
    log,
  });
  const result = auditChaos(run, stack.outbox.all(), await scanTable(stack.dynamoEndpoint, stack.tableName));
  console.log(formatChaosReport(run, result));
  console.log(`\nwall clock ${Math.round((Date.now() - started) / 1000)} s`);
  kept = promisesKept(result) && brokenServerErrors(run) === 0;
} finally {
  await stack.stop().catch(() => undefined);
}
process.exit(kept ? 0 : 1);
