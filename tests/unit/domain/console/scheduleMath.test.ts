/** Where enrollments continue after a version move, when they go after a resume, and opening dates. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Enrollment, EnrollmentStep } from '../../../../functions/domain/core/model.js';
import { continuationIndex, movedEnrollment } from '../../../../functions/domain/console/moveEnrollments.js';
import { resumedSchedule } from '../../../../functions/domain/console/pauseSequence.js';
import { enrollmentStart } from '../../../../functions/domain/console/scheduleSequence.js';
import type { RunningEnrollment } from '../../../../functions/domain/scheduling/stepsOf.js';

const step = (id: string, over: Partial<EnrollmentStep> = {}): EnrollmentStep => ({
  id,
  after: 'P1D',
  channel: 'email',
  template: id,
  window: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  ...over,
});
const enrollment = (steps: EnrollmentStep[], nextStepIndex: number, over: Partial<Enrollment> = {}): RunningEnrollment => ({
  enrollmentId: 's.seq',
  subscriberId: 's',
  sequenceId: 'seq',
  sequenceVersion: 1,
  steps,
  nextStepIndex,
  nominalAt: '2025-03-03T17:00:00.000Z',
  status: 'active',
  createdAt: '2025-03-01T00:00:00.000Z',
  ...over,
});
const ids = (...names: string[]) => names.map((n) => step(n));

describe('continuationIndex', () => {
  it.each([
    { case: 'same steps', old: ['a', 'b', 'c'], at: 1, next: ['a', 'b', 'c'], expected: 1 },
    { case: 'a step inserted after the last one passed is sent', old: ['a', 'b', 'c'], at: 1, next: ['a', 'x', 'b', 'c'], expected: 1 },
    { case: 'a step inserted before the place is not', old: ['a', 'b', 'c'], at: 2, next: ['x', 'a', 'b', 'c'], expected: 3 },
    { case: 'the next step removed: continue after the last passed', old: ['a', 'b', 'c'], at: 1, next: ['a', 'c'], expected: 1 },
    { case: 'everything after removed: finished', old: ['a', 'b', 'c'], at: 2, next: ['a', 'b'], expected: 2 },
    { case: 'nothing passed survives: first surviving upcoming step', old: ['a', 'b', 'c'], at: 1, next: ['x', 'c'], expected: 1 },
    { case: 'no overlap at all: from the start', old: ['a', 'b'], at: 1, next: ['x', 'y'], expected: 0 },
  ])('$case', ({ old, at, next, expected }) => {
    expect(continuationIndex(enrollment(ids(...old), at), ids(...next))).toBe(expected);
  });

  it('passes over steps ended by a goal the enrollment reached', () => {
    const next = [step('a'), step('invite', { goalExit: ['booked'] }), step('last')];
    expect(continuationIndex(enrollment(ids('a', 'invite', 'last'), 1, { goals: ['booked'] }), next)).toBe(2);
  });
});

describe('movedEnrollment', () => {
  it('completes an enrollment with nothing left and takes it out of the due index', () => {
    const m = movedEnrollment(enrollment(ids('a', 'b'), 2), ids('a', 'b'), 2, undefined, new Date('2025-03-04T00:00:00Z'), 'UTC');
    expect(m).toEqual({ next: { sequenceVersion: 2, nextStepIndex: 2, status: 'completed' }, removeDue: true });
  });

  it('moves the due time into the new step\'s window but leaves a parked enrollment without one', () => {
    const now = new Date('2025-03-08T20:00:00Z'); // Saturday
    const moved = movedEnrollment(enrollment(ids('a', 'b'), 1), ids('a', 'b'), 2, undefined, now, 'UTC');
    expect(moved.next.dueAt).toBe('2025-03-10T09:00:00.000Z');
    const parked = movedEnrollment({ ...enrollment(ids('a', 'b'), 1), parkedAt: '2025-03-05T00:00:00Z' }, ids('a', 'b'), 2, undefined, now, 'UTC');
    expect(parked.next.dueAt).toBeUndefined();
  });
});

describe('resumedSchedule (no burst after a pause)', () => {
  const sub = (timezone: string, phoneState?: string) => ({
    subscriberId: 's', language: 'en' as const, timezone, emailStatus: 'confirmed' as const, smsStatus: 'confirmed' as const, createdAt: '', ...(phoneState ? { phoneState } : {}),
  });

  it.each([
    { case: 'email resumed at night waits for the morning window', s: sub('America/New_York'), st: step('e'), now: '2025-03-05T04:00:00Z', due: '2025-03-05T14:00:00.000Z' },
    { case: 'email resumed on Saturday waits for Monday', s: sub('UTC'), st: step('e'), now: '2025-03-08T10:00:00Z', due: '2025-03-10T09:00:00.000Z' },
    { case: 'text resumed at 22:00 waits for 08:00 (S8)', s: sub('America/Los_Angeles'), st: step('t', { channel: 'sms', window: { days: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '23:00' } }), now: '2025-03-05T06:00:00Z', due: '2025-03-05T16:00:00.000Z' },
    { case: 'text to a Texas number on Sunday waits for 12:00 (S8)', s: sub('America/Chicago', 'TX'), st: step('t', { channel: 'sms', window: { days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '21:00' } }), now: '2025-03-09T15:00:00Z', due: '2025-03-09T17:00:00.000Z' },
    { case: 'inside the window it goes now', s: sub('UTC'), st: step('e'), now: '2025-03-05T10:00:00Z', due: '2025-03-05T10:00:00.000Z' },
  ])('$case', ({ s, st, now, due }) => {
    const e = enrollment([st], 0, { nominalAt: '2025-02-01T10:00:00.000Z' });
    const r = resumedSchedule(e, s, new Date(now), 'UTC');
    expect(r.dueAt).toBe(due);
    expect(r.nominalAt).toBe(new Date(now).toISOString());
  });

  it('keeps a nominal time still in the future', () => {
    const e = enrollment([step('e')], 0, { nominalAt: '2025-03-20T10:00:00.000Z' });
    expect(resumedSchedule(e, undefined, new Date('2025-03-05T10:00:00Z'), 'UTC')).toEqual({ nominalAt: '2025-03-20T10:00:00.000Z', dueAt: '2025-03-20T10:00:00.000Z' });
  });
});

describe('enrollmentStart', () => {
  const zone = 'America/Los_Angeles';
  it('starts now when the sequence is open, and at 00:00 clinic time on a later opening date', () => {
    const now = new Date('2025-03-05T20:00:00Z');
    expect(enrollmentStart(now, undefined, zone)).toBe(now);
    expect(enrollmentStart(now, '2025-03-01', zone)).toBe(now);
    expect(enrollmentStart(now, '2025-03-10', zone).toISOString()).toBe(DateTime.fromISO('2025-03-10', { zone }).toJSDate().toISOString());
  });
});
