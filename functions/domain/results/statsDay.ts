/** The day a result counts on: the clinic's local calendar date (yyyy-MM-dd), so charts read in clinic days. */
import { localDate } from '../scheduling/sendWindows.js';

/** The results day (yyyy-MM-dd) of an instant in the counters' zone. */
export const statsDayOf = (instant: Date, zone: string): string => localDate(instant, zone);
