/**
 * Provider refusals made visible (issue 17): every first-deploy mistake (an IAM denial, an
 * unverified sender, a sandbox recipient, an unregistered or opted-out number) used to become a
 * silent FAILED row. Two kinds, two metrics in the `Carecast` namespace:
 *
 * - **account-level** (`AccountDenials`): nothing will go out for anyone until a person fixes
 *   the account (IAM, identity verification). The send path raises ProviderHalted, the message
 *   goes back to the queue, and the alarm on this metric pages the ops topic and disables the
 *   send worker's queue mapping (infra/SendSafety.ts), so the backlog waits instead of failing.
 * - **per-recipient** (`ProviderRefusals`, and `ProviderRefusalsByReason` with a Reason
 *   dimension): this one message is refused for good (FAILED); the alarm watches the total.
 *
 * Metrics are CloudWatch embedded metric format lines (Powertools Metrics); local mode and tests
 * keep them in memory only (no stdout noise), where `refusalsSeen()` reads them.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'Carecast';
export const METRICS_SERVICE = 'carecast';
export const ACCOUNT_DENIALS_METRIC = 'AccountDenials';
export const PROVIDER_REFUSALS_METRIC = 'ProviderRefusals';
export const REFUSALS_BY_REASON_METRIC = 'ProviderRefusalsByReason';

export type RefusalScope = 'account' | 'recipient';

export interface ProviderRefusal {
  scope: RefusalScope;
  provider: 'SES' | 'SNS';
  /** The provider's error name (AccessDenied, MessageRejected, OptedOut, …); never an address. */
  reason: string;
}

/** Error names that mean the account, not the recipient, is refused: nothing can go out. */
const ACCOUNT_LEVEL = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'MailFromDomainNotVerified',
  'MailFromDomainNotVerifiedException',
  'FromEmailAddressNotVerifiedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'KMSAccessDeniedException',
]);

/**
 * Classifies a provider refusal (a 4xx the provider will not change its mind about).
 *
 * SES answers MessageRejected "Email address is not verified ... identities failed the check:
 * <list>" both for an unverified sender (account-level) and, in the sandbox, for an unverified
 * recipient (per-recipient); the sender's domain in the list tells them apart.
 *
 * @param senderDomain the From address's domain, when the caller knows it (SES sends)
 */
export const refusalScope = (name: string, message: string, senderDomain?: string): RefusalScope => {
  if (ACCOUNT_LEVEL.has(name)) return 'account';
  if (name === 'MessageRejected' && /not verified/i.test(message) && senderDomain && message.toLowerCase().includes(senderDomain.toLowerCase())) return 'account';
  return 'recipient';
};

const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
const seen: ProviderRefusal[] = [];

/** Counts one refusal; in AWS it is published at once (the worker may be frozen before a flush). */
export const recordProviderRefusal = (refusal: ProviderRefusal): void => {
  seen.push(refusal);
  if (process.env.CARECAST_MODE !== 'aws') return;
  if (refusal.scope === 'account') {
    metrics.addMetric(ACCOUNT_DENIALS_METRIC, MetricUnit.Count, 1);
  } else {
    metrics.addMetric(PROVIDER_REFUSALS_METRIC, MetricUnit.Count, 1);
    const byReason = metrics.singleMetric();
    byReason.addDimensions({ Provider: refusal.provider, Reason: refusal.reason.slice(0, 64) });
    byReason.addMetric(REFUSALS_BY_REASON_METRIC, MetricUnit.Count, 1);
  }
  metrics.publishStoredMetrics();
};

/** Refusals counted in this process (local mode and tests). */
export const refusalsSeen = (): readonly ProviderRefusal[] => seen;
