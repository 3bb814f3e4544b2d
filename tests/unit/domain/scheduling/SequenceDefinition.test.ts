import { describe, expect, it } from 'vitest';
import { enrollmentSteps, parseSequence } from '../../../../functions/domain/scheduling/SequenceDefinition.js';
import shipped from '../../../../templates/sequences/cervical-dystonia.json' with { type: 'json' };

describe('sequence definitions', () => {
  it('accepts the shipped cervical dystonia series with its seven emails on days 0, 2, 5, 9, 14, 17 and 24', () => {
    const seq = parseSequence(shipped);
    let day = 0;
    const emailDays: number[] = [];
    for (const s of seq.steps) {
      day += Number(/P(\d+)D/.exec(s.after)?.[1] ?? 0);
      if (s.channel === 'email') emailDays.push(day);
    }
    expect(emailDays).toEqual([0, 2, 5, 9, 14, 17, 24]);
  });

  it('narrows every SMS window to the sequence quiet hours', () => {
    for (const s of enrollmentSteps(parseSequence(shipped)).filter((x) => x.channel === 'sms')) {
      expect(s.window.start >= '08:00').toBe(true);
      expect(s.window.end <= '21:00').toBe(true);
    }
  });

  it('marks the invite steps as ended by the booked goal', () => {
    const ended = enrollmentSteps(parseSequence(shipped)).filter((s) => s.goalExit?.includes('booked')).map((s) => s.id);
    expect(ended).toEqual(['consultation-invite', 'consultation-invite-sms', 'last-reminder', 'last-reminder-sms']);
  });

  it.each([
    { case: 'a bad duration', patch: (s: any) => (s.steps[2].after = '2 days'), path: 'steps.2.after' },
    { case: 'an unknown channel', patch: (s: any) => (s.steps[0].channel = 'fax'), path: 'steps.0.channel' },
    { case: 'a duplicate step id', patch: (s: any) => (s.steps[1].id = s.steps[0].id), path: 'steps.1.id' },
    { case: 'SMS hours wider than 08:00–21:00', patch: (s: any) => (s.smsQuietHours.end = '22:00'), path: 'smsQuietHours' },
    { case: 'a window that closes before it opens', patch: (s: any) => (s.defaultWindows.email.end = '08:00'), path: 'defaultWindows.email.end' },
    { case: 'a goal ending an unknown step', patch: (s: any) => (s.exitGoals.booked.endsSteps = ['nope']), path: 'exitGoals.booked.endsSteps.0' },
    { case: 'an unknown property', patch: (s: any) => (s.steps[0].sponsor = 'pharma'), path: 'steps.0' },
  ])('refuses $case with an error naming the field', ({ patch, path }) => {
    const copy = structuredClone(shipped);
    patch(copy);
    expect(() => parseSequence(copy)).toThrow(path);
  });
});
