/**
 * A token bucket: at most `ratePerSecond` takes per second on average, bursts up to `burst`.
 * The send worker takes one token per SES call so each instance stays under its share of 90 %
 * of the account's MaxSendRate (O8). Time comes in through `nowMs`, so tests drive it.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly nowMs: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error('A token bucket needs a positive rate and a burst of at least 1');
    this.tokens = burst;
    this.last = nowMs();
  }

  private refill(): void {
    const now = this.nowMs();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Waits until a token is free, then takes it. */
  async take(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}

/** Each worker instance's share of 90 % of the account's SES sending rate (O8). */
export const perInstanceSendRate = (accountMaxSendRate: number, workerConcurrency: number): number =>
  (accountMaxSendRate * 0.9) / Math.max(1, workerConcurrency);
