/**
 * A sequence is data (templates/sequences/<id>.json), validated by this one zod schema.
 * The same schema will validate staff edits; errors name the field that is wrong.
 */
import { Duration } from 'luxon';
import * as z from 'zod';
import type { EnrollmentStep, SendWindow } from '../core/model.js';

const WEEKDAYS = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use 24-hour HH:mm');

const isoDuration = z.string().refine((s) => {
  const d = Duration.fromISO(s);
  return d.isValid && d.as('milliseconds') >= 0;
}, 'Use an ISO-8601 duration such as P2D or PT4H');

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
    template: z.string().regex(/^[a-z0-9-]+$/),
    sendWindow: WindowSchema.optional(),
  })
  .strict();

export const SequenceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().positive(),
    name: z.string().min(1),
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
      ids.add(s.id);
    });
    for (const [goal, g] of Object.entries(seq.exitGoals)) {
      g.endsSteps.forEach((id, i) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['exitGoals', goal, 'endsSteps', i], message: `Unknown step ${id}` });
      });
    }
  });

export type SequenceDefinition = z.infer<typeof SequenceSchema>;

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
export const enrollmentSteps = (seq: SequenceDefinition): EnrollmentStep[] =>
  seq.steps.map((s) => {
    const base = toWindow(s.sendWindow ?? seq.defaultWindows[s.channel]);
    const goalExit = Object.entries(seq.exitGoals)
      .filter(([, g]) => g.endsSteps.includes(s.id))
      .map(([goal]) => goal);
    return {
      id: s.id,
      after: s.after,
      channel: s.channel,
      template: s.template,
      window: s.channel === 'sms' ? clampSms(base, seq.smsQuietHours) : base,
      ...(goalExit.length ? { goalExit } : {}),
    };
  });

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
