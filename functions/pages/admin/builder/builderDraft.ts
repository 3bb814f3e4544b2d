/**
 * The sequence builder's form in plain words, and back. Staff choose "right after", "2 days after
 * the previous step" or "on day 9"; the stored definition keeps ISO 8601 waits (`after`, `from`,
 * SequenceDefinition.ts), which staff never type. Steps are posted as `step.<i>.<field>`; the
 * builder's buttons (add, remove, move) rearrange the draft on the server, so the page works
 * without JavaScript.
 */
import { Duration } from 'luxon';
import { FROM_START, isDefaultWindow, type SequenceDefinition } from '../../../domain/scheduling/SequenceDefinition.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const WAIT_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type WaitKind = 'right-after' | 'after' | 'on-day';

/** One step as the form holds it: raw strings, so a bad value comes back as typed. */
export interface StepDraft {
  id: string;
  channel: string;
  template: string;
  wait: WaitKind;
  /** Amount and unit of an `after` wait. */
  amount: string;
  unit: string;
  /** Day number of an `on-day` wait (day 0 = the day they join). */
  day: string;
  /** What an `after` or `right-after` wait counts from: '' = the previous step, else an earlier step's id. */
  from: string;
  /** `default`: the sequence's window for its channel; `own`: the window below; '' (a form without the choice): own unless equal to the default. */
  window: 'default' | 'own' | '';
  weekdays: string[];
  start: string;
  end: string;
  exitOnBooking: boolean;
}

/** A send window as the form holds it. */
export interface WindowDraft {
  weekdays: string[];
  start: string;
  end: string;
}

export interface BuilderDraft {
  name: string;
  basedOn: string;
  note: string;
  /** The sequence-wide default window per channel; absent when the form did not carry them (kept as they were). */
  defaults?: Record<'email' | 'sms', WindowDraft>;
  steps: StepDraft[];
}

export const windowDraft = (w: { days: readonly string[]; start: string; end: string }): WindowDraft => ({ weekdays: [...w.days], start: w.start, end: w.end });
const windowOfDraft = (w: WindowDraft) => ({ days: w.weekdays, start: w.start, end: w.end });

type Step = SequenceDefinition['steps'][number];

/** A wait as amount and unit, the largest unit that divides it (P14D → 2 weeks, PT36H → 36 hours). */
const amountOf = (iso: string): { amount: string; unit: string } => {
  const d = Duration.fromISO(iso).shiftTo('minutes').minutes;
  if (d % (7 * 1440) === 0) return { amount: String(d / (7 * 1440)), unit: 'weeks' };
  if (d % 1440 === 0) return { amount: String(d / 1440), unit: 'days' };
  if (d % 60 === 0) return { amount: String(d / 60), unit: 'hours' };
  return { amount: String(d), unit: 'minutes' };
};

const stepDraft = (def: SequenceDefinition, s: Step): StepDraft => {
  const w = s.sendWindow ?? def.defaultWindows[s.channel];
  const zero = Duration.fromISO(s.after).as('milliseconds') === 0;
  const onDay = s.from === FROM_START && Duration.fromISO(s.after).shiftTo('minutes').minutes % 1440 === 0;
  const { amount, unit } = amountOf(s.after);
  return {
    id: s.id,
    channel: s.channel,
    template: s.template,
    wait: onDay ? 'on-day' : zero ? 'right-after' : 'after',
    amount: zero ? '1' : amount,
    unit: zero ? 'days' : unit,
    day: onDay ? String(Duration.fromISO(s.after).as('days')) : '',
    from: s.from && s.from !== FROM_START ? s.from : '',
    window: s.sendWindow ? 'own' : 'default',
    weekdays: [...w.days],
    start: w.start,
    end: w.end,
    exitOnBooking: Object.values(def.exitGoals).some((g) => g.endsSteps.includes(s.id)),
  };
};

/** The draft of a saved version (what the builder shows first). */
export const draftOf = (def: SequenceDefinition, latestVersion: number): BuilderDraft => ({
  name: def.name,
  basedOn: String(latestVersion),
  note: '',
  defaults: { email: windowDraft(def.defaultWindows.email), sms: windowDraft(def.defaultWindows.sms) },
  steps: def.steps.map((s) => stepDraft(def, s)),
});

/** The draft a posted builder form holds (`name`, `step.<i>.*`…), steps in posted order. */
export const draftFromForm = (f: Record<string, string>): BuilderDraft => {
  const count = Object.keys(f).reduce((n, k) => {
    const m = /^step\.(\d+)\./.exec(k);
    return m ? Math.max(n, Number(m[1]) + 1) : n;
  }, 0);
  const steps = Array.from({ length: Math.min(count, 100) }, (_, i): StepDraft => {
    const v = (k: string) => f[`step.${i}.${k}`] ?? '';
    const wait = v('wait');
    const window = v('window');
    return {
      id: v('id'),
      channel: v('channel'),
      template: v('template'),
      wait: wait === 'after' || wait === 'on-day' ? wait : 'right-after',
      amount: v('amount'),
      unit: v('unit'),
      day: v('day'),
      from: v('from'),
      window: window === 'default' || window === 'own' ? window : '',
      weekdays: WEEKDAYS.filter((d) => f[`step.${i}.weekday.${d}`] === 'on'),
      start: v('start'),
      end: v('end'),
      exitOnBooking: v('exit') === 'on',
    };
  });
  const hasDefaults = Object.keys(f).some((k) => k.startsWith('default.'));
  const defaultOf = (c: 'email' | 'sms'): WindowDraft => ({
    weekdays: WEEKDAYS.filter((d) => f[`default.${c}.weekday.${d}`] === 'on'),
    start: f[`default.${c}.start`] ?? '',
    end: f[`default.${c}.end`] ?? '',
  });
  return { name: f.name ?? '', basedOn: f.basedOn ?? '', note: f.note ?? '', ...(hasDefaults ? { defaults: { email: defaultOf('email'), sms: defaultOf('sms') } } : {}), steps };
};

/** A fresh step id not used in the draft: `step-<n>`. */
const freshId = (d: BuilderDraft): string => {
  const used = new Set(d.steps.map((s) => s.id));
  let n = d.steps.length + 1;
  while (used.has(`step-${n}`)) n++;
  return `step-${n}`;
};

/**
 * Applies a builder button (`add`, `remove:<i>`, `up:<i>`, `down:<i>`) to the draft.
 * @returns the rearranged draft (unchanged where the move is impossible), or undefined for `save` (and anything else).
 */
export const rearrange = (d: BuilderDraft, intent: string, defaults: SequenceDefinition['defaultWindows']): BuilderDraft | undefined => {
  const [action, at] = intent.split(':');
  const i = Number(at);
  const steps = [...d.steps];
  if (action === 'add') {
    // A new step follows the sequence's default window until staff give it its own.
    const w = d.defaults?.email ?? windowDraft(defaults.email);
    steps.push({ id: freshId(d), channel: 'email', template: '', wait: 'after', amount: '1', unit: 'days', day: '', from: '', window: 'default', weekdays: [...w.weekdays], start: w.start, end: w.end, exitOnBooking: true });
  } else if (action === 'remove') {
    // The last step stays: a sequence has at least one.
    if (steps[i] && steps.length > 1) steps.splice(i, 1);
  } else if (action === 'up' || action === 'down') {
    const j = action === 'up' ? i - 1 : i + 1;
    if (steps[i] && steps[j]) [steps[i], steps[j]] = [steps[j] as StepDraft, steps[i] as StepDraft];
  } else return undefined;
  return { ...d, steps };
};

const WHOLE = /^-?\d{1,4}$/;

/**
 * The definition a draft describes, on top of the version it started from (windows, SMS hours),
 * plus the problems only the form can see (a wait that is not a whole number), keyed by form field.
 * The definition is then checked by the sequence schema like any other edit.
 */
export const definitionOfDraft = (base: SequenceDefinition, d: BuilderDraft): { definition: unknown; fields: Record<string, string> } => {
  const fields: Record<string, string> = {};
  const defaultWindows = d.defaults ? { email: windowOfDraft(d.defaults.email), sms: windowOfDraft(d.defaults.sms) } : base.defaultWindows;
  const withDefaults = { ...base, defaultWindows } as SequenceDefinition;
  const steps = d.steps.map((s, i) => {
    let after = 'PT0S';
    let from: string | undefined = s.from || undefined;
    if (s.wait === 'after') {
      if (!WHOLE.test(s.amount.trim())) fields[`step.${i}.amount`] = 'Enter a whole number';
      const unit = (WAIT_UNITS as readonly string[]).includes(s.unit) ? s.unit : 'days';
      const n = Number(s.amount.trim());
      after = unit === 'weeks' ? `P${n * 7}D` : unit === 'days' ? `P${n}D` : unit === 'hours' ? `PT${n}H` : `PT${n}M`;
    } else if (s.wait === 'on-day') {
      if (!WHOLE.test(s.day.trim())) fields[`step.${i}.day`] = 'Enter a day number: 0 is the day they join';
      after = `P${Number(s.day.trim())}D`;
      from = FROM_START;
    }
    const channel = s.channel as 'email' | 'sms';
    const window = { days: s.weekdays, start: s.start, end: s.end };
    const inherits = s.window === 'default' || (s.window === '' && isDefaultWindow(withDefaults, channel, window));
    return { id: s.id, after, channel: s.channel, template: s.template, ...(from ? { from } : {}), ...(inherits ? {} : { sendWindow: window }) };
  });
  const exiting = d.steps.filter((s) => s.exitOnBooking).map((s) => s.id);
  const { booked: _booked, ...otherGoals } = base.exitGoals;
  const exitGoals = exiting.length ? { ...otherGoals, booked: { endsSteps: exiting } } : otherGoals;
  return { definition: { ...base, name: d.name, defaultWindows, exitGoals, steps }, fields };
};

/** Domain field paths (`definition.steps.2.after`) as the builder's form fields (`step.2.wait`). */
export const builderFieldsOf = (fields: Record<string, string>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    const key = k
      .replace(/^definition\.name$/, 'name')
      .replace(/^definition\.steps\.(\d+)\.(after)$/, 'step.$1.wait')
      .replace(/^definition\.steps\.(\d+)\.sendWindow\.days(\.\d+)?$/, 'step.$1.weekdays')
      .replace(/^definition\.steps\.(\d+)\.sendWindow\.(start|end)$/, 'step.$1.$2')
      .replace(/^definition\.steps\.(\d+)\.(template|channel|from|id)$/, 'step.$1.$2')
      .replace(/^definition\.steps$/, 'steps')
      .replace(/^definition\.defaultWindows\.(email|sms)\.days(\.\d+)?$/, 'default.$1.weekdays')
      .replace(/^definition\.defaultWindows\.(email|sms)\.(start|end)$/, 'default.$1.$2')
      .replace(/^definition\.defaultWindows\..*$/, 'steps');
    out[key] ??= v;
  }
  return out;
};
