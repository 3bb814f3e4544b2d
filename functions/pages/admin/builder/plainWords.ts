/** Waits and send windows as staff say them: "2 days after the previous step", "Weekdays, 9 am – 5 pm". */
import { Duration } from 'luxon';
import { FROM_START, type SequenceDefinition } from '../../../domain/scheduling/SequenceDefinition.js';

const DAY_NAMES: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const ORDER = Object.keys(DAY_NAMES);

/** "09:00" → "9 am", "17:30" → "5:30 pm", "24:00" → "midnight". */
export const clockInWords = (hhmm: string): string => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  if (h === 24 || (h === 0 && m === 0)) return 'midnight';
  if (h === 12 && m === 0) return 'noon';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m ? `:${String(m).padStart(2, '0')}` : ''} ${h < 12 ? 'am' : 'pm'}`;
};

/** Which days: "Every day", "Weekdays (Mon–Fri)", "Mon–Sat", "Weekends" or a list ("Mon, Wed, Fri"). */
export const daysInWords = (days: readonly string[]): string => {
  const set = ORDER.filter((d) => days.includes(d));
  const key = set.join(',');
  if (key === ORDER.join(',')) return 'Every day';
  if (key === 'mon,tue,wed,thu,fri') return 'Weekdays (Mon–Fri)';
  if (key === 'mon,tue,wed,thu,fri,sat') return 'Mon–Sat';
  if (key === 'sat,sun') return 'Weekends';
  return set.length ? set.map((d) => DAY_NAMES[d]).join(', ') : 'No day';
};

/** A send window: "Weekdays (Mon–Fri), 9 am – 5 pm, recipient's local time". */
export const windowInWords = (w: { days: readonly string[]; start: string; end: string }): string =>
  `${daysInWords(w.days)}, ${clockInWords(w.start)} – ${clockInWords(w.end)}, recipient's local time`;

const durationInWords = (iso: string): string => {
  const d = Duration.fromISO(iso);
  if (!d.isValid) return iso;
  const minutes = d.shiftTo('minutes').minutes;
  const parts = minutes % 1440 === 0 ? { days: minutes / 1440 } : minutes % 60 === 0 ? { hours: minutes / 60 } : { minutes };
  return Duration.fromObject(parts).toHuman({ unitDisplay: 'long' });
};

/**
 * A step's wait in words, with step numbers for waits counted from an earlier step:
 * "right after they join", "2 days after the previous step", "on day 9 (9 days after joining)", "3 days after step 1".
 */
export const waitInWords = (steps: SequenceDefinition['steps'], i: number): string => {
  const s = steps[i];
  if (!s) return '';
  const zero = Duration.fromISO(s.after).as('milliseconds') === 0;
  if (s.from === FROM_START) {
    const days = Duration.fromISO(s.after).as('days');
    return Number.isInteger(days) ? `on day ${days} (${days === 0 ? 'the day they join' : `${durationInWords(s.after)} after joining`})` : `${durationInWords(s.after)} after joining`;
  }
  const anchorIndex = s.from ? steps.findIndex((t) => t.id === s.from) : i - 1;
  const anchor = anchorIndex < 0 ? 'they join' : s.from ? `step ${anchorIndex + 1}` : 'the previous step';
  return zero ? `right after ${anchor}` : `${durationInWords(s.after)} after ${anchor}`;
};
