/**
 * One load phase, run by autocannon in a child process (scripts/load.ts forks it), so the load
 * generator never shares an event loop with the server it measures. The parent sends a
 * PhaseSpec over IPC and gets a PhaseResult back.
 */
import autocannon from 'autocannon';

export type RouteName = 'signup' | 'confirm' | 'click' | 'unsubscribe' | 'signup (one client)';

export interface PhaseSpec {
  baseUrl: string;
  route: RouteName;
  rate: number;
  seconds: number;
  /** signup: one form token per request (single use); confirm: paths with query; click/unsubscribe: tokens. */
  inputs: string[];
  runTag: string;
}

export interface PhaseResult {
  route: RouteName;
  rate: number;
  achievedRps: number;
  p50: number;
  p99: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** 429 answers without a numeric Retry-After header. */
  tooManyWithoutRetryAfter: number;
  /** Addresses whose signup was accepted (202). */
  accepted: string[];
}

/** Ten addresses many patients "share", posted concurrently: the table must still hold each once. */
const SHARED = 10;

const requestFor = (spec: PhaseSpec, n: number): { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string; email?: string } => {
  // A distinct client address per request (x-carecast-test-ip, trusted in local mode only), except
  // for the one-client phase, which is what the per-IP limiter is for (W1).
  const ip = spec.route === 'signup (one client)' ? '192.0.2.77' : `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const headers: Record<string, string> = { 'x-carecast-test-ip': ip };
  if (spec.route === 'signup' || spec.route === 'signup (one client)') {
    const email = n % 7 === 0 ? `load-${spec.runTag}-shared-${n % SHARED}@example.com` : `load-${spec.runTag}-${spec.rate}-${n}@example.com`;
    return {
      method: 'POST',
      path: '/api/subscribe',
      headers: { ...headers, 'content-type': 'application/json', origin: spec.baseUrl },
      body: JSON.stringify({ email, consentEmail: true, language: n % 2 ? 'es' : 'en', timezone: 'America/Los_Angeles', formToken: spec.inputs[n % spec.inputs.length] }),
      email,
    };
  }
  const input = spec.inputs[n % spec.inputs.length] ?? '';
  // Pressing the confirmation page's button: a POST of the link's token (GET only shows the page).
  if (spec.route === 'confirm') {
    const token = new URL(input.replaceAll('&amp;', '&'), spec.baseUrl).searchParams.get('token') ?? '';
    return { method: 'POST', path: '/api/confirm', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ token }) };
  }
  if (spec.route === 'click') return { method: 'GET', path: `/c/${input}`, headers };
  return {
    method: 'POST',
    path: `/u/${input}`,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  };
};

export const runPhase = async (spec: PhaseSpec): Promise<PhaseResult> => {
  let n = 0;
  let tooManyWithoutRetryAfter = 0;
  const accepted: string[] = [];
  const result = await autocannon({
    url: spec.baseUrl,
    // Enough connections that latency never caps the rate (one per request a second, up to 128).
    connections: Math.max(8, Math.min(128, spec.rate)),
    overallRate: spec.rate,
    duration: spec.seconds,
    timeout: 20,
    requests: [
      {
        setupRequest: (req, context) => {
          const r = requestFor(spec, n++);
          (context as { email?: string }).email = r.email;
          return { ...req, method: r.method, path: r.path, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) };
        },
        onResponse: (status, _body, context, headers) => {
          const h = headers as Record<string, string | string[]> | undefined;
          if (status === 429 && !/^\d+$/.test(String(h?.['retry-after'] ?? h?.['Retry-After'] ?? ''))) tooManyWithoutRetryAfter++;
          const email = (context as { email?: string }).email;
          if (status === 202 && email) accepted.push(email);
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number((v as { count: number | string }).count);
  return {
    route: spec.route,
    rate: spec.rate,
    achievedRps: Math.round(result.requests.total / spec.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    tooManyWithoutRetryAfter,
    accepted,
  };
};

// Forked by scripts/load.ts: one PhaseSpec in, one PhaseResult out.
if (process.send) {
  process.on('message', (spec: PhaseSpec) => {
    runPhase(spec).then(
      (r) => process.send?.(r, () => process.exit(0)),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
