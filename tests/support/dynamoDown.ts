/** Test support for issue 16's fault tests: DynamoDB down past its retry budget, then back. */
import { activeFaultInjector } from '../../local/faults/faultMiddleware.js';

/**
 * Runs `fn` while every DynamoDB request exhausts its attempts (plain throttles off, so the only
 * fault is the exhausted budget), then puts the stack's DynamoDB fault plan back as it was.
 * @throws when the stack runs without a fault plan (CARECAST_FAULTS with a `dynamodb` entry).
 */
export const whileDynamoDown = async <T>(fn: () => Promise<T>): Promise<T> => {
  const plan = activeFaultInjector()?.plan.dynamodb;
  if (!plan) throw new Error('no fault plan');
  const before = { ...plan };
  plan.throttle = 0;
  plan.throttleExhaust = 1;
  try {
    return await fn();
  } finally {
    Object.assign(plan, before, { throttleExhaust: before.throttleExhaust ?? 0 });
  }
};
