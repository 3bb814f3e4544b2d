/** Test support for issue 16's fault tests: DynamoDB down past its retry budget, then back. */
import { activeFaultInjector } from '../../local/faults/faultMiddleware.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { startTestStack } from './testStack.js';

/** A test stack whose DynamoDB whileDynamoDown can take down: a fault plan with no faults, two attempts a request. */
export const startFaultableStack = async (): Promise<LocalStack> => {
  const stack = await startTestStack({ CARECAST_DYNAMODB_MAX_ATTEMPTS: '2', CARECAST_FAULTS: JSON.stringify({ seed: 16, dynamodb: {} }) });
  await domainContext(); // builds the clients, which installs the fault plan
  return stack;
};

/** The hidden fields of an HTML page's forms, by name (what a browser posts back unchanged). */
export const hiddenFields = (html: string): Record<string, string> =>
  Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] as string, m[2] as string]));

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
