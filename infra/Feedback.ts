/**
 * What comes back from recipients: SES events and inbound texts.
 *
 * SES publishes SEND, REJECT, BOUNCE, COMPLAINT, DELIVERY, DELIVERY_DELAY and RENDERING_FAILURE
 * (O2; OPEN and CLICK stay off until a privacy review) from the configuration set to an
 * encrypted SNS topic, and the feedback Lambda turns them into suppressions (O3, R9). Two-way
 * SMS (S11) publishes inbound texts to a second topic that the keywords Lambda consumes
 * (STOP/HELP/START, S4). Both topics are KMS-encrypted (P4) and refuse non-TLS publishers.
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Sending } from './Sending.js';

/** O2: the SES events the configuration set publishes. */
export const PUBLISHED_SES_EVENTS: readonly ses.EmailSendingEvent[] = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.DELIVERY_DELAY,
  ses.EmailSendingEvent.RENDERING_FAILURE,
];

export interface FeedbackProps {
  key: kms.IKey;
  sending: Sending;
  sesFeedback: lambda.IFunction;
  smsInbound: lambda.IFunction;
}

export class Feedback extends Construct {
  readonly sesEventsTopic: sns.Topic;
  readonly inboundSmsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: FeedbackProps) {
    super(scope, id);

    this.sesEventsTopic = new sns.Topic(this, 'SesEvents', { displayName: 'Carecast SES events', masterKey: props.key, enforceSSL: true });
    props.sending.configurationSet.addEventDestination('ToSns', {
      destination: ses.EventDestination.snsTopic(this.sesEventsTopic),
      events: [...PUBLISHED_SES_EVENTS],
    });
    this.sesEventsTopic.addSubscription(new subscriptions.LambdaSubscription(props.sesFeedback));

    this.inboundSmsTopic = new sns.Topic(this, 'InboundSms', { displayName: 'Carecast inbound SMS', masterKey: props.key, enforceSSL: true });
    // AWS End User Messaging SMS publishes two-way messages for numbers in this account.
    this.inboundSmsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TwoWaySmsPublishes',
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.inboundSmsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.inboundSmsTopic.addSubscription(new subscriptions.LambdaSubscription(props.smsInbound));
  }
}
