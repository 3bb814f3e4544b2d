/**
 * What makes a first-deploy mistake loud instead of silent (issue 17):
 *
 * - **Account-level denials** (IAM, unverified sender or MAIL FROM): the send worker publishes
 *   `Carecast/AccountDenials`; its alarm pages the ops topic and invokes `haltSending`, which
 *   disables the worker's queue mapping so the backlog waits in the queue.
 * - **Per-recipient refusals** (sandbox recipient, invalid or opted-out number): counted by
 *   reason (`ProviderRefusalsByReason`); the alarm watches the total (`ProviderRefusals`).
 * - **Carrier drops**: a text SNS accepted but could not deliver (spend limit, filtering,
 *   unregistered number) counts in AWS/SNS NumberOfNotificationsFailed for direct publishes;
 *   the alarm watches it, and delivery-status logs (infra/SmsChannel.ts) say why.
 * - **Compliance events**: failed inbound-STOP and SES-feedback invocations go to their own DLQ
 *   (ComplianceEvents) with their own alarm, apart from routine dispatcher noise.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { resolve } from 'node:path';
import { ACCOUNT_DENIALS_METRIC, METRICS_NAMESPACE, METRICS_SERVICE, PROVIDER_REFUSALS_METRIC } from '../functions/adapters/aws/providerRefusals.js';
import { FUNCTION_RUNTIME } from './Functions.js';
import { acknowledge } from './nag.js';

/** Per-recipient refusals in an hour before someone should look (one in the SES sandbox). */
export const REFUSALS_PER_HOUR_ALARM = 5;

export interface SendSafetyProps {
  opsTopic: sns.ITopic;
  key: kms.IKey;
  logRetentionDays: number;
  /** The send worker's SQS event source mapping. */
  sendMappingId: string;
  sendMappingArn: string;
  /** Alarm on texts SNS accepted but could not deliver (only when a number is configured). */
  sms: boolean;
  /** In the SES sandbox one refusal is already a configuration problem. */
  sandbox: boolean;
}

export class SendSafety extends Construct {
  readonly haltFunction: NodejsFunction;
  readonly accountDenialAlarm: cloudwatch.Alarm;
  readonly refusalAlarm: cloudwatch.Alarm;
  readonly smsDeliveryFailureAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SendSafetyProps) {
    super(scope, id);
    const page = new actions.SnsAction(props.opsTopic);
    const dimensionsMap = { service: METRICS_SERVICE };

    const logGroup = new logs.LogGroup(this, 'HaltLogs', { retention: props.logRetentionDays as logs.RetentionDays, encryptionKey: props.key });
    const role = new iam.Role(this, 'HaltRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Carecast haltSending: disable the send worker queue mapping only',
    });
    role.addToPolicy(new iam.PolicyStatement({ sid: 'OwnLogGroup', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    role.addToPolicy(new iam.PolicyStatement({ sid: 'DisableSendMapping', actions: ['lambda:UpdateEventSourceMapping'], resources: [props.sendMappingArn] }));
    this.haltFunction = new NodejsFunction(this, 'Halt', {
      entry: resolve('functions/handlers/events/haltSending.ts'),
      handler: 'handler',
      description: 'Carecast haltSending: disables the send worker mapping when the provider refuses the account',
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { CARECAST_SEND_MAPPING_ID: props.sendMappingId },
      bundling: { forceDockerBundling: false, format: OutputFormat.ESM, target: 'node22', minify: true, charset: Charset.UTF8, externalModules: [] },
    });
    // actions.LambdaAction (below) grants lambda.alarms.cloudwatch.amazonaws.com the invoke, scoped to the alarm.
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray active tracing (issue 16): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so IAM requires Resource "*"; nothing else in this policy uses it.');
    acknowledge(this.haltFunction, 'HIPAA.Security-LambdaDLQ', 'Invoked by a CloudWatch alarm action; the alarm re-invokes on its next evaluation while it stays in ALARM, and the ops topic is paged in the same transition.');
    acknowledge(this.haltFunction, 'HIPAA.Security-LambdaInsideVPC', 'Calls only the public Lambda API (UpdateEventSourceMapping) over TLS with IAM auth; it has no VPC resources to reach, and a VPC would add NAT or endpoint cost without narrowing exposure.');
    acknowledge(this.haltFunction, 'HIPAA.Security-LambdaConcurrency', 'Runs on an alarm transition only; reserving concurrency would only raise the account quota the stack needs.');
    acknowledge(this.haltFunction, 'AwsSolutions-L1', 'Pinned to the same runtime as every Carecast function (Functions.ts FUNCTION_RUNTIME).');

    this.accountDenialAlarm = new cloudwatch.Alarm(this, 'AccountDenials', {
      alarmDescription: 'The provider refused the account itself (IAM denial, unverified sender or MAIL FROM): sending is halted (send worker mapping disabled). Fix the cause, then re-enable the mapping (docs/deployment.md, "Sending halted").',
      metric: new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: ACCOUNT_DENIALS_METRIC, dimensionsMap, period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.accountDenialAlarm.addAlarmAction(page, new actions.LambdaAction(this.haltFunction));

    this.refusalAlarm = new cloudwatch.Alarm(this, 'ProviderRefusals', {
      alarmDescription: 'Providers refused messages to individual recipients (sandbox recipient, invalid or opted-out number); see ProviderRefusalsByReason for the reasons.',
      metric: new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: PROVIDER_REFUSALS_METRIC, dimensionsMap, period: Duration.hours(1), statistic: 'Sum' }),
      threshold: props.sandbox ? 1 : REFUSALS_PER_HOUR_ALARM,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.refusalAlarm.addAlarmAction(page);

    if (props.sms) {
      this.smsDeliveryFailureAlarm = new cloudwatch.Alarm(this, 'SmsDeliveryFailures', {
        alarmDescription: 'Texts SNS accepted but could not deliver (spend limit reached, carrier filtering, unregistered number). Delivery-status logs: sns/<region>/<account>/DirectPublishToPhoneNumber/Failure.',
        metric: new cloudwatch.Metric({ namespace: 'AWS/SNS', metricName: 'NumberOfNotificationsFailed', dimensionsMap: { PhoneNumber: 'PhoneNumberDirect' }, period: Duration.minutes(15), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.smsDeliveryFailureAlarm.addAlarmAction(page);
    }
  }
}
