/**
 * A sequence is data (templates/sequences/<id>.json, or versions staff save in the console),
 * validated by this one zod schema; errors name the field that is wrong (`steps.2.after`).
 *
 * A step waits `after` (ISO 8601) counted from `from`: the previous step when absent, `"start"`
 * (the moment the person joins: "on day 9" is `from: "start", after: "P9D"`), or the id of an
 * earlier step. `enrollmentSteps` resolves every wait to "after the previous step", which is
 * what enrollments keep and the dispatcher runs.
 */
import { Duration } from 'luxon';
import * as z from 'zod';
import type { EnrollmentStep, SendWindow } from '../core/model.js';

const WEEKDAYS = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use 24-hour HH:mm');

const isoDuration = z.string().superRefine((s, ctx) => {
  const d = Duration.fromISO(s);
  if (!d.isValid) ctx.addIssue({ code: 'custom', message: 'Use an ISO-8601 duration such as P2D or PT4H' });
  else if (d.as('milliseconds') < 0) ctx.addIssue({ code: 'custom', message: 'A wait cannot be negative' });
});

/** Where a text may go at all, recipient's local time (TCPA/CTIA, S8): no window may reach outside it. */
export const SMS_HOURS = { start: '08:00', end: '21:00' } as const;
/** The `from` of a step that counts its wait from the moment the person joined. */
export const FROM_START = 'start';

const WindowSchema = z
  .object({
    days: z.array(z.enum(Object.keys(WEEKDAYS) as [keyof typeof WEEKDAYS])).min(1),
    start: hhmm,
    end: hhmm,
  })
  .strict()
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] });

const StepSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'Lowercase letters, digits and hyphens'),
    after: isoDuration,
    channel: z.enum(['email', 'sms']),
    template: z.string().regex(/^[a-z0-9-]+$/, 'Choose a message'),
    sendWindow: WindowSchema.optional(),
    /** What the wait counts from: the previous step when absent, "start" (joining), or an earlier step's id. */
    from: z.string().regex(/^[a-z0-9-]+$/).optional(),
  })
  .strict();

type StepShape = z.infer<typeof StepSchema>;
const ms = (iso: string) => Duration.fromISO(iso).as('milliseconds');

/**
 * A step's offset from the moment the person joins, as a Duration, with its `from` resolved;
 * undefined when a wait is unreadable or `from` names no earlier step.
 */
const offsetsOf = (steps: StepShape[]): (Duration | undefined)[] => {
  const out: (Duration | undefined)[] = [];
  steps.forEach((s, i) => {
    const after = Duration.fromISO(s.after);
    const anchorIndex = s.from === undefined ? i - 1 : s.from === FROM_START ? -1 : steps.findIndex((t) => t.id === s.from);
    const anchor = anchorIndex < 0 ? (s.from === undefined || s.from === FROM_START ? Duration.fromMillis(0) : undefined) : anchorIndex < i ? out[anchorIndex] : undefined;
    out.push(after.isValid && anchor ? anchor.plus(after) : undefined);
  });
  return out;
};

/** Field problems of the waits: a `from` that makes a loop or names no step, and a step timed before the one above it. */
const waitProblems = (steps: StepShape[]): [number, 'from' | 'after', string][] => {
  const problems: [number, 'from' | 'after', string][] = [];
  const offsets = offsetsOf(steps);
  steps.forEach((s, i) => {
    if (s.from !== undefined && s.from !== FROM_START) {
      const j = steps.findIndex((t) => t.id === s.from);
      if (j === i) problems.push([i, 'from', 'A step cannot wait for itself (a loop)']);
      else if (j > i) problems.push([i, 'from', `Step ${j + 1} comes later: waiting for it makes a loop`]);
      else if (j < 0) problems.push([i, 'from', `Unknown step ${s.from}`]);
    }
    const here = offsets[i];
    const before = i > 0 ? offsets[i - 1] : Duration.fromMillis(0);
    if (here && before && here.as('milliseconds') < before.as('milliseconds') && ms(s.after) >= 0) {
      problems.push([i, 'after', i === 0 ? 'The first step cannot go before the person joins' : `This would go before step ${i} (steps go out in order): wait longer or move the step up`]);
    }
  });
  return problems;
};

/** Text windows reaching outside 08:00–21:00 (SMS_HOURS): refused rather than quietly narrowed. */
const smsHourProblems = (seq: { defaultWindows: { sms: { start: string; end: string } }; steps: StepShape[] }): [(string | number)[], string][] => {
  const problems: [(string | number)[], string][] = [];
  const check = (w: { start: string; end: string }, path: (string | number)[]) => {
    if (w.start < SMS_HOURS.start) problems.push([[...path, 'start'], `Texts may not go before ${SMS_HOURS.start} (recipient's time)`]);
    if (w.end > SMS_HOURS.end) problems.push([[...path, 'end'], `Texts may not go after ${SMS_HOURS.end} (recipient's time)`]);
  };
  check(seq.defaultWindows.sms, ['defaultWindows', 'sms']);
  seq.steps.forEach((s, i) => {
    if (s.channel === 'sms' && s.sendWindow) check(s.sendWindow, ['steps', i, 'sendWindow']);
  });
  return problems;
};

export const SequenceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().positive(),
    name: z.string().trim().min(1, 'Give the sequence a name').max(100, 'At most 100 characters'),
    defaultWindows: z.object({ email: WindowSchema, sms: WindowSchema }).strict(),
    /** Allowed SMS hours, local; never wider than 08:00–21:00 (S8). */
    smsQuietHours: z
      .object({ start: hhmm, end: hhmm })
      .strict()
      .refine((q) => q.start >= '08:00' && q.end <= '21:00' && q.start < q.end, 'SMS hours must lie within 08:00–21:00'),
    exitGoals: z.record(z.string(), z.object({ endsSteps: z.array(z.string()).min(1) }).strict()),
    steps: z.array(StepSchema).min(1),
  })
  .strict()
  .superRefine((seq, ctx) => {
    const ids = new Set<string>();
    seq.steps.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: 'Duplicate step id' });
      if (s.id === FROM_START) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `"${FROM_START}" is reserved` });
      ids.add(s.id);
    });
    waitProblems(seq.steps).forEach(([i, field, message]) => ctx.addIssue({ code: 'custom', path: ['steps', i, field], message }));
    smsHourProblems(seq).forEach(([path, message]) => ctx.addIssue({ code: 'custom', path, message }));
    for (const [goal, g] of Object.entries(seq.exitGoals)) {
      g.endsSteps.forEach((id, i) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['exitGoals', goal, 'endsSteps', i], message: `Unknown step ${id}` });
      });
    }
  });

export type SequenceDefinition = z.infer<typeof SequenceSchema>;

/** A message a step may send: its id (the step's `template`) and channel. */
export interface MessageRef {
  id: string;
  channel: 'email' | 'sms';
}

/**
 * The sequence schema plus what only the running system knows: each step's message exists for its
 * channel among `choices` (domain/console/messageChoices.ts). Staff edits are parsed with this.
 */
export const sequenceSchemaFor = (choices: MessageRef[]) => {
  const known = new Set(choices.map((c) => `${c.channel}:${c.id}`));
  return SequenceSchema.superRefine((seq, ctx) => {
    seq.steps.forEach((s, i) => {
      if (!known.has(`${s.channel}:${s.template}`)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'template'], message: `No ${s.channel === 'sms' ? 'text' : 'email'} message "${s.template}" can be used in a sequence` });
      }
    });
  });
};

const toWindow = (w: { days: (keyof typeof WEEKDAYS)[]; start: string; end: string }): SendWindow => ({
  days: w.days.map((d) => WEEKDAYS[d]).sort(),
  start: w.start,
  end: w.end,
});

/** Narrows an SMS window to the sequence's quiet hours. */
const clampSms = (w: SendWindow, q: { start: string; end: string }): SendWindow => ({
  days: w.days,
  start: w.start > q.start ? w.start : q.start,
  end: w.end < q.end ? w.end : q.end,
});

/** The structure an enrollment keeps: steps with resolved windows and goal exits. */
export const enrollmentSteps = (seq: SequenceDefinition): EnrollmentStep[] => {
  const offsets = offsetsOf(seq.steps);
  return seq.steps.map((s, i) => {
    const base = toWindow(s.sendWindow ?? seq.defaultWindows[s.channel]);
    const goalExit = Object.entries(seq.exitGoals)
      .filter(([, g]) => g.endsSteps.includes(s.id))
      .map(([goal]) => goal);
    return {
      id: s.id,
      after: afterPrevious(s, offsets[i], i > 0 ? offsets[i - 1] : Duration.fromMillis(0)),
      channel: s.channel,
      template: s.template,
      window: s.channel === 'sms' ? clampSms(base, seq.smsQuietHours) : base,
      ...(goalExit.length ? { goalExit } : {}),
    };
  });
};

/** A step's wait as "after the previous step" (what enrollments keep): as written when it counts from the previous step. */
const afterPrevious = (s: StepShape, here: Duration | undefined, before: Duration | undefined): string => {
  if (s.from === undefined || !here || !before) return s.after;
  const d = here.minus(before).normalize();
  return d.as('milliseconds') <= 0 ? 'PT0S' : (d.toISO() ?? s.after);
};

/** Parses a sequence file's content; throws an Error listing every field problem. */
export const parseSequence = (raw: unknown, source = 'sequence'): SequenceDefinition => {
  const r = SequenceSchema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`Invalid ${source}:\n${lines.join('\n')}`);
};

/** Whether a step's window is exactly its channel's default, in which case the step keeps no window of its own. */
export const isDefaultWindow = (seq: SequenceDefinition, channel: 'email' | 'sms', window: { days: number[] | string[]; start: string; end: string }): boolean => {
  const fallback = seq.defaultWindows[channel];
  return !!fallback && JSON.stringify(window) === JSON.stringify({ days: fallback.days, start: fallback.start, end: fallback.end });
};
