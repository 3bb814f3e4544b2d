/**
 * What the local-only handlers (dev outbox, clock, simulated SMS and SES events, staff login) need
 * from the running local stack. `localStack.ts` satisfies this interface structurally and
 * registers itself at start, so this module imports nothing from it (no import cycle).
 */
import type { LocalStaff } from './localStaffAccounts.js';
import type { Outbox } from './Outbox.js';
import type { SimulatedClock } from './SimulatedClock.js';

export interface LocalRuntime {
  outbox: Outbox;
  clock: SimulatedClock;
  staff: LocalStaff & { issuer: string; audience: string };
  /** Advances simulated time (ISO-8601 duration), running the dispatcher at every due time on the way. */
  advance(isoDuration: string): Promise<void>;
  /** Waits until the send queue is empty. */
  settle(): Promise<void>;
}

let current: LocalRuntime | undefined;

export const setLocalRuntime = (stack: LocalRuntime): void => {
  current = stack;
};

/** @throws Error when no local stack was started in this process. */
export const localRuntime = (): LocalRuntime => {
  if (!current) throw new Error('Local runtime not started');
  return current;
};
