/**
 * SES sender identity and configuration set, and the send permissions for email and SMS.
 *
 * The identity is the clinic's sender domain with Easy DKIM (E9) and a custom MAIL FROM
 * subdomain for SPF alignment (E11); DNS records are a deployment step (docs/deployment.md).
 * Every send goes through the configuration set (O1): it carries reputation metrics (O5),
 * the account suppression list for bounces and complaints (O4), and TLS-required delivery.
 * SES send rights name the identity and configuration set ARNs, never `*`.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

export interface SendingProps {
  senderDomain: string;
  mailFromSubdomain: string;
  /** Configuration set name (passed to every Lambda as CARECAST_SES_CONFIGURATION_SET). */
  configurationSetName: string;
  /** SES sandbox: verified recipient identities the send role may also name (O6). */
  sandboxRecipients?: readonly string[];
  /**
   * The domain identity already exists in the account (created in the console): reference it by
   * ARN instead of creating AWS::SES::EmailIdentity, which would fail with AlreadyExists.
   */
  existingIdentity?: boolean;
}

export class Sending extends Construct {
  /** Absent when the identity already existed (`existingIdentity`). */
  readonly identity?: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetName: string;
  readonly identityArn: string;
  readonly configurationSetArn: string;
  private readonly sandboxRecipientArns: string[];

  constructor(scope: Construct, id: string, props: SendingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSetName = props.configurationSetName;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });

    if (!props.existingIdentity) this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.senderDomain),
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain: `${props.mailFromSubdomain}.${props.senderDomain}`,
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
      // Default configuration set of the identity: a send that forgets to name it still publishes events (O1).
      configurationSet: this.configurationSet,
    });

    this.identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderDomain });
    this.configurationSetArn = stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSetName });
    this.sandboxRecipientArns = (props.sandboxRecipients ?? []).map((r) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: r }));
  }

  /** SES SendRawEmail/SendEmail from the sender identity through the configuration set only (plus sandbox recipients, if any). */
  grantSendEmail(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SesSendFromClinicIdentity',
        actions: ['ses:SendRawEmail', 'ses:SendEmail'],
        resources: [this.identityArn, this.configurationSetArn, ...this.sandboxRecipientArns],
      }),
    );
  }

  /**
   * SNS SMS: Publish to phone numbers and the provider opt-out check (S6); optionally
   * OptInPhoneNumber for START/UNSTOP (S4, S13). SNS has no resource ARN for a phone number,
   * so these actions take `*`; the role can publish to no topic (deny below).
   */
  grantSendSms(grantee: iam.IGrantable, opts: { optIn: boolean }): void {
    const actions = ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut', ...(opts.optIn ? ['sns:OptInPhoneNumber'] : [])];
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'SnsSmsToPhoneNumbers', actions, resources: ['*'] }));
    // Phone-number publishes have no topic; deny every topic so `*` cannot reach one.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'NoTopicPublish',
        effect: iam.Effect.DENY,
        actions: ['sns:Publish'],
        resources: [Stack.of(this).formatArn({ service: 'sns', resource: '*' })],
      }),
    );
    const principal = grantee.grantPrincipal;
    if (!(principal instanceof Construct)) throw new Error('Sending.grantSendSms: the grantee must be a role in this stack');
    acknowledge(
      principal,
      'AwsSolutions-IAM5[Resource::*]',
      'SNS Publish to a phone number (and CheckIfPhoneNumberIsOptedOut / OptInPhoneNumber) has no resource ARN, so IAM requires Resource "*"; an explicit Deny on every topic ARN in the account keeps the statement to direct SMS.',
    );
  }
}
