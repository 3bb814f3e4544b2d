/**
 * Alarms to an encrypted ops topic: the signals that something needs a person.
 *
 * DLQ depth (R7), worker errors, send backlog, SES bounce rate over 4 % and complaint rate over
 * 0.08 % (O5: below the 5 % / 0.1 % review levels), API 5xx, and SMS spend at 80 % of the
 * account's SNS spend limit, after which SNS silently stops sending texts (S12).
 */
import { Aws, Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../functions/adapters/aws/providerRefusals.js';

/** O5 alarm thresholds (fractions, as SES publishes them). */
export const SES_BOUNCE_RATE_ALARM = 0.04;
export const SES_COMPLAINT_RATE_ALARM = 0.0008;
/** S12: alarm at this share of the SMS monthly spend limit. */
export const SMS_SPEND_ALARM_SHARE = 0.8;
/** Oldest message in the send queue before someone should look (the drip is not real-time). */
export const SEND_BACKLOG_ALARM_SECONDS = 15 * 60;
/** UNKNOWN outcomes (both channels) in an hour before someone should look (issue 16; chaos runs see ~1 in 100). */
export const UNKNOWN_OUTCOMES_ALARM_PER_HOUR = 5;
/** UNKNOWN emails neither settled by their SES event nor resent, over the backlog window (issue 16). */
export const RECONCILIATION_BACKLOG_ALARM = 3;
/** Window of the backlog sum: well past the 30-minute resend wait, so a healthy path nets to zero. */
export const RECONCILIATION_BACKLOG_WINDOW = Duration.hours(3);

/** Texts sent over the records window before a window with no SNS delivery-status record alarms (issue 16). */
export const TEXT_RECORDS_MISSING_AFTER_SENDS = 20;
/** Window of that check: records reach the log group within minutes; hours keep a quiet night from alarming. */
export const TEXT_RECORDS_WINDOW = Duration.hours(6);

/** One of Carecast's own counts (functions/metrics/operationalMetrics.ts): EMF with the service dimension. */
export const carecastMetric = (metricName: string, dimensions: Record<string, string>, period: Duration): cloudwatch.Metric =>
  new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE, ...dimensions }, period, statistic: 'Sum' });

export interface MonitoringProps {
  key: kms.IKey;
  opsEmail?: string;
  deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  sendQueue: sqs.IQueue;
  workerFunctions: Readonly<Record<string, lambda.IFunction>>;
  httpApi: apigw.IHttpApi;
  /** Absent for an email-only launch (no number, no SMS spend alarm). */
  smsMonthlySpendLimitUsd?: number;
}

export class Monitoring extends Construct {
  readonly opsTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.opsTopic = new sns.Topic(this, 'OpsTopic', { displayName: 'Carecast operations alarms', masterKey: props.key, enforceSSL: true });
    // enforceSSL writes a topic policy holding only the TLS deny; without this allow CloudWatch may
    // not publish and no alarm reaches anyone. AWS documents the allow for alarm actions with
    // aws:SourceArn / aws:SourceAccount conditions (confused deputy).
    this.opsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.opsTopic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    if (props.opsEmail) this.opsTopic.addSubscription(new subscriptions.EmailSubscription(props.opsEmail));

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${name}Depth`, {
        alarmDescription: `Messages in the ${name} dead-letter queue: inspect, fix, then redrive (R7; sends are idempotent, R3).`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    this.alarm('SendBacklog', {
      alarmDescription: 'The oldest message in the send queue has waited over 15 minutes: workers are failing or throttled.',
      metric: props.sendQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: SEND_BACKLOG_ALARM_SECONDS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    for (const [name, fn] of Object.entries(props.workerFunctions)) {
      this.alarm(`${name}Errors`, {
        alarmDescription: `The ${name} worker failed invocations in the last 5 minutes.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    this.alarm('SesBounceRate', {
      alarmDescription: 'SES bounce rate above 4 %: AWS reviews at 5 % and may pause sending at 10 % (O5). Check list quality.',
      metric: new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', period: Duration.hours(1), statistic: 'Maximum' }),
      threshold: SES_BOUNCE_RATE_ALARM,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.alarm('SesComplaintRate', {
      alarmDescription: 'SES complaint rate above 0.08 %: AWS reviews at 0.1 % and may pause at 0.5 % (O5).',
      metric: new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', period: Duration.hours(1), statistic: 'Maximum' }),
      threshold: SES_COMPLAINT_RATE_ALARM,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    this.alarm('Api5xx', {
      alarmDescription: 'The HTTP API returned server errors in the last 5 minutes.',
      metric: props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    const hour = Duration.hours(1);
    this.alarm('UnknownOutcomes', {
      alarmDescription: `More than ${UNKNOWN_OUTCOMES_ALARM_PER_HOUR} sends in an hour ended UNKNOWN (provider timeouts after the request left, or workers that died after stamping). See docs/operations.md, "UnknownOutcomes".`,
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(email, 0) + FILL(sms, 0)',
        usingMetrics: { email: carecastMetric('MessagesUnknown', { Channel: 'email' }, hour), sms: carecastMetric('MessagesUnknown', { Channel: 'sms' }, hour) },
        period: hour,
        label: 'UNKNOWN outcomes per hour',
      }),
      threshold: UNKNOWN_OUTCOMES_ALARM_PER_HOUR,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    const w = RECONCILIATION_BACKLOG_WINDOW;
    this.alarm('ReconciliationBacklog', {
      alarmDescription: 'UNKNOWN emails are neither settled by their SES event nor sent again after the wait: the SES event path (configuration set, SNS topic, feedback Lambda) or the dispatcher is broken. See docs/operations.md, "ReconciliationBacklog".',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(unknown, 0) - FILL(reconciled, 0) - FILL(resent, 0)',
        usingMetrics: {
          unknown: carecastMetric('MessagesUnknown', { Channel: 'email' }, w),
          reconciled: carecastMetric('UnknownReconciled', { Channel: 'email' }, w),
          resent: carecastMetric('UnknownResent', { Channel: 'email' }, w),
        },
        period: w,
        label: 'UNKNOWN emails awaiting reconciliation',
      }),
      threshold: RECONCILIATION_BACKLOG_ALARM,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    // Both alarms exist only where texts are sent (an email-only launch has no spend limit).
    const smsSpendLimitUsd = props.smsMonthlySpendLimitUsd;
    if (smsSpendLimitUsd !== undefined) {
      // Texts' ambiguous window is closed by SNS's delivery-status records (docs/sending-state-machine.md).
      // Their path can break without a Lambda error (SetSMSAttributes undone, the log group's
      // subscription removed): UNKNOWN texts would then be sent again after their wait, some twice.
      const r = TEXT_RECORDS_WINDOW;
      this.alarm('TextDeliveryRecordsMissing', {
        alarmDescription: `At least ${TEXT_RECORDS_MISSING_AFTER_SENDS} texts were sent in ${r.toHours()} hours and no SNS delivery-status record arrived: UNKNOWN texts cannot be settled and will be sent again after the wait. See docs/operations.md, "TextDeliveryRecordsMissing".`,
        metric: new cloudwatch.MathExpression({
          expression: `IF(FILL(sent, 0) >= ${TEXT_RECORDS_MISSING_AFTER_SENDS} AND FILL(delivered, 0) + FILL(undelivered, 0) == 0, 1, 0)`,
          usingMetrics: {
            sent: carecastMetric('MessagesSent', { Channel: 'sms' }, r),
            delivered: carecastMetric('TextDeliveryRecords', { Status: 'SUCCESS' }, r),
            undelivered: carecastMetric('TextDeliveryRecords', { Status: 'FAILURE' }, r),
          },
          period: r,
          label: 'texts sent with no delivery-status record',
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      this.alarm('SmsSpend', {
        alarmDescription: `SMS spend reached 80 % of the $${smsSpendLimitUsd} monthly limit; at 100 % SNS stops sending texts (S12). Raise the limit or investigate.`,
        metric: new cloudwatch.Metric({ namespace: 'AWS/SNS', metricName: 'SMSMonthToDateSpentUSD', period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: smsSpendLimitUsd * SMS_SPEND_ALARM_SHARE,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }
  }

  private alarm(id: string, props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'>): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.opsTopic));
    alarm.addOkAction(new actions.SnsAction(this.opsTopic));
    this.alarms.push(alarm);
  }
}
