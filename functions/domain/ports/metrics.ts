/**
 * Operational counters the domain reports (issue 16): what the outbox did with each message, per
 * channel. The adapter (functions/metrics/operationalMetrics.ts) publishes CloudWatch embedded
 * metric format through Powertools Metrics in AWS and keeps them in memory in local mode.
 */
export type OutboxMetricName = 'MessagesClaimed' | 'MessagesSent' | 'MessagesSkipped' | 'MessagesFailed' | 'MessagesUnknown';

export interface OperationalMetrics {
  /** Adds one to `name` with the given dimensions (ids and enums only: never an address, P5). */
  count(name: OutboxMetricName, dimensions: { Channel: string }): void;
}
