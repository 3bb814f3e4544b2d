/**
 * Alarm when confirmation texts pause because the hourly ceiling was reached (issue 12): likely
 * SMS pumping through the signup form. The store logs one `confirmation-texts-paused` event per
 * pause (functions/adapters/aws/DynamoStore.ts); a metric filter on the subscribe function's log
 * group counts it, and the alarm goes to the ops topic. How to raise the ceilings:
 * docs/operations.md.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CONFIRMATION_TEXTS_PAUSED_EVENT } from '../functions/domain/signup/confirmationCeilings.js';

export class ConfirmationCeilingAlarm extends Construct {
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: { logGroups: readonly logs.ILogGroup[]; opsTopic: sns.ITopic }) {
    super(scope, id);
    const metric = new cloudwatch.Metric({ namespace: 'Carecast', metricName: 'ConfirmationTextsPaused', period: Duration.minutes(5), statistic: 'Sum' });
    props.logGroups.forEach((logGroup, i) => {
      new logs.MetricFilter(this, `PausedFilter${i}`, {
        logGroup,
        filterPattern: logs.FilterPattern.stringValue('$.event', '=', CONFIRMATION_TEXTS_PAUSED_EVENT),
        metricNamespace: metric.namespace,
        metricName: metric.metricName,
        metricValue: '1',
      });
    });
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription: 'Confirmation texts paused: the hourly ceiling was reached (possible SMS pumping). STOP/HELP replies still go out. See docs/operations.md to raise the ceiling.',
      metric,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new actions.SnsAction(props.opsTopic));
    this.alarm.addOkAction(new actions.SnsAction(props.opsTopic));
  }
}
