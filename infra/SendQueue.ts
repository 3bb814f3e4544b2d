/**
 * The send queue between the dispatcher and the send worker, with its dead-letter queue.
 *
 * Sizing comes from `workers.sendWorker` in functions/contract/routes.ts: the redrive count is
 * its maxReceiveCount (R1) and the visibility timeout is six times its timeout (R1), so a
 * message is never visible again while a worker may still be sending it.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { workers } from '../functions/contract/routes.js';

/** R1: visibility timeout is at least this many times the worker timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface SendQueueProps {
  key: kms.IKey;
}

export class SendQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: SendQueueProps) {
    super(scope, id);
    this.key = props.key;
    const worker = workers.sendWorker;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(worker.timeoutSeconds * VISIBILITY_TIMEOUT_FACTOR),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: worker.maxReceiveCount },
    });
  }

  /** sqs:SendMessage on the send queue, with the KMS data key it needs. */
  grantEnqueue(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'EnqueueSends', actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EnqueueSendsKey',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Aws.REGION}.amazonaws.com` } },
      }),
    );
  }
}
