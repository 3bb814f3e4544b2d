/**
 * Carecast's operational metrics (issue 16), one count per event, in the `Carecast` namespace:
 *
 * | Metric | Dimensions | Counted where |
 * |---|---|---|
 * | MessagesClaimed, MessagesSent, MessagesSkipped, MessagesFailed, MessagesUnknown | Channel | the outbox (domain/sending/outbox.ts) |
 * | UnknownReconciled, UnknownResent | Channel | the outbox and the SES feedback (issue 16: the reconciliation backlog) |
 * | FeedbackEvents | EventType | handlers/sesFeedback.ts |
 * | KeywordReplies | Intent | handlers/smsInbound.ts |
 * | TextDeliveryRecords | Status | handlers/smsDeliveryStatus.ts (SNS SMS delivery-status logs) |
 * | HttpClientErrors, HttpServerErrors | Route | middleware/errorResponse.ts |
 *
 * In AWS each count is one EMF line through Powertools Metrics (`singleMetric`, flushed at once:
 * a frozen Lambda never loses a buffered count). Local mode and tests keep the counts in memory,
 * where GET /api/dev/metrics and `metricsSeen()` read them.
 */
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { OperationalMetrics, OutboxMetricName } from '../domain/ports/metrics.js';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../adapters/aws/providerRefusals.js';

export type MetricName = OutboxMetricName | 'FeedbackEvents' | 'KeywordReplies' | 'TextDeliveryRecords' | 'HttpClientErrors' | 'HttpServerErrors';

/** Every metric name this module can emit (the dashboard and alarms are built from these). */
export const METRIC_NAMES: readonly MetricName[] = [
  'MessagesClaimed',
  'MessagesSent',
  'MessagesSkipped',
  'MessagesFailed',
  'MessagesUnknown',
  'UnknownReconciled',
  'UnknownResent',
  'FeedbackEvents',
  'KeywordReplies',
  'TextDeliveryRecords',
  'HttpClientErrors',
  'HttpServerErrors',
];

const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
const seen = new Map<string, { name: MetricName; dimensions: Record<string, string>; count: number }>();

/** Adds one to `name` under `dimensions` (enums and route keys only, never personal data: P5). */
export const countMetric = (name: MetricName, dimensions: Record<string, string>): void => {
  const key = `${name}|${Object.entries(dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;
  const entry = seen.get(key) ?? { name, dimensions, count: 0 };
  entry.count++;
  seen.set(key, entry);
  if (process.env.CARECAST_MODE !== 'aws') return;
  const single = metrics.singleMetric();
  single.addDimensions(dimensions);
  single.addMetric(name, MetricUnit.Count, 1);
};

/** The counts of this process, sorted by name (local mode's /api/dev/metrics, tests). */
export const metricsSeen = (): { name: MetricName; dimensions: Record<string, string>; count: number }[] =>
  [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || JSON.stringify(a.dimensions).localeCompare(JSON.stringify(b.dimensions)));

/** The outbox's port on this module. */
export const operationalMetrics: OperationalMetrics = { count: countMetric };
