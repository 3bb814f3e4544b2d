/**
 * Local mode's clock: real time plus an offset that only grows (`POST /api/dev/clock`).
 * The offset persists with the data, so a restart keeps simulated time where it was.
 */
import type { Clock } from '../functions/domain/ports/providers.js';

export class SimulatedClock implements Clock {
  constructor(
    private offsetMs = 0,
    private readonly onChange: (offsetMs: number) => void = () => {},
  ) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Moves simulated time forward to `instant` (never backward). */
  jumpTo(instant: Date): void {
    const target = instant.getTime() - Date.now();
    if (target > this.offsetMs) {
      this.offsetMs = target;
      this.onChange(this.offsetMs);
    }
  }
}
