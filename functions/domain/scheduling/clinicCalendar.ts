/**
 * The clinic calendar (issue 14): the local dates on which no sequence step or broadcast is sent.
 *
 * Rules, in order: a date in `openDates` is open; a date in `dates`, a yearly `MM-dd`, or a US
 * federal holiday (OPM's list as computed by @18f/us-federal-holidays, both on the holiday's own
 * date and on its observed weekday when it falls on a weekend) is closed; every other date is open.
 * Dates are read in the recipient's zone: "Dec 25" is Dec 25 where the patient lives.
 */
import fedHolidays from '@18f/us-federal-holidays';
import type { ClosedDays } from '../../contract/ClinicProfile.js';

/** Is a local date (yyyy-MM-dd) closed? */
export type IsClosed = (localDate: string) => boolean;

export const openEveryDay: IsClosed = () => false;

const holidayCache = new Map<number, Map<string, string>>();

/** Federal holidays touching `year` (own dates and observed weekdays), date → name. */
export const federalHolidays = (year: number): ReadonlyMap<string, string> => {
  let days = holidayCache.get(year);
  if (!days) {
    days = new Map();
    // New Year's Day of the next year is observed on Dec 31 when it falls on a Saturday.
    for (const y of [year, year + 1]) {
      for (const shift of [false, true]) {
        for (const h of fedHolidays.allForYear(y, { shiftSaturdayHolidays: shift, shiftSundayHolidays: shift })) {
          if (h.dateString.startsWith(`${year}-`) && !days.has(h.dateString)) days.set(h.dateString, shift ? `${h.name} (observed)` : h.name);
        }
      }
    }
    holidayCache.set(year, days);
  }
  return days;
};

/** Why a local date is closed (a holiday's name, "Closed every year", "Closed"), or undefined when open. */
export const closedReason = (closed: ClosedDays | undefined, localDate: string): string | undefined => {
  if (!closed || closed.openDates.includes(localDate)) return undefined;
  if (closed.dates.includes(localDate)) return 'Clinic closed';
  if (closed.yearly.includes(localDate.slice(5))) return 'Clinic closed every year';
  return closed.federalHolidays ? federalHolidays(Number(localDate.slice(0, 4))).get(localDate) : undefined;
};

/** The calendar as a predicate for the send-window functions (sendWindows.ts). */
export const closedDayRule = (closed: ClosedDays | undefined): IsClosed =>
  closed ? (localDate) => closedReason(closed, localDate) !== undefined : openEveryDay;

/** Closed dates from `fromDate` for `days` days (both yyyy-MM-dd), with why: for the console. */
export const closedDatesAhead = (closed: ClosedDays | undefined, fromDate: string, days: number): { date: string; reason: string }[] => {
  const out: { date: string; reason: string }[] = [];
  const start = Date.parse(`${fromDate}T00:00:00Z`);
  for (let k = 0; k < days; k++) {
    const date = new Date(start + k * 86_400_000).toISOString().slice(0, 10);
    const reason = closedReason(closed, date);
    if (reason) out.push({ date, reason });
  }
  return out;
};
