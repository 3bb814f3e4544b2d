/**
 * The customer-managed KMS key that encrypts every store of patient data (P4).
 *
 * One key for the table, queues, topics, log groups, the signing secret and backups: they
 * share one trust boundary (this stack), and one key keeps the key policy readable. The key
 * policy lets the AWS services that write into encrypted resources on our behalf use it,
 * each limited to this account.
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export class Encryption extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: 'Carecast data key: table, queues, topics, logs, signing secret',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    // CloudWatch Logs encrypts this stack's log groups with the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
        },
      }),
    );

    // Services that publish into our encrypted SNS topics: SES events (O2), CloudWatch alarms
    // (R7, O5) and two-way SMS (S11). Each honours aws:SourceAccount (confused deputy).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ServicesPublishToEncryptedTopics',
        principals: [
          new iam.ServicePrincipal('ses.amazonaws.com'),
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          new iam.ServicePrincipal('sms-voice.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
