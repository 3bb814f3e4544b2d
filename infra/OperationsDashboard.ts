/**
 * The operations dashboard (issue 16), beside the alarms (Monitoring.ts): what the outbox did per
 * channel, the ambiguous window and its reconciliation, feedback and keyword traffic, 4xx/5xx per
 * route, the send queue and its DLQs, and every alarm's state. Carecast's own counts come from
 * functions/metrics/operationalMetrics.ts (METRIC_NAMES); docs/operations.md says how to read it.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../functions/adapters/aws/providerRefusals.js';
import { carecastMetric } from './Monitoring.js';

export interface OperationsDashboardProps {
  alarms: readonly cloudwatch.IAlarm[];
  sendQueue: sqs.IQueue;
  deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  workerFunctions: Readonly<Record<string, lambda.IFunction>>;
  httpApi: apigw.IHttpApi;
}

const FIVE_MINUTES = Duration.minutes(5);
const OUTBOX = ['MessagesClaimed', 'MessagesSent', 'MessagesSkipped', 'MessagesFailed', 'MessagesUnknown'] as const;

/** Every series of a metric whatever its dimension values (routes, event types, intents). */
const search = (metricName: string, dimension: string, label: string) =>
  new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},service,${dimension}} service="${METRICS_SERVICE}" MetricName="${metricName}"', 'Sum', 300)`,
    label,
    period: FIVE_MINUTES,
  });

export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(24) });
    const perChannel = (channel: string) =>
      new cloudwatch.GraphWidget({
        title: `Messages (${channel}) per 5 minutes`,
        left: OUTBOX.map((name) => carecastMetric(name, { Channel: channel }, FIVE_MINUTES).with({ label: name.replace('Messages', '') })),
        width: 12,
      });
    const hour = Duration.hours(1);
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 }));
    this.dashboard.addWidgets(perChannel('email'), perChannel('sms'));
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Ambiguous window: UNKNOWN, settled by provider event, resent (per hour)',
        left: [
          ...['email', 'sms'].map((c) => carecastMetric('MessagesUnknown', { Channel: c }, hour).with({ label: `UNKNOWN ${c}` })),
          carecastMetric('UnknownReconciled', { Channel: 'email' }, hour).with({ label: 'settled by SES event' }),
          carecastMetric('UnknownResent', { Channel: 'email' }, hour).with({ label: 'resent after the wait' }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'SES feedback events, SMS delivery records and keyword replies',
        left: [search('FeedbackEvents', 'EventType', 'feedback'), search('TextDeliveryRecords', 'Status', 'smsRecords')],
        right: [search('KeywordReplies', 'Intent', 'keywords')],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'HTTP 4xx and 5xx per route (Carecast)',
        left: [search('HttpClientErrors', 'Route', '4xx')],
        right: [search('HttpServerErrors', 'Route', '5xx'), props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: 'API Gateway 5xx' })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Send queue and dead-letter queues',
        left: [props.sendQueue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum', label: 'oldest send job (s)' })],
        right: Object.entries(props.deadLetterQueues).map(([name, q]) => q.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label: name })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Worker errors and throttles',
        left: Object.entries(props.workerFunctions).map(([name, fn]) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum', label: `${name} errors` })),
        right: Object.entries(props.workerFunctions).map(([name, fn]) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum', label: `${name} throttles` })),
        width: 24,
      }),
    );
  }
}
