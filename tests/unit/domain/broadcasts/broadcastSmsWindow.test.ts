/**
 * Broadcast texts keep the same texting hours as drip texts for a number whose zone is not known
 * (issue 11, S8): with candidate zones from a straddling area code, the window must be open in all.
 */
import { describe, expect, it } from 'vitest';
import { smsOpeningFor } from '../../../../functions/domain/broadcasts/dispatchBroadcasts.js';
import type { Subscriber } from '../../../../functions/domain/core/model.js';

const subscriber = (over: Partial<Subscriber>): Subscriber =>
  ({
    subscriberId: 's1',
    language: 'en',
    timezone: 'America/New_York',
    emailStatus: 'none',
    smsStatus: 'confirmed',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  }) as Subscriber;

describe('smsOpeningFor (broadcast texts)', () => {
  it('sends at once inside 08:00–21:00 of the known zone', () => {
    const tenAmNewYork = new Date('2026-12-02T15:00:00Z');
    expect(smsOpeningFor(subscriber({}), tenAmNewYork)).toEqual(tenAmNewYork);
  });

  it('waits until 08:00 in the westernmost candidate zone when the zone is not known', () => {
    // 08:30 in New York is 07:30 in Chicago: too early there, so wait for 08:00 Chicago (14:00 UTC).
    const s = subscriber({ smsZones: ['America/New_York', 'America/Chicago'] });
    expect(smsOpeningFor(s, new Date('2026-12-02T13:30:00Z'))).toEqual(new Date('2026-12-02T14:00:00Z'));
  });

  it('stops at 21:00 in the easternmost candidate zone', () => {
    // 20:30 in Chicago is 21:30 in New York: closed there, so the next opening is 08:00 Chicago tomorrow.
    const s = subscriber({ timezone: 'America/Chicago', smsZones: ['America/Chicago', 'America/New_York'] });
    expect(smsOpeningFor(s, new Date('2026-12-03T02:30:00Z'))).toEqual(new Date('2026-12-03T14:00:00Z'));
  });
});
