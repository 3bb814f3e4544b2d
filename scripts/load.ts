/**
 * `npm run load [-- --rates 25,50,100,200 --seconds 5]`: autocannon against local mode on
 * loopback (issue 8, W1). Signup, confirm, click and one-click unsubscribe at increasing rates,
 * then one client flooding signup; prints throughput, p50/p99 latency and answers per route,
 * checks there was no 5xx, that the limiter answered 429 with Retry-After, and that the table is
 * consistent afterwards. Exits 1 when a check fails. The load comes from a child process, so the
 * generator never shares an event loop with the server.
 */
import { UNLIMITED_CEILINGS } from '../tests/support/unlimitedCeilings.js';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stepRefOf } from '../functions/domain/core/LinkTokens.js';
import { issueFormToken, MIN_FILL_SECONDS } from '../functions/domain/signup/formTimeTrap.js';
import { domainContext } from '../functions/wiring.js';
import { startLocalStack } from '../local/localStack.js';
import { scanTable } from './chaos/tableScan.js';
import { checkConsistency } from './load/consistency.js';
import type { PhaseResult, PhaseSpec, RouteName } from './load/loadPhase.js';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '25,50,100,200' },
    seconds: { type: 'string', default: '5' },
  },
});
const rates = (values.rates ?? '').split(',').map(Number).filter((n) => n > 0);
const seconds = Number(values.seconds);
const started = Date.now();

// Patients are many clients (x-carecast-test-ip); the per-IP limit stays at its default (20/min).
process.env.CARECAST_TRUST_TEST_IP = '1';
const stack = await startLocalStack({ memory: true, port: 0, env: { CARECAST_LOG_LEVEL: 'ERROR', ...UNLIMITED_CEILINGS } });
const runTag = String(Date.now() % 1_000_000);

const phase = (route: RouteName, rate: number, inputs: string[] = [], duration = seconds): Promise<PhaseResult> =>
  new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load/loadPhase.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    child.once('message', (r) => resolve(r as PhaseResult));
    child.once('exit', (code) => code !== 0 && reject(new Error(`load phase ${route} exited with ${code}`)));
    const spec: PhaseSpec = { baseUrl: stack.baseUrl, route, rate, seconds: duration, inputs, runTag };
    child.send(spec);
  });

/**
 * One form token per signup the phase can send (each is single use), as the signup page issues
 * them: minted with the stack's LinkTokens at a simulated time MIN_FILL_SECONDS + 2 s ago.
 */
const signupTokens = async (rate: number, duration: number): Promise<string[]> => {
  const tokens = (await domainContext()).tokens;
  const renderedAt = new Date(stack.clock.now().getTime() - (MIN_FILL_SECONDS + 2) * 1000);
  return Array.from({ length: Math.ceil(rate * duration * 2) + 100 }, () => issueFormToken(tokens, renderedAt));
};

const results: PhaseResult[] = [];
const run = async (route: RouteName, inputs: string[] = []) => {
  for (const rate of rates) {
    const r = await phase(route, rate, route === 'signup' ? await signupTokens(rate, seconds) : inputs);
    results.push(r);
    console.error(`[load] ${route} @ ${rate}/s: ${r.achievedRps}/s, p99 ${r.p99} ms`);
    await stack.settle();
  }
};

let exitCode = 0;
try {
  await run('signup');
  // One client flooding signup: the per-IP limiter (W1). Before the unsubscribe stage, since its
  // re-signups of the shared addresses would rightly re-subscribe them.
  const flood = await phase('signup (one client)', 50, await signupTokens(50, 3), 3);
  results.push(flood);
  await stack.settle();
  // Confirmation links from the mails the worker sent meanwhile (each link used several times).
  const links = stack.outbox
    .all()
    .map((m) => /https?:\/\/[^\s\])>"]+(\/api\/confirm\?[^\s\])>"]+)/.exec(m.text ?? '')?.[1])
    .filter((l): l is string => !!l);
  await run('confirm', links);

  const d = await domainContext();
  const now = stack.clock.now();
  const confirmed = (await scanTable(stack.dynamoEndpoint, stack.tableName))
    .filter((r) => r.type === 'subscriber' && r.emailStatus === 'confirmed')
    .map((r) => r.subscriberId as string)
    .slice(0, 200);
  await run(
    'click',
    confirmed.map((id) => d.tokens.signClick({ subscriberId: id, stepRef: stepRefOf('cervical-dystonia', 'welcome'), channel: 'email', target: 'book' }, now)),
  );
  // A small pool, so each subscriber's one-click arrives many times, often at once (E10 idempotency).
  const unsubscribed = confirmed.slice(0, 100);
  await run(
    'unsubscribe',
    unsubscribed.map((id) => d.tokens.sign({ p: 'unsub', s: id, c: 'email' }, now)),
  );
  const accepted = new Set(results.filter((r) => r.route.startsWith('signup')).flatMap((r) => r.accepted));
  const clickRedirects = results.filter((r) => r.route === 'click').reduce((n, r) => n + (r.statuses['302'] ?? 0), 0);
  const checks = checkConsistency({
    rows: await scanTable(stack.dynamoEndpoint, stack.tableName),
    hasher: d.hasher,
    accepted,
    unsubscribed: new Set(unsubscribed),
    clickRedirects,
  });

  const count = (r: PhaseResult, test: (code: number) => boolean) =>
    Object.entries(r.statuses).reduce((n, [code, c]) => n + (test(Number(code)) ? c : 0), 0);
  const fiveHundreds = results.reduce((n, r) => n + count(r, (c) => c >= 500), 0);
  const spread429 = results.filter((r) => r.route === 'signup').reduce((n, r) => n + count(r, (c) => c === 429), 0);
  const flood429 = count(flood, (c) => c === 429);
  checks.unshift(
    { name: 'no 5xx on any route', ok: fiveHundreds === 0, detail: `${fiveHundreds} answers ≥ 500` },
    { name: 'one client flooding signup gets 429 with Retry-After (W1)', ok: flood429 > 0 && flood.tooManyWithoutRetryAfter === 0, detail: `${flood429} × 429 of ${flood.requests}, ${flood.tooManyWithoutRetryAfter} without Retry-After` },
    { name: 'many clients at the same rates are not limited', ok: spread429 === 0, detail: `${spread429} × 429` },
  );

  const head = ['route', 'target/s', 'achieved/s', 'p50 ms', 'p99 ms', 'requests', '2xx', '3xx', '4xx', '429', '5xx', 'errors'];
  const lines = results.map((r) => [
    r.route,
    String(r.rate),
    String(r.achievedRps),
    String(r.p50),
    String(r.p99),
    String(r.requests),
    String(count(r, (c) => c >= 200 && c < 300)),
    String(count(r, (c) => c >= 300 && c < 400)),
    String(count(r, (c) => c >= 400 && c < 500 && c !== 429)),
    String(count(r, (c) => c === 429)),
    String(count(r, (c) => c >= 500)),
    String(r.errors + r.timeouts),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`Carecast load run (local mode, loopback, ${seconds} s per stage)\n`);
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
  console.log('\nChecks');
  for (const c of checks) console.log(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  console.log(`\nwall clock ${Math.round((Date.now() - started) / 1000)} s`);
  if (checks.some((c) => !c.ok)) exitCode = 1;
} finally {
  await stack.stop().catch(() => undefined);
}
process.exit(exitCode);
