/**
 * An enrollment runs the steps of its sequence version, read from the immutable version once per
 * process (issue 15: the item no longer carries a ~4 KB copy that every lease and advance rewrote);
 * an enrollment stored before that, with its copy, runs on the copy.
 */
import { describe, expect, it } from 'vitest';
import type { Enrollment, EnrollmentStep } from '../../../../functions/domain/core/model.js';
import { enrollSubscriber } from '../../../../functions/domain/scheduling/enrollSubscriber.js';
import { enrollmentSteps } from '../../../../functions/domain/scheduling/SequenceDefinition.js';
import { stepsOf } from '../../../../functions/domain/scheduling/stepsOf.js';
import { shippedSequences } from '../../../../functions/sequences.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const shipped = shippedSequences()[0]!;

/** Counts the store's version reads. */
const countingVersionReads = (d: ReturnType<typeof memoryDomain>) => {
  const reads = { n: 0 };
  const read = d.ctx.store.getSequenceVersion.bind(d.ctx.store);
  d.ctx.store.getSequenceVersion = async (...args) => {
    reads.n++;
    return read(...args);
  };
  return reads;
};

describe('stepsOf', () => {
  it('stores no steps on a new enrollment and resolves them from its version, read once for every enrollment', async () => {
    const d = memoryDomain();
    const a = await d.confirmedSubscriber({}, ['email']);
    const b = await d.confirmedSubscriber({}, ['email']);
    await enrollSubscriber(d.ctx, a.subscriberId, shipped.id);
    await enrollSubscriber(d.ctx, b.subscriberId, shipped.id);
    const ea = (await d.ctx.store.getEnrollment(a.subscriberId, shipped.id)) as Enrollment;
    const eb = (await d.ctx.store.getEnrollment(b.subscriberId, shipped.id)) as Enrollment;
    const reads = countingVersionReads(d);

    expect(ea.steps).toBeUndefined();
    expect(await stepsOf(d.ctx, ea)).toEqual(enrollmentSteps(shipped));
    expect(await stepsOf(d.ctx, eb)).toEqual(enrollmentSteps(shipped));
    expect(reads.n).toBeLessThanOrEqual(1);
  });

  it('runs an enrollment stored in the old shape on its own copy of the steps', async () => {
    const d = memoryDomain();
    const copy: EnrollmentStep[] = [{ id: 'only', after: 'PT0S', channel: 'email', template: 'welcome', window: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } }];
    const reads = countingVersionReads(d);

    const steps = await stepsOf(d.ctx, { sequenceId: shipped.id, sequenceVersion: shipped.version, steps: copy });

    expect(steps).toEqual(copy);
    expect(reads.n).toBe(0);
  });

  it('seeds a shipped sequence that nobody asked for yet instead of failing (a job can reach a fresh worker first)', async () => {
    const d = memoryDomain();

    const steps = await stepsOf(d.ctx, { sequenceId: shipped.id, sequenceVersion: shipped.version });

    expect(steps).toEqual(enrollmentSteps(shipped));
    expect((await d.ctx.store.getSequenceHead(shipped.id))?.currentVersion).toBe(shipped.version);
  });
});
