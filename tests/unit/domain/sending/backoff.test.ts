import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterDelay, retryWithBackoff } from '../../../../functions/domain/sending/backoff.js';
import { ProviderHalted, ProviderRejected, ProviderThrottled } from '../../../../functions/domain/core/errors.js';

describe('backoff with full jitter (R6)', () => {
  it('keeps every delay within [0, min(cap, base·2ⁿ)]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const d = fullJitterDelay(n, 100, 5_000, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(5_000, 100 * 2 ** n));
      }),
    );
  });

  it('retries throttling until it succeeds, sleeping a jittered time between tries', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        if (++calls < 3) throw new ProviderThrottled('SES');
        return 'ok';
      },
      { retries: 5, baseMs: 100, capMs: 1000, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(sleeps).toEqual([50, 100]);
  });

  it.each([
    { case: 'a permanent rejection', err: new ProviderRejected('SES') },
    { case: 'an account-wide pause', err: new ProviderHalted('SES') },
  ])('does not retry $case', async ({ err }) => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw err;
        },
        { retries: 5, baseMs: 1, capMs: 1, sleep: async () => {} },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries and rethrows', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new ProviderThrottled('SNS');
        },
        { retries: 2, baseMs: 1, capMs: 1, sleep: async () => {} },
      ),
    ).rejects.toBeInstanceOf(ProviderThrottled);
    expect(calls).toBe(3);
  });
});
