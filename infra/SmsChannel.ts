/**
 * SMS owned by one party (issue 17): Carecast answers STOP, HELP and START itself, bilingually
 * (functions/domain/handleInboundText.ts), so AWS must not answer them too and must not opt a
 * number out behind Carecast's back (which blocks the STOP confirmation).
 *
 * Configured here where CloudFormation allows:
 * - an AWS::SMSVOICE::OptOutList of Carecast's own, so no default list is shared with other programs;
 * - with `sms.manageNumber`, the number itself as AWS::SMSVOICE::PhoneNumber: self-managed
 *   opt-outs (End User Messaging then neither auto-replies to HELP/STOP nor adds to the list),
 *   two-way to the inbound topic, and on toll-free numbers START/UNSTOP as OPT_IN keywords
 *   (toll-free opt-outs are kept by the carrier; only those keywords re-subscribe). CloudFormation
 *   cannot register a number (toll-free verification, 10DLC): the registration provisions it and
 *   `cdk import` adopts it (docs/deployment.md, "Number").
 * Without `manageNumber`, docs/deployment.md gives the same settings as CLI commands.
 *
 * Also SMS delivery-status logging (issue 16: an UNKNOWN text is settled by its record, or sent
 * again after the wait): the IAM role SNS writes with, the two log groups SNS writes to
 * (`sns/<region>/<account>/DirectPublishToPhoneNumber` and `…/Failure`, owned here so they are
 * KMS-encrypted and expire: each record carries the destination number), and a subscription filter
 * on each to the `smsDeliveryStatus` function. Turning logging on is an account-wide SMS
 * attribute (`aws sns set-sms-attributes`, DeliveryStatusIAMRole + DeliveryStatusSuccessSamplingRate
 * 100), which CloudFormation has no resource for: a one-time command in docs/deployment.md, not an
 * AwsCustomResource, because it changes a setting every SNS SMS sender in the account/region
 * shares, and the custom resource's provider function would need `sns:SetSMSAttributes` on "*"
 * and an AWS-managed execution policy, both of which the stack's guardrails refuse (P3).
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logDestinations from 'aws-cdk-lib/aws-logs-destinations';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ClinicProfile } from '../functions/config.js';
import type { DeployConfig } from './DeployConfig.js';
import { acknowledge } from './nag.js';

export interface SmsChannelProps {
  sms: NonNullable<DeployConfig['sms']>;
  clinic: ClinicProfile;
  resourcePrefix: string;
  inboundTopic: sns.ITopic;
  /** Receives the delivery-status records (functions/handlers/events/smsDeliveryStatus.ts). */
  deliveryStatusFunction: lambda.IFunction;
  key: kms.IKey;
  logRetentionDays: number;
}

/** SNS's own names for its SMS delivery-status log groups (success, failure). */
export const smsDeliveryLogGroupNames = (region: string, account: string) => [
  `sns/${region}/${account}/DirectPublishToPhoneNumber`,
  `sns/${region}/${account}/DirectPublishToPhoneNumber/Failure`,
];

/** Toll-free numbers re-subscribe only through these keywords, set to OPT_IN on the number. */
export const TOLL_FREE_OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

export class SmsChannel extends Construct {
  readonly optOutList: smsvoice.CfnOptOutList;
  readonly optOutListName: string;
  readonly phoneNumber?: smsvoice.CfnPhoneNumber;
  readonly deliveryStatusRole: iam.Role;
  readonly deliveryStatusLogs: logs.LogGroup[];

  constructor(scope: Construct, id: string, props: SmsChannelProps) {
    super(scope, id);
    this.optOutListName = `${props.resourcePrefix}-sms-opt-outs`;
    this.optOutList = new smsvoice.CfnOptOutList(this, 'OptOutList', { optOutListName: this.optOutListName });
    this.optOutList.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.deliveryStatusRole = new iam.Role(this, 'DeliveryStatusRole', {
      assumedBy: new iam.ServicePrincipal('sns.amazonaws.com'),
      description: 'SNS writes SMS delivery status (success and failure) to CloudWatch Logs; enable with aws sns set-sms-attributes',
    });
    // SNS creates its own sns/<region>/<account>/DirectPublishToPhoneNumber[/Failure] log groups.
    this.deliveryStatusRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SmsDeliveryStatusLogs',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:PutMetricFilter', 'logs:PutRetentionPolicy'],
        resources: ['arn:aws:logs:*:*:log-group:sns/*'],
      }),
    );
    acknowledge(
      this.deliveryStatusRole,
      'AwsSolutions-IAM5[Resource::arn:aws:logs:*:*:log-group:sns/*]',
      'SNS names its SMS delivery-status log groups sns/<region>/<account>/DirectPublishToPhoneNumber[/Failure] itself; the role is limited to that prefix.',
    );

    // Owned here (an account where SNS already created them: `cdk import` them first, docs/deployment.md).
    this.deliveryStatusLogs = smsDeliveryLogGroupNames(Aws.REGION, Aws.ACCOUNT_ID).map((logGroupName, i) => {
      const id = i === 0 ? 'DeliveredTexts' : 'FailedTexts';
      const group = new logs.LogGroup(this, id, {
        logGroupName,
        retention: props.logRetentionDays as logs.RetentionDays,
        encryptionKey: props.key,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      new logs.SubscriptionFilter(this, `${id}ToFunction`, {
        logGroup: group,
        destination: new logDestinations.LambdaDestination(props.deliveryStatusFunction),
        filterPattern: logs.FilterPattern.allEvents(),
      });
      return group;
    });

    if (props.sms.manageNumber) {
      const { clinic } = props;
      const tollFree = props.sms.numberType === 'TOLL_FREE';
      this.phoneNumber = new smsvoice.CfnPhoneNumber(this, 'PhoneNumber', {
        isoCountryCode: 'US',
        numberType: props.sms.numberType === 'TEN_DLC' ? 'TEN_DLC' : props.sms.numberType,
        numberCapabilities: ['SMS'],
        // Required by CloudFormation; with self-managed opt-outs End User Messaging does not send them.
        mandatoryKeywords: {
          help: { message: `${clinic.programName}: For help call ${clinic.phone}. Msg & data rates may apply. Reply STOP to cancel.` },
          stop: { message: `${clinic.programName}: You are unsubscribed and will receive no more texts. Reply START to resubscribe.` },
        },
        optionalKeywords: tollFree
          ? TOLL_FREE_OPT_IN_KEYWORDS.map((keyword) => ({
              keyword,
              action: 'OPT_IN',
              message: `${clinic.programName}: You are subscribed again. / Queda suscrito de nuevo. Reply HELP for help, STOP to cancel.`,
            }))
          : [],
        selfManagedOptOutsEnabled: true,
        optOutListName: this.optOutListName,
        twoWay: { enabled: true, channelArn: props.inboundTopic.topicArn },
        deletionProtectionEnabled: true,
      });
      this.phoneNumber.addDependency(this.optOutList);
      this.phoneNumber.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }
}
