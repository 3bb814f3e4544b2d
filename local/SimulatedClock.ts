/**
 * Local mode's clock: real time plus an offset (`POST /api/dev/clock`); simulated time never goes backward.
 * The offset persists with the data, so a restart keeps simulated time where it was.
 */
import type { Clock } from '../functions/domain/ports/providers.js';

export class SimulatedClock implements Clock {
  /** Set while time is held (hold/release): the instant now() answers. */
  private heldAtMs: number | undefined;

  constructor(
    private offsetMs = 0,
    private readonly onChange: (offsetMs: number) => void = () => {},
  ) {}

  now(): Date {
    return new Date(this.heldAtMs ?? Date.now() + this.offsetMs);
  }

  /**
   * Stops simulated time at its current instant until release(). Tests use it where a real
   * duration must be zero whatever the CPU load (a form sent back the instant its page opened).
   */
  hold(): void {
    this.heldAtMs = this.now().getTime();
  }

  /** Lets simulated time run on from the held instant (it never goes backward). */
  release(): void {
    if (this.heldAtMs === undefined) return;
    const resumeAt = this.heldAtMs;
    this.heldAtMs = undefined;
    this.offsetMs = resumeAt - Date.now();
    this.onChange(this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Moves simulated time forward to `instant` (never backward). */
  jumpTo(instant: Date): void {
    if (this.heldAtMs !== undefined) {
      this.heldAtMs = Math.max(this.heldAtMs, instant.getTime());
      return;
    }
    const target = instant.getTime() - Date.now();
    if (target > this.offsetMs) {
      this.offsetMs = target;
      this.onChange(this.offsetMs);
    }
  }
}
