/**
 * Creating, archiving and entry points on the in-memory store (the same port as DynamoDB):
 * a sequence created in the console enrolls and dispatches like the shipped one.
 */
import { describe, expect, it } from 'vitest';
import { archiveSequence, createSequence, sequenceIdFor } from '../../../../functions/domain/console/sequenceLifecycle.js';
import { messageChoices } from '../../../../functions/domain/console/messageChoices.js';
import { InvalidInput } from '../../../../functions/domain/core/errors.js';
import { dispatchDue } from '../../../../functions/domain/scheduling/dispatchDue.js';
import { enrollSubscriber } from '../../../../functions/domain/scheduling/enrollSubscriber.js';
import { entryPointSequence, setEntryPoint } from '../../../../functions/domain/scheduling/entryPoints.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const actor = { sub: 'u1', name: 'Maria', role: 'admin' as const };

describe('sequences created in the console', () => {
  it('makes ids from names, unique', () => {
    expect(sequenceIdFor('  Neck pain: the basics!  ', () => false)).toBe('neck-pain-the-basics');
    expect(sequenceIdFor('Cuello y Distonía', () => false)).toBe('cuello-y-distonia');
    expect(sequenceIdFor('A', (id) => id === 'a' || id === 'a-2')).toBe('a-3');
    expect(sequenceIdFor('***', () => false)).toBe('sequence');
  });

  it('offers the shipped messages of a channel, never a confirmation or keyword reply', async () => {
    const { ctx } = memoryDomain();
    const sms = await messageChoices(ctx, 'sms');
    expect(sms.map((c) => c.id)).toContain('self-care');
    expect(sms.map((c) => c.id)).not.toContain('optin-confirm');
    expect(sms.every((c) => c.channel === 'sms' && c.source === 'shipped')).toBe(true);
    expect(sms.find((c) => c.id === 'welcome')).toMatchObject({ name: 'Welcome', languages: ['en', 'es'] });
  });

  it('enrolls from the entry point staff chose and dispatches the new sequence', async () => {
    const d = memoryDomain();
    expect(await entryPointSequence(d.ctx, 'signup-form')).toBe('cervical-dystonia');
    const created = await createSequence(d.ctx, actor, { name: 'Short course' });
    await setEntryPoint(d.ctx, actor, 'signup-form', created.sequenceId);
    const s = await d.confirmedSubscriber({}, ['email']);

    expect(await enrollSubscriber(d.ctx, s.subscriberId, await entryPointSequence(d.ctx, 'signup-form'))).toBe('enrolled');
    d.advance(7 * 24 * 3600_000);
    await dispatchDue(d.ctx);

    expect(d.queued).toEqual([expect.objectContaining({ kind: 'step', sequenceId: 'short-course', stepId: 'step-1' })]);
  });

  it('refuses to archive what an entry point leads to, and to point an entry point at an archived sequence', async () => {
    const d = memoryDomain();
    const a = await createSequence(d.ctx, actor, { name: 'A' });
    const b = await createSequence(d.ctx, actor, { name: 'B', duplicateOf: 'cervical-dystonia' });
    await setEntryPoint(d.ctx, actor, 'signup-form', a.sequenceId);

    await expect(archiveSequence(d.ctx, actor, a.sequenceId)).rejects.toBeInstanceOf(InvalidInput);
    expect((await archiveSequence(d.ctx, actor, b.sequenceId)).archived).toBe(true);
    await expect(setEntryPoint(d.ctx, actor, 'signup-form', b.sequenceId)).rejects.toMatchObject({ fields: { sequenceId: expect.stringMatching(/archived/) } });
    expect(await entryPointSequence(d.ctx, 'signup-form')).toBe('a');
  });
});
