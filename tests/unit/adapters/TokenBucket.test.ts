import { describe, expect, it } from 'vitest';
import { perInstanceSendRate, TokenBucket } from '../../../functions/adapters/TokenBucket.js';

describe('send rate token bucket (O8)', () => {
  it('keeps each worker instance at its share of 90 % of the account rate', () => {
    expect(perInstanceSendRate(14, 1)).toBeCloseTo(12.6);
    expect(perInstanceSendRate(50, 5)).toBeCloseTo(9);
  });

  it('never lets more than rate × seconds + burst sends through, on a simulated clock', async () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now, async (ms) => void (now += ms));
    const times: number[] = [];
    for (let i = 0; i < 52; i++) {
      await bucket.take();
      times.push(now);
    }
    // 2 tokens of burst at t=0, then one every 100 ms: the 52nd send waits until t = 5 s.
    expect(times.slice(0, 2)).toEqual([0, 0]);
    expect(times.at(-1)).toBeGreaterThanOrEqual(5_000);
    for (let t = 1_000; t <= 5_000; t += 1_000) {
      expect(times.filter((x) => x <= t).length).toBeLessThanOrEqual((t / 1000) * 10 + 2);
    }
  });
});
