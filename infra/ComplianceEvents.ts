/**
 * A dead-letter queue of its own for compliance events (issue 17): a failed inbound STOP or SES
 * complaint/bounce is a legal obligation (S4, O3) that must not drown in routine dispatcher
 * noise, so the SNS-fed handlers dead-letter here and this queue has its own alarm.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class ComplianceEvents extends Construct {
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { key: kms.IKey }) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
  }

  /** Pages the ops topic as soon as one compliance event failed. */
  alarmTo(opsTopic: sns.ITopic): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'DepthAlarm', {
      alarmDescription: 'A compliance event (inbound STOP/HELP/START, SES bounce or complaint) failed processing: an opt-out may not be recorded. Inspect the compliance DLQ today and redrive (S4, O3; CAN-SPAM and carriers require honouring opt-outs promptly).',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(opsTopic));
    alarm.addOkAction(new actions.SnsAction(opsTopic));
    return alarm;
  }
}
