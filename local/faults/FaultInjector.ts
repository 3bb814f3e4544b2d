/**
 * Decides, call by call, which fault (if any) an SDK call gets, from a FaultPlan, and counts what
 * it injected so a harness can report it (issue 8, local mode only).
 *
 * Each decision is a hash of the plan's seed, the service, the fault kind and a stable key of the
 * request (faultDraw.ts), never the next number of a shared random stream: with a shared stream,
 * which of the concurrent SES, SNS and DynamoDB calls drew which number depended on scheduling,
 * so the faults a run met changed with CPU load (issue 13: the chaos test's sanity counts failed
 * about one run in six). A key seen again (the same message retried, the same item read again)
 * gets a fresh decision per occurrence, so a retried send is not throttled forever.
 *
 * The decisions are made here; local/faults/faultMiddleware.ts turns them into what
 * the SDK would really see (a throttling answer, a 503, a timeout after the request left).
 */
import type { DynamoFaultKind, FaultPlan, ProviderFaultKind } from '../../functions/contract/FaultPlan.js';
import { faultDraw, stringHash } from './faultDraw.js';

const PROVIDER_KINDS: ProviderFaultKind[] = ['throttle', 'unavailable', 'timeoutAfterSend', 'crashAfterSend'];
/** Only these calls carry a message: the ones a timeout or a crash after sending applies to. */
const SEND_COMMANDS = new Set(['SendRawEmailCommand', 'SendEmailCommand', 'PublishCommand']);

export interface ProviderCall {
  command: string;
  /** What the call is about, the same in every run that makes it (requestKey.ts): recipient and message, not ids or timestamps. */
  key: string;
  insideWorker: boolean;
}

export interface DynamoCall {
  command: string;
  /** What the call is about (requestKey.ts); attempts of one request share it. */
  key: string;
  /** 1-based attempt and the SDK's maximum, from the `amz-sdk-request` header. */
  attempt: number;
  maxAttempts: number;
  /** Same for every attempt of one request (`amz-sdk-invocation-id`). */
  invocationId: string;
  conditionalWrite: boolean;
  insideWorker: boolean;
}

export class FaultInjector {
  /** Turned off by a harness for its final audit; the plan stays. */
  enabled = true;
  private readonly counts = new Map<string, number>();
  private readonly seed: number;
  /** How often each request key was seen (by key hash), so each occurrence draws anew. */
  private readonly occurrences = new Map<number, number>();
  /** Requests whose every attempt is throttled (throttleExhaust). */
  private readonly doomed = new Set<string>();
  /** Provider calls left in a simulated outage (every one answered 503). */
  private readonly outageCalls = { ses: 0, sns: 0 };

  constructor(readonly plan: FaultPlan) {
    this.seed = plan.seed ?? 1;
  }

  /** How many faults of each kind were injected, e.g. `{ "ses.throttle": 12 }`. */
  injected(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Starts a provider outage: the next `calls` calls to it (Infinity: until ended with 0) are answered 503. */
  outage(service: 'ses' | 'sns', calls: number): void {
    this.outageCalls[service] = calls;
  }

  count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** The occurrence-qualified key of a call: `key#n` for its n-th appearance (1-based). */
  private occurrence(key: string): string {
    const h = stringHash(key);
    const n = (this.occurrences.get(h) ?? 0) + 1;
    this.occurrences.set(h, n);
    return `${key}#${n}`;
  }

  /** SES or SNS: one draw per call; timeouts and crashes only for calls that carry a message. */
  providerFault(service: 'ses' | 'sns', call: ProviderCall): ProviderFaultKind | undefined {
    if (!this.enabled) return undefined;
    if (this.outageCalls[service] > 0) {
      this.outageCalls[service]--;
      this.count(`${service}.outage`);
      return 'unavailable';
    }
    const rates = this.plan[service];
    if (!rates) return undefined;
    const isSend = SEND_COMMANDS.has(call.command);
    let r = faultDraw(this.seed, service, call.command, this.occurrence(`${call.command} ${call.key}`));
    for (const kind of PROVIDER_KINDS) {
      const p = rates[kind] ?? 0;
      if (r < p) {
        if (!isSend && (kind === 'timeoutAfterSend' || kind === 'crashAfterSend')) return undefined;
        // A crash needs a worker to kill; elsewhere the same moment is a timeout after sending.
        const chosen = kind === 'crashAfterSend' && !call.insideWorker ? 'timeoutAfterSend' : kind;
        this.count(`${service}.${chosen}`);
        return chosen;
      }
      r -= p;
    }
    return undefined;
  }

  /** DynamoDB: a throttle is per attempt (the SDK retries it); a race only on conditional writes. */
  dynamoFault(call: DynamoCall): DynamoFaultKind | undefined {
    const rates = this.plan.dynamodb;
    if (!rates) return undefined;
    if (this.doomed.has(call.invocationId)) {
      if (call.attempt >= call.maxAttempts) this.doomed.delete(call.invocationId);
      this.count('dynamodb.throttle');
      return 'throttle';
    }
    if (!this.enabled) return undefined;
    const at = this.occurrence(`${call.command} ${call.key} attempt ${call.attempt}`);
    const draw = (kind: DynamoFaultKind) => faultDraw(this.seed, 'dynamodb', kind, at);
    if (call.insideWorker && draw('crash') < (rates.crash ?? 0)) {
      this.count('dynamodb.crash');
      return 'crash';
    }
    if (call.attempt === 1 && call.maxAttempts > 1 && draw('throttleExhaust') < (rates.throttleExhaust ?? 0)) {
      this.doomed.add(call.invocationId);
      this.count('dynamodb.throttleExhaust');
      this.count('dynamodb.throttle');
      return 'throttle';
    }
    if (draw('throttle') < (rates.throttle ?? 0)) {
      this.count('dynamodb.throttle');
      return 'throttle';
    }
    if (call.conditionalWrite && call.attempt === 1 && draw('conditionalRace') < (rates.conditionalRace ?? 0)) {
      this.count('dynamodb.conditionalRace');
      return 'conditionalRace';
    }
    return undefined;
  }
}
