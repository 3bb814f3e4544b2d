/**
 * Waits counted from joining ("on day 9") or from an earlier step resolve to "after the previous
 * step" for enrollments; the builder's plain words go to the stored definition and back unchanged.
 */
import { describe, expect, it } from 'vitest';
import { enrollmentSteps, parseSequence } from '../../../../functions/domain/scheduling/SequenceDefinition.js';
import { shippedSequences } from '../../../../functions/sequences.js';
import { definitionOfDraft, draftOf, rearrange } from '../../../../functions/pages/admin/builder/builderDraft.js';
import { waitInWords, windowInWords } from '../../../../functions/pages/admin/builder/plainWords.js';

const shipped = shippedSequences()[0]!;
const withSteps = (steps: unknown[]) => parseSequence({ ...shipped, steps, exitGoals: {} });

describe('waits', () => {
  it('resolves "on day 9" and "3 days after step 1" to waits after the previous step', () => {
    const seq = withSteps([
      { id: 'a', after: 'PT0S', channel: 'email', template: 'welcome' },
      { id: 'b', after: 'P2DT4H', channel: 'email', template: 'symptoms' },
      { id: 'c', from: 'start', after: 'P9D', channel: 'email', template: 'self-care' },
      { id: 'd', from: 'c', after: 'PT0S', channel: 'sms', template: 'self-care' },
      { id: 'e', from: 'a', after: 'P10D', channel: 'email', template: 'treatment' },
    ]);
    expect(enrollmentSteps(seq).map((s) => s.after)).toEqual(['PT0S', 'P2DT4H', 'P6DT20H', 'PT0S', 'P1D']);
    expect(seq.steps.map((_, i) => waitInWords(seq.steps, i))).toEqual([
      'right after they join',
      '52 hours after the previous step',
      'on day 9 (9 days after joining)',
      'right after step 3',
      '10 days after step 1',
    ]);
  });

  it('leaves the shipped sequence exactly as written', () => {
    expect(enrollmentSteps(shipped).map((s) => s.after)).toEqual(shipped.steps.map((s) => s.after));
  });

  it('says windows in words', () => {
    expect(windowInWords({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' })).toBe("Weekdays (Mon–Fri), 9 am – 5:30 pm, recipient's local time");
    expect(windowInWords({ days: ['sat', 'sun'], start: '12:00', end: '21:00' })).toBe("Weekends, noon – 9 pm, recipient's local time");
  });
});

describe('the builder draft', () => {
  it('turns the shipped sequence into plain words and back without a change', () => {
    const draft = draftOf(shipped, 1);
    expect(draft.steps[2]).toMatchObject({ wait: 'after', amount: '2', unit: 'days', from: '' });
    expect(draft.steps[1]).toMatchObject({ wait: 'right-after' });
    const { definition, fields } = definitionOfDraft(shipped, draft);
    expect(fields).toEqual({});
    expect(parseSequence(definition)).toEqual(shipped);
  });

  it('keeps "on day 9" as a day and refuses a wait that is not a whole number', () => {
    const seq = withSteps([
      { id: 'a', after: 'PT0S', channel: 'email', template: 'welcome' },
      { id: 'c', from: 'start', after: 'P9D', channel: 'email', template: 'self-care' },
    ]);
    const draft = draftOf(seq, 1);
    expect(draft.steps[1]).toMatchObject({ wait: 'on-day', day: '9' });
    draft.steps[0] = { ...draft.steps[0]!, wait: 'after', amount: 'two' };
    expect(definitionOfDraft(seq, draft).fields).toEqual({ 'step.0.amount': 'Enter a whole number' });
  });

  it('adds, moves and removes steps, never the last one', () => {
    const draft = draftOf(withSteps([{ id: 'a', after: 'PT0S', channel: 'email', template: 'welcome' }]), 1);
    const added = rearrange(draft, 'add', shipped.defaultWindows)!;
    expect(added.steps.map((s) => s.id)).toEqual(['a', 'step-2']);
    expect(rearrange(added, 'up:1', shipped.defaultWindows)!.steps.map((s) => s.id)).toEqual(['step-2', 'a']);
    expect(rearrange(added, 'remove:0', shipped.defaultWindows)!.steps.map((s) => s.id)).toEqual(['step-2']);
    expect(rearrange(draft, 'remove:0', shipped.defaultWindows)!.steps.map((s) => s.id)).toEqual(['a']);
    expect(rearrange(draft, 'up:0', shipped.defaultWindows)!.steps.map((s) => s.id)).toEqual(['a']);
    expect(rearrange(draft, 'save', shipped.defaultWindows)).toBeUndefined();
  });
});
