/**
 * When a message may go out, in the recipient's own time zone.
 *
 * A step that falls outside its window moves to the next opening; it is never skipped. All
 * calendar math happens in the recipient's IANA zone with luxon, so DST transitions keep wall
 * times (a 09:00 window is 09:00 local on both sides of a change).
 */
import { DateTime } from 'luxon';
import type { SendWindow } from '../core/model.js';

export interface DayWindow {
  start: string;
  end: string;
}

/** Federal TCPA calling hours for texts, recipient local time (S8). */
export const FEDERAL_SMS_HOURS: DayWindow = { start: '08:00', end: '21:00' };

/** Stricter state rules from the checklist (S8). Luxon weekday: Monday 1 … Sunday 7. */
export const STATE_SMS_HOURS: Record<string, (weekday: number) => DayWindow | null> = {
  FL: () => ({ start: '08:00', end: '20:00' }),
  OK: () => ({ start: '08:00', end: '20:00' }),
  MD: () => ({ start: '08:00', end: '20:00' }),
  MS: () => ({ start: '08:00', end: '20:00' }),
  NJ: () => ({ start: '08:00', end: '20:00' }),
  CT: () => ({ start: '09:00', end: '20:00' }),
  TX: (weekday) => (weekday === 7 ? { start: '12:00', end: '21:00' } : { start: '09:00', end: '21:00' }),
  RI: (weekday) => (weekday <= 5 ? { start: '09:00', end: '18:00' } : null),
};

const intersect = (a: DayWindow | null, b: DayWindow | null): DayWindow | null => {
  if (!a || !b) return null;
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start < end ? { start, end } : null;
};

/** A day's window by weekday (Monday 1) and local date (yyyy-MM-dd); null when nothing may go that day. */
export type WindowFor = (weekday: number, localDate: string) => DayWindow | null;

/**
 * The window for each day: the step's own, narrowed for texts by federal and state rules, and
 * shut on the clinic's closed days (`isClosed`, clinicCalendar.ts: holidays and dates staff add).
 */
export const dailyWindow =
  (window: SendWindow, channel: 'email' | 'sms', state?: string, isClosed?: (localDate: string) => boolean): WindowFor =>
  (weekday, localDate) => {
    if (isClosed?.(localDate)) return null;
    let w: DayWindow | null = window.days.includes(weekday) ? { start: window.start, end: window.end } : null;
    if (channel === 'sms') {
      w = intersect(w, FEDERAL_SMS_HOURS);
      const stateRule = state ? STATE_SMS_HOURS[state] : undefined;
      if (stateRule) w = intersect(w, stateRule(weekday));
    }
    return w;
  };

const at = (day: DateTime, hhmm: string): DateTime => {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day');
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  // Luxon moves a wall time that does not exist (spring forward) to the next valid instant.
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
};

/**
 * The first instant at or after `from` that lies inside the window, in `zone`.
 * Looks up to 14 days ahead; a window that never opens is a configuration error.
 */
export const nextOpening = (from: Date, zone: string, windowFor: WindowFor): Date => {
  const local = DateTime.fromJSDate(from, { zone });
  for (let k = 0; k <= 14; k++) {
    const day = local.startOf('day').plus({ days: k });
    const w = windowFor(day.weekday, day.toISODate() as string);
    if (!w) continue;
    const open = at(day, w.start);
    const close = at(day, w.end);
    if (local < open) return open.toJSDate();
    if (local < close) return local.toJSDate();
  }
  throw new Error('The send window never opens within 14 days');
};

/**
 * The first instant at or after `from` inside the window in every one of `zones`: for a number
 * whose zone is not known, texting hours must hold wherever it may be (the strictest, S8).
 */
export const nextOpeningInZones = (from: Date, zones: readonly string[], windowFor: WindowFor): Date => {
  let t = from;
  // Each pass can only move later; a window that opens in all zones is reached in a few passes.
  for (let pass = 0; pass < 32; pass++) {
    const next = zones.reduce((at, zone) => nextOpening(at, zone, windowFor), t);
    if (next.getTime() === t.getTime()) return t;
    t = next;
  }
  throw new Error('The send window never opens in all candidate zones');
};

/**
 * The zones a message's window must hold in: the recipient's zone, plus, for a text to a number
 * whose zone is not known (`smsZones`, from a straddling area code), every candidate zone (S8).
 * One rule for drip steps, their send-time check and broadcasts.
 */
export const windowZones = (channel: 'email' | 'sms', zone: string, smsZones?: readonly string[]): readonly string[] =>
  channel === 'sms' && smsZones?.length ? [zone, ...smsZones] : [zone];

/** True when `instant` is inside the window. */
export const isInsideWindow = (instant: Date, zone: string, windowFor: WindowFor): boolean =>
  nextOpening(instant, zone, windowFor).getTime() === instant.getTime();

/** The recipient's local calendar date, yyyy-MM-dd. */
export const localDate = (instant: Date, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).toISODate() as string;

/** Start of the next local day, for "at most one drip text a day" (S9). */
export const startOfNextLocalDay = (instant: Date, zone: string): Date =>
  DateTime.fromJSDate(instant, { zone }).startOf('day').plus({ days: 1 }).toJSDate();
