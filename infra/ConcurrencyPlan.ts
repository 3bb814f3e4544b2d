/**
 * Which functions reserve Lambda concurrency, and what the account's quota must be for it.
 *
 * Lambda keeps at least 100 concurrent executions unreserved in every account and Region
 * (docs: "Configuring reserved concurrency for a function"), so a stack reserving R needs a
 * quota of R + 100; new accounts start below that, where any reservation fails the deploy.
 * Reservations therefore go only where they bound something: the send worker (its share of the
 * sending rate, O8) and the dispatcher (one run at a time). HTTP handlers are throttled at the
 * API stage and the edge instead; SNS-fed compliance handlers (inbound STOP, SES complaints)
 * must never be throttled. `reserveConcurrency: false` (the example's default) reserves nothing:
 * the SQS event source's maximum concurrency still caps the worker.
 */
import { workers } from '../functions/contract/routes.js';

/** Lambda's minimum unreserved account concurrency. */
export const LAMBDA_UNRESERVED_MINIMUM = 100;
/** Service Quotas code of "Concurrent executions" (AWS Lambda). */
export const LAMBDA_CONCURRENCY_QUOTA_CODE = 'L-B99A9384';

export interface ConcurrencyPlan {
  /** Reserved concurrency per handler; empty when reservations are off. */
  reservations: Readonly<Record<string, number>>;
  reservedTotal: number;
  /** The account's concurrent-executions quota this stack needs in its Region. */
  requiredAccountConcurrency: number;
}

/**
 * @param reserve the config switch `reserveConcurrency`
 * @param workerConcurrency the send worker's share of the sending rate (Dispatch.sendWorkerConcurrency)
 */
export const concurrencyPlan = (reserve: boolean, workerConcurrency: number): ConcurrencyPlan => {
  const reservations: Record<string, number> = reserve ? { [workers.dispatcher.handler]: 1, [workers.sendWorker.handler]: workerConcurrency } : {};
  const reservedTotal = Object.values(reservations).reduce((a, b) => a + b, 0);
  return { reservations, reservedTotal, requiredAccountConcurrency: reservedTotal + LAMBDA_UNRESERVED_MINIMUM };
};

/** The line `cdk synth` prints (stderr) so the quota is checked before `cdk deploy`. */
export const describeConcurrencyPlan = (plan: ConcurrencyPlan): string => {
  const parts = Object.entries(plan.reservations).map(([h, n]) => `${h} ${n}`);
  const reserved = parts.length > 0 ? `reserves ${plan.reservedTotal} (${parts.join(', ')})` : 'reserves no concurrency (reserveConcurrency: false)';
  return (
    `Carecast ${reserved}; the account needs a Lambda concurrent-executions quota of at least ${plan.requiredAccountConcurrency} in this Region ` +
    `(${plan.reservedTotal} reserved + ${LAMBDA_UNRESERVED_MINIMUM} unreserved). Check: aws service-quotas get-service-quota --service-code lambda --quota-code ${LAMBDA_CONCURRENCY_QUOTA_CODE}`
  );
};
