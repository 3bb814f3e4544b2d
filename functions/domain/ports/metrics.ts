/**
 * Operational counters the domain reports (issue 16): what the outbox did with each message, per
 * channel. The adapter (functions/metrics/operationalMetrics.ts) publishes CloudWatch embedded
 * metric format through Powertools Metrics in AWS and keeps them in memory in local mode.
 */
/**
 * `UnknownReconciled`: an UNKNOWN (or SENDING) message settled SENT by its provider event;
 * `UnknownResent`: an UNKNOWN email sent again after the wait with no event (issue 16). The
 * reconciliation backlog is MessagesUnknown less these two.
 */
export type OutboxMetricName = 'MessagesClaimed' | 'MessagesSent' | 'MessagesSkipped' | 'MessagesFailed' | 'MessagesUnknown' | 'UnknownReconciled' | 'UnknownResent';

export interface OperationalMetrics {
  /** Adds one to `name` with the given dimensions (ids and enums only: never an address, P5). */
  count(name: OutboxMetricName, dimensions: { Channel: string }): void;
}
