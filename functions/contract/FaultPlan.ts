/**
 * What the fault injector breaks and how often (issue 8): one rate per fault kind, each the
 * probability that one SDK call (one attempt, for DynamoDB) gets that fault, and a seed so a
 * run can be replayed. Set as JSON in `CARECAST_FAULTS`; config.ts refuses it outside local mode.
 *
 * @example
 * CARECAST_FAULTS='{"seed":7,"ses":{"throttle":0.05,"timeoutAfterSend":0.01},"dynamodb":{"throttle":0.002}}'
 */
import * as z from 'zod';

const rate = z.number().min(0).max(1).optional();

/** SES SendRawEmail and SNS Publish (SNS also CheckIfPhoneNumberIsOptedOut for the refusals). */
const ProviderFaults = z
  .object({
    /** Refused for rate before anything was sent (SES `Throttling`, SNS `Throttling`). */
    throttle: rate,
    /** 503 before anything was sent. */
    unavailable: rate,
    /** The request reaches the provider, then the client times out: the ambiguous case (R4). */
    timeoutAfterSend: rate,
    /** The request reaches the provider, then the send worker dies before it settles anything. */
    crashAfterSend: rate,
  })
  .strict();

const DynamoFaults = z
  .object({
    /** One attempt answered `ProvisionedThroughputExceededException`/`ThrottlingException`; the SDK retries it. */
    throttle: rate,
    /** Every attempt of one request throttled, so the error reaches the caller after the SDK's retries. */
    throttleExhaust: rate,
    /**
     * A conditional write loses a race to a second writer doing the identical write first (the same
     * as an SDK retry after a lost response): the write is applied, the caller sees ConditionalCheckFailed.
     */
    conditionalRace: rate,
    /** The send worker dies just before this call (inside a worker invocation only). */
    crash: rate,
  })
  .strict();

export const FaultPlanSchema = z
  .object({
    seed: z.number().int().optional(),
    ses: ProviderFaults.optional(),
    sns: ProviderFaults.optional(),
    dynamodb: DynamoFaults.optional(),
  })
  .strict();

export type FaultPlan = z.infer<typeof FaultPlanSchema>;
export type ProviderFaultKind = keyof z.infer<typeof ProviderFaults>;
export type DynamoFaultKind = keyof z.infer<typeof DynamoFaults>;

/** Parses `CARECAST_FAULTS`; throws with the problems listed. */
export const parseFaultPlan = (json: string): FaultPlan => {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('CARECAST_FAULTS is not valid JSON');
  }
  const parsed = FaultPlanSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`CARECAST_FAULTS: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
};

/** mulberry32: a small seeded generator, so a plan and a seed give the same sequence of draws. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
