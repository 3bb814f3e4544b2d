/**
 * Results of a sequence (or of the broadcasts), read from the counters kept as events arrive
 * (countStepEvent.ts, recordStepEvent.ts): a page view is two Queries on the sequence's stats
 * partition, whatever the list size. Rates are null where the base is zero.
 */
import { DateTime } from 'luxon';
import type { CountedEvent, StepCounters } from '../ports/sending/results.js';
import { SEQUENCE_TOTAL_STEP } from './countStepEvent.js';
import type { DomainContext } from '../core/domainContext.js';
import { statsDayOf } from './statsDay.js';

/** `clicked` counts people; `machineclicked` the link fetches of mail scanners and bots, apart (docs/click-classification.md). */
export const RESULT_COLUMNS = ['enrolled', 'sent', 'delivered', 'bounced', 'complained', 'clicked', 'machineclicked', 'unsubscribed', 'booked'] as const satisfies readonly CountedEvent[];
export type ResultColumn = (typeof RESULT_COLUMNS)[number];
export type Counts = Record<ResultColumn, number>;

export interface Rates {
  deliveryRate: number | null;
  bounceRate: number | null;
  complaintRate: number | null;
  clickRate: number | null;
  unsubscribeRate: number | null;
  bookingRate: number | null;
}

export interface StepResult {
  stepId: string;
  label: string;
  channel?: string;
  template?: string;
  counters: Counts;
  rates: Rates;
}

export interface SequenceResults {
  sequenceId: string;
  name: string;
  totals: Counts;
  rates: Rates & { enrolledToBooked: number | null };
  steps: StepResult[];
  funnel: { stage: string; count: number }[];
  days: { day: string; counters: Counts }[];
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

const counts = (c: StepCounters = {}): Counts => Object.fromEntries(RESULT_COLUMNS.map((k) => [k, Number(c[k] ?? 0)])) as Counts;

const ratesOf = (c: Counts): Rates => ({
  deliveryRate: rate(c.delivered, c.sent),
  bounceRate: rate(c.bounced, c.sent),
  complaintRate: rate(c.complained, c.delivered),
  clickRate: rate(c.clicked, c.delivered),
  unsubscribeRate: rate(c.unsubscribed, c.delivered),
  bookingRate: rate(c.booked, c.delivered),
});

const add = (a: Counts, b: Counts): Counts => Object.fromEntries(RESULT_COLUMNS.map((k) => [k, a[k] + b[k]])) as Counts;

export interface StepLabel {
  stepId: string;
  label: string;
  channel?: string;
  template?: string;
}

/**
 * @param labels the steps to list first, in order (the current version's steps, or broadcasts);
 *   counters of other steps (older versions) follow under their ids.
 */
export const sequenceResults = async (deps: DomainContext, sequenceId: string, name: string, labels: StepLabel[], days = 30): Promise<SequenceResults> => {
  const zone = deps.settings.clinic.timezone;
  const today = DateTime.fromISO(statsDayOf(deps.clock.now(), zone), { zone });
  const from = today.minus({ days: days - 1 }).toISODate() as string;
  const [byStep, byDay] = await Promise.all([
    deps.store.listStepCounters(sequenceId),
    deps.store.listDayCounters(sequenceId, from, today.toISODate() as string),
  ]);

  const known = new Set(labels.map((l) => l.stepId));
  const ordered: StepLabel[] = [
    ...labels,
    ...Object.keys(byStep)
      .filter((id) => id !== SEQUENCE_TOTAL_STEP && !known.has(id))
      .sort()
      .map((stepId) => ({ stepId, label: `${stepId} (earlier version)` })),
  ];
  const steps: StepResult[] = ordered.map((l) => {
    const c = counts(byStep[l.stepId]);
    return { ...l, counters: c, rates: ratesOf(c) };
  });
  const enrolled = counts(byStep[SEQUENCE_TOTAL_STEP]).enrolled;
  const totals = { ...steps.reduce((sum, s) => add(sum, s.counters), counts()), enrolled };

  const perDay = new Map<string, Counts>();
  for (let d = DateTime.fromISO(from, { zone }); d <= today; d = d.plus({ days: 1 })) perDay.set(d.toISODate() as string, counts());
  for (const row of byDay) {
    const day = perDay.get(row.day);
    if (day) perDay.set(row.day, add(day, counts(row.counters)));
  }

  return {
    sequenceId,
    name,
    totals,
    rates: { ...ratesOf(totals), enrolledToBooked: rate(totals.booked, totals.enrolled) },
    steps,
    funnel: [
      { stage: 'Enrolled', count: totals.enrolled },
      { stage: 'Messages sent', count: totals.sent },
      { stage: 'Delivered', count: totals.delivered },
      { stage: 'Clicked', count: totals.clicked },
      { stage: 'Booked', count: totals.booked },
    ],
    days: [...perDay.entries()].map(([day, c]) => ({ day, counters: c })),
  };
};

/** A CSV cell: quoted when needed (RFC 4180), and never read as a formula by a spreadsheet. */
export const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const RATE_COLUMNS: (keyof Rates)[] = ['deliveryRate', 'bounceRate', 'complaintRate', 'clickRate', 'unsubscribeRate', 'bookingRate'];

/** One row per step plus a total row; rates as fractions (0.25 = 25 %). */
export const resultsCsv = (r: SequenceResults): string => {
  const header = ['sequence', 'step', 'channel', 'template', ...RESULT_COLUMNS, ...RATE_COLUMNS];
  const rows = r.steps.map((s) => [r.sequenceId, s.stepId, s.channel ?? '', s.template ?? '', ...RESULT_COLUMNS.map((k) => s.counters[k]), ...RATE_COLUMNS.map((k) => s.rates[k])]);
  rows.push([r.sequenceId, 'TOTAL', '', '', ...RESULT_COLUMNS.map((k) => r.totals[k]), ...RATE_COLUMNS.map((k) => r.rates[k])]);
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
};
