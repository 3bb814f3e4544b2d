/** The chaos run's options and its record of what happened (read by the audit, the schedule and the report). */
import type { Person } from './population.js';

export interface ChaosOptions {
  subscribers: number;
  seed: number;
  /** Concurrent patients while enrolling. */
  concurrency?: number;
  /** Simulated days after which the run stops even if enrollments are still active. */
  maxDays?: number;
  /** An SES outage from day 2 until the queue has drained (its jobs reach the DLQ, then are redriven); default on. */
  outage?: boolean;
  /** Simulated time between dispatcher ticks (EventBridge runs every minute; longer ticks are a late scheduler). */
  tickMinutes?: number;
  /** Send-worker instances taking batches at once (Lambda scaling out on the queue). */
  workers?: number;
  log?: (line: string) => void;
}

export type StopKind = 'one-click' | 'STOP' | 'bounce';

export interface ChaosRun {
  people: Person[];
  runTag: string;
  /** Simulated start of the series. */
  startedAt: string;
  subscriberIdOf: Map<number, string>;
  /** Channels the harness confirmed (200 on the link, 202 on YES). */
  confirmed: Map<number, Set<'email' | 'sms'>>;
  /** When each channel was confirmed (`<index>:<channel>` → simulated ISO time). */
  confirmedAt: Map<string, string>;
  /** `${index}:${channel}` → when the opt-out started (simulated) and whether a job of theirs was queued. */
  stopped: Map<string, { at: string; how: StopKind; whileQueued: boolean }>;
  booked: Map<number, string>;
  crashes: number;
  /** Jobs the queue delivered twice (SQS at-least-once). */
  duplicateDeliveries: number;
  dispatcherRuns: number;
  dispatcherErrors: number;
  clockJumps: number;
  jumpsWithJobsQueued: number;
  deadLettered: number;
  /** Patients who signed up again because a channel's confirmation never came, per round (nothing arrived: a loss they saw). */
  signedUpAgain: number[];
  redriven: number;
  reconcileEventsSent: number;
  /** Outbox rows left UNKNOWN when the faults stopped, before the SES Send events were replayed. */
  unknownBefore: { sendId: string; channel: string; reason?: string; kind: 'step' | 'system' }[];
  serverErrors: Map<string, number>;
  /** Handler failures SNS delivered again, by handler (not seen by patients). */
  snsRedeliveries: Map<string, number>;
  injected: Record<string, number>;
  simulatedDays: number;
  phases: { name: string; seconds: number }[];
  /** Wall-clock seconds inside the series, by activity. */
  spent: Record<string, number>;
}
