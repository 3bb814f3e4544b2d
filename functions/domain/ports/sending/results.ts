/**
 * What each step achieved: recipient events (idempotent by eventId) and the per-step and per-day
 * counters the results page reads (staff console, issue 6).
 */
import type { StepEvent, StepEventKind } from '../../core/model.js';

/** What the results count, per step and per day. */
export type CountedEvent = 'enrolled' | 'sent' | StepEventKind;
export type StepCounters = Partial<Record<CountedEvent, number>>;
export interface DayCounters {
  /** Clinic-local yyyy-MM-dd. */
  day: string;
  stepId: string;
  counters: StepCounters;
}

export interface Results {
  /**
   * Records an event once per eventId and, when it belongs to a step, counts it on the step's
   * total and day counters, all in one transaction. False when already recorded.
   */
  recordStepEvent(event: StepEvent, expiresAt: number): Promise<boolean>;
  /** Atomically adds one to a step's total and to its counter for `day` (clinic-local yyyy-MM-dd). */
  countStepEvent(sequenceId: string, stepId: string, event: CountedEvent, day: string): Promise<void>;
  /** Every step's running totals, by step id. */
  listStepCounters(sequenceId: string): Promise<Record<string, StepCounters>>;
  /** Per-day counters between two clinic-local days, inclusive. */
  listDayCounters(sequenceId: string, fromDay: string, toDay: string): Promise<DayCounters[]>;
  /**
   * Remembers `click` as the latest on one message (`messageKey`) until `expiresAt` (epoch s) and
   * answers the one it replaced: how a burst of link fetches is seen (click classification).
   */
  swapLastClick(messageKey: string, click: LastClick, expiresAt: number): Promise<LastClick | undefined>;
  /**
   * Re-counts a recorded `clicked` event as `machineclicked` (its step's total and day counters
   * move by one each way, with the event row, in one transaction). False when it is not a
   * `clicked` event (already moved, or unknown): moving twice counts nothing twice.
   */
  reclassifyClick(event: StepEvent): Promise<boolean>;
}

/** The latest link fetch on one message, for burst detection. */
export interface LastClick {
  eventId: string;
  at: string;
  target: string;
  human: boolean;
}
