/** The running local stack, for the local-only handlers (outbox, clock, simulated SMS). */
import type { LocalStack } from './localStack.js';

let current: LocalStack | undefined;

export const setLocalRuntime = (stack: LocalStack): void => {
  current = stack;
};

export const localRuntime = (): LocalStack => {
  if (!current) throw new Error('Local runtime not started');
  return current;
};
