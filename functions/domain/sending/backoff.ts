/**
 * Exponential backoff with full jitter (R6): the n-th retry waits a random time in
 * [0, min(cap, base·2ⁿ)], so many workers throttled together do not retry in lockstep.
 */
import { ProviderHalted, ProviderThrottled, ProviderUnavailable } from '../core/errors.js';

export const fullJitterDelay = (attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));

/** Errors after which nothing was sent and trying again later is safe. */
export const isRetryable = (err: unknown): boolean =>
  err instanceof ProviderThrottled || err instanceof ProviderUnavailable;

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  capMs: number;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
}

export const retryWithBackoff = async <T>(fn: () => Promise<T>, policy: RetryPolicy): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ProviderHalted || !isRetryable(err) || attempt >= policy.retries) throw err;
      await policy.sleep(fullJitterDelay(attempt, policy.baseMs, policy.capMs, policy.random));
    }
  }
};
