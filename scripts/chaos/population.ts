/**
 * The simulated patients of a chaos run (issue 8): who signs up on which channels, in which
 * language and time zone, and what each one does midway (one-click unsubscribe, STOP, a permanent
 * bounce, a consultation request). Drawn from a seed, so a run can be replayed.
 */
import { seededRandom } from '../../functions/contract/FaultPlan.js';

export interface Person {
  index: number;
  /** Set when the person asks for email. */
  email?: string;
  /** Set when the person asks for texts (E.164, +1). */
  phone?: string;
  language: 'en' | 'es';
  timezone: string;
  /** Day of the series (from the first signup) on which the person acts; undefined = never. */
  unsubscribeEmailOnDay?: number;
  stopSmsOnDay?: number;
  bounceOnDay?: number;
  bookOnDay?: number;
}

const ZONES = ['America/Los_Angeles', 'America/Denver', 'America/Phoenix', 'America/Chicago', 'America/New_York', 'America/Anchorage', 'Pacific/Honolulu'];
/** Area codes across zones, two of them in stricter-hours states (FL 305, TX 512: S8). */
const AREA_CODES = ['714', '949', '213', '305', '512', '212', '312', '602'];

export interface PopulationMix {
  emailOnly: number;
  smsOnly: number;
  /** The rest ask for both. */
  unsubscribe: number;
  stop: number;
  bounce: number;
  book: number;
}

export const DEFAULT_MIX: PopulationMix = { emailOnly: 0.45, smsOnly: 0.15, unsubscribe: 0.1, stop: 0.1, bounce: 0.04, book: 0.06 };

/** `runTag` keeps addresses of two runs against one table apart. */
export const population = (count: number, seed: number, runTag: string, mix: PopulationMix = DEFAULT_MIX): Person[] => {
  const random = seededRandom(seed ^ 0x5eed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const day = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const people: Person[] = [];
  for (let index = 0; index < count; index++) {
    const r = random();
    const wantsEmail = r >= mix.emailOnly + mix.smsOnly || r < mix.emailOnly;
    const wantsSms = r >= mix.emailOnly;
    // Exchange 2xx–9xx and a four-digit line: valid NANP numbers, distinct per person.
    const exchange = 200 + Math.floor(index / 10_000) + (index % 7) * 100;
    const line = String(index % 10_000).padStart(4, '0');
    const person: Person = {
      index,
      language: random() < 0.5 ? 'en' : 'es',
      timezone: pick(ZONES),
      ...(wantsEmail ? { email: `chaos-${runTag}-${index}@example.com` } : {}),
      ...(wantsSms ? { phone: `+1${AREA_CODES[index % AREA_CODES.length]}${exchange}${line}` } : {}),
    };
    if (wantsEmail && random() < mix.unsubscribe) person.unsubscribeEmailOnDay = day(1, 20);
    else if (wantsEmail && random() < mix.bounce) person.bounceOnDay = day(1, 15);
    if (wantsSms && random() < mix.stop) person.stopSmsOnDay = day(1, 20);
    if (random() < mix.book) person.bookOnDay = day(4, 20);
    people.push(person);
  }
  return people;
};
