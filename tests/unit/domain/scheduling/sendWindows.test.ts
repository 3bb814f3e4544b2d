import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dailyWindow, isInsideWindow, nextOpening } from '../../../../functions/domain/scheduling/sendWindows.js';

const LA = 'America/Los_Angeles';
const weekdays = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const everyDaySms = { days: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '22:00' };
const at = (iso: string, zone = LA) => DateTime.fromISO(iso, { zone }).toJSDate();
const local = (d: Date, zone = LA) => DateTime.fromJSDate(d, { zone }).toFormat("ccc yyyy-MM-dd HH:mm");

describe('send windows in the recipient time zone', () => {
  it.each([
    { case: 'inside the window stays put', from: '2026-11-25T10:30', expected: 'Wed 2026-11-25 10:30' },
    { case: 'before opening waits for 09:00', from: '2026-11-25T06:00', expected: 'Wed 2026-11-25 09:00' },
    { case: 'after closing moves to the next morning', from: '2026-11-25T17:00', expected: 'Thu 2026-11-26 09:00' },
    { case: 'Friday evening moves to Monday', from: '2026-11-27T18:00', expected: 'Mon 2026-11-30 09:00' },
    { case: 'Saturday moves to Monday', from: '2026-11-28T11:00', expected: 'Mon 2026-11-30 09:00' },
  ])('$case', ({ from, expected }) => {
    expect(local(nextOpening(at(from), LA, dailyWindow(weekdays, 'email')))).toBe(expected);
  });

  it.each([
    { case: 'spring forward (2026-03-08): 09:00 PDT the next day after a Saturday', from: '2026-03-07T18:00', utc: '2026-03-09T16:00:00.000Z' },
    { case: 'fall back (2026-11-01): 09:00 PST on Monday', from: '2026-10-31T18:00', utc: '2026-11-02T17:00:00.000Z' },
    { case: 'the Friday before spring forward is still PST', from: '2026-03-06T08:00', utc: '2026-03-06T17:00:00.000Z' },
    { case: 'the Friday before fall back is still PDT', from: '2026-10-30T08:00', utc: '2026-10-30T16:00:00.000Z' },
  ])('keeps 09:00 local across DST in Los Angeles: $case', ({ from, utc }) => {
    expect(nextOpening(at(from), LA, dailyWindow(weekdays, 'email')).toISOString()).toBe(utc);
  });

  it('moves a window that opens inside the skipped spring-forward hour to a real instant', () => {
    const w = { days: [7], start: '02:30', end: '05:00' };
    const d = nextOpening(at('2026-03-08T00:00'), LA, dailyWindow(w, 'email'));
    expect(DateTime.fromJSDate(d, { zone: LA }).toFormat('HH:mm')).toBe('03:30');
  });

  it('never texts outside 08:00–21:00 local even when the step window is wider (S8)', () => {
    expect(local(nextOpening(at('2026-11-25T07:15'), LA, dailyWindow(everyDaySms, 'sms')))).toBe('Wed 2026-11-25 08:00');
    expect(local(nextOpening(at('2026-11-25T21:00'), LA, dailyWindow(everyDaySms, 'sms')))).toBe('Thu 2026-11-26 08:00');
  });

  it.each([
    { case: 'Florida ends at 20:00', state: 'FL', from: '2026-11-25T20:30', expected: 'Thu 2026-11-26 08:00' },
    { case: 'Connecticut starts at 09:00', state: 'CT', from: '2026-11-25T08:30', expected: 'Wed 2026-11-25 09:00' },
    { case: 'Texas waits for noon on Sunday', state: 'TX', from: '2026-11-29T09:30', expected: 'Sun 2026-11-29 12:00' },
    { case: 'Rhode Island skips the weekend', state: 'RI', from: '2026-11-28T10:00', expected: 'Mon 2026-11-30 09:00' },
    { case: 'Rhode Island ends at 18:00', state: 'RI', from: '2026-11-25T18:30', expected: 'Thu 2026-11-26 09:00' },
  ])('applies the stricter state window (S8): $case', ({ state, from, expected }) => {
    expect(local(nextOpening(at(from), LA, dailyWindow(everyDaySms, 'sms', state)))).toBe(expected);
  });

  it('never opens earlier than asked and never outside the window, in any zone (property)', () => {
    const zones = ['America/Los_Angeles', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/London', 'Pacific/Honolulu'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.constantFrom('email' as const, 'sms' as const),
        fc.option(fc.constantFrom('FL', 'TX', 'RI', 'CT'), { nil: undefined }),
        (from, zone, channel, state) => {
          const windowFor = dailyWindow(channel === 'email' ? weekdays : everyDaySms, channel, state);
          const d = nextOpening(from, zone, windowFor);
          expect(d.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(isInsideWindow(d, zone, windowFor)).toBe(true);
          const hhmm = DateTime.fromJSDate(d, { zone }).toFormat('HH:mm');
          if (channel === 'sms') expect(hhmm >= '08:00' && hhmm < '21:00').toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
