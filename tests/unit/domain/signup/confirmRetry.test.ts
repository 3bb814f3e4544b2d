/** A confirm press that confirmed the address but failed before enrolling must not lose the series. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { confirmEmailLink } from '../../../../functions/domain/signup/confirmChannel.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQUENCE = 'cervical-dystonia';

describe('confirming an email address again', () => {
  it('enrolls on the second press when the first confirmed the address but failed before enrolling', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({ emailStatus: 'pending', phone: undefined }, ['email']);
    const token = d.ctx.tokens.sign({ p: 'confirm', s: s.subscriberId, c: 'email', h: d.ctx.hasher.hash('email', s.email as string), n: randomUUID() }, d.ctx.clock.now());
    const createEnrollment = d.ctx.store.createEnrollment.bind(d.ctx.store);
    let failures = 1;
    d.ctx.store.createEnrollment = async (e) => {
      if (failures-- > 0) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ThrottlingException' });
      return createEnrollment(e);
    };
    await expect(confirmEmailLink(d.ctx, token)).rejects.toThrow('capacity');
    expect((await d.ctx.store.getSubscriber(s.subscriberId, d.ctx.clock.now()))?.emailStatus).toBe('confirmed');
    expect(await d.ctx.store.getEnrollment(s.subscriberId, SEQUENCE)).toBeUndefined();

    // The patient presses the button again (the page said "please try again").
    expect(await confirmEmailLink(d.ctx, token)).toBe('already');
    expect((await d.ctx.store.getEnrollment(s.subscriberId, SEQUENCE))?.status).toBe('active');
  });

  it('a press after the series moved on changes nothing: no restart, no second enrollment', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({ emailStatus: 'pending', phone: undefined }, ['email']);
    const token = d.ctx.tokens.sign({ p: 'confirm', s: s.subscriberId, c: 'email', h: d.ctx.hasher.hash('email', s.email as string), n: randomUUID() }, d.ctx.clock.now());
    expect(await confirmEmailLink(d.ctx, token)).toBe('enrolled');
    const first = await d.ctx.store.getEnrollment(s.subscriberId, SEQUENCE);
    d.advance(60_000);
    expect(await confirmEmailLink(d.ctx, token)).toBe('already');
    expect(await d.ctx.store.getEnrollment(s.subscriberId, SEQUENCE)).toEqual(first);
  });
});
