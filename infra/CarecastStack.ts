/**
 * The whole product as one stack: each concern is one construct, wired here.
 *
 * Order matters only where values flow: the table, queue, configuration set and secret exist
 * before the functions (their names go into the environment); triggers, routes, the site and
 * alarms are attached after.
 */
import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { deployedRoutes, type Route, workers } from '../functions/contract/routes.js';
import { Api } from './Api.js';
import { ComplianceEvents } from './ComplianceEvents.js';
import { type ConcurrencyPlan, concurrencyPlan, describeConcurrencyPlan } from './ConcurrencyPlan.js';
import { Data } from './Data.js';
import type { DeployConfig } from './DeployConfig.js';
import { Dispatch, sendWorkerConcurrency } from './Dispatch.js';
import { Encryption } from './Encryption.js';
import { Feedback } from './Feedback.js';
import { type CatalogEntry, deployedHandlers, FEEDBACK_HANDLER, resolveHandlerEntries, SMS_DELIVERY_STATUS_HANDLER } from './FunctionCatalog.js';
import { checkedStaffEnvironment, functionEnvironment } from './FunctionEnvironment.js';
import { type FunctionSizing, Functions } from './Functions.js';
import { LinkSigningKey } from './LinkSigningKey.js';
import { Monitoring } from './Monitoring.js';
import { OperationsDashboard } from './OperationsDashboard.js';
import { ConfirmationCeilingAlarm } from './ConfirmationCeilingAlarm.js';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { OriginVerify } from './OriginVerify.js';
import { acknowledge } from './nag.js';
import { SendQueue } from './SendQueue.js';
import { Sending } from './Sending.js';
import { SendSafety } from './SendSafety.js';
import { SmsChannel } from './SmsChannel.js';
import { derivedStaffLoginPrefix } from './StaffLoginDomain.js';
import { Site } from './Site.js';
import { StaffAuth } from './StaffAuth.js';

export interface CarecastStackProps extends StackProps {
  config: DeployConfig;
  /** Maps a handler name to its module file; defaults to functions/handlers/<group>/<handler>.ts (functions/contract/handlerModules.ts). */
  entryFor?: (handler: string) => string;
  /** Routes to deploy; defaults to `deployedRoutes` from routes.ts. */
  routes?: readonly Route[];
}

export class CarecastStack extends Stack {
  readonly data: Data;
  readonly sendQueue: SendQueue;
  readonly sending: Sending;
  readonly signingKey: LinkSigningKey;
  readonly originVerify: OriginVerify;
  readonly functions: Functions;
  readonly dispatch: Dispatch;
  readonly feedback: Feedback;
  readonly staffAuth: StaffAuth;
  readonly api: Api;
  readonly site: Site;
  readonly monitoring: Monitoring;
  readonly workerConcurrency: number;
  readonly concurrency: ConcurrencyPlan;
  readonly compliance: ComplianceEvents;
  readonly smsChannel?: SmsChannel;
  readonly sendSafety: SendSafety;
  readonly staffLoginDomainPrefix: string;
  readonly config: DeployConfig;
  private readonly keyArn: string;

  constructor(scope: Construct, id: string, props: CarecastStackProps) {
    super(scope, id, { description: 'Carecast: email and SMS patient-education drip', ...props });
    const { config } = props;
    this.config = config;
    const routes = props.routes ?? deployedRoutes;

    const { key } = new Encryption(this, 'Encryption');
    this.keyArn = key.keyArn;
    this.data = new Data(this, 'Data', { key, resourcePrefix: config.resourcePrefix });
    this.sendQueue = new SendQueue(this, 'SendQueue', { key });
    this.sending = new Sending(this, 'Sending', {
      senderDomain: config.senderDomain,
      mailFromSubdomain: config.mailFromSubdomain,
      configurationSetName: config.resourcePrefix,
      sandboxRecipients: config.sandboxRecipients,
      existingIdentity: config.existingSesIdentity,
    });
    this.signingKey = new LinkSigningKey(this, 'LinkSigningKey', { key });
    this.originVerify = new OriginVerify(this, 'OriginVerify', { key });

    this.staffAuth = new StaffAuth(this, 'StaffAuth', {
      publicBaseUrl: config.site.publicBaseUrl,
      domainPrefix: (this.staffLoginDomainPrefix = config.staffLoginDomainPrefix ?? derivedStaffLoginPrefix(config)),
    });

    const entries = deployedHandlers(routes);
    this.workerConcurrency = sendWorkerConcurrency(config.sendingRatePerSecond);
    this.concurrency = concurrencyPlan(config.reserveConcurrency, this.workerConcurrency);
    // `cdk synth` prints what the account's quota must be before anyone runs `cdk deploy`.
    Annotations.of(this).addInfo(describeConcurrencyPlan(this.concurrency));
    this.compliance = new ComplianceEvents(this, 'ComplianceEvents', { key });
    const sharedEnvironment = functionEnvironment(config, {
      tableName: this.data.table.tableName,
      sendQueueUrl: this.sendQueue.queue.queueUrl,
      configurationSetName: this.sending.configurationSet.configurationSetName,
      signingSecretArn: this.signingKey.secret.secretArn,
      originVerify: this.originVerify.value,
    });
    this.functions = new Functions(this, 'Functions', {
      entries,
      entryFiles: resolveHandlerEntries(entries, props.entryFor),
      sizing: (entry) => this.sizing(entry, config),
      environment: sharedEnvironment,
      key,
      logRetentionDays: config.logRetentionDays,
    });
    const staffEnvironment = checkedStaffEnvironment(sharedEnvironment, this.staffAuth.environment());
    for (const entry of entries) this.grant(entry, staffEnvironment);

    this.dispatch = new Dispatch(this, 'Dispatch', {
      dispatcher: this.functions.get(workers.dispatcher.handler),
      sendWorker: this.functions.get(workers.sendWorker.handler),
      sendQueue: this.sendQueue,
      workerConcurrency: this.workerConcurrency,
    });
    this.feedback = new Feedback(this, 'Feedback', {
      key,
      sending: this.sending,
      sesFeedback: this.functions.get(FEEDBACK_HANDLER),
      smsInbound: this.functions.get(workers.smsInbound.handler),
    });
    if (config.sms) {
      this.smsChannel = new SmsChannel(this, 'SmsChannel', {
        sms: config.sms,
        clinic: config.clinic,
        resourcePrefix: config.resourcePrefix,
        inboundTopic: this.feedback.inboundSmsTopic,
        deliveryStatusFunction: this.functions.get(SMS_DELIVERY_STATUS_HANDLER),
        key,
        logRetentionDays: config.logRetentionDays,
      });
    }

    // The JWT authorizer guards the Bearer-token API only; console pages are cookie sessions
    // that the handler verifies itself (Api.ts, routes.ts isConsolePage).
    this.api = new Api(this, 'Api', {
      routes,
      functionFor: (handler) => this.functions.get(handler),
      allowedOrigins: [new URL(config.site.publicBaseUrl).origin],
      throttle: { rateLimit: config.api.rateLimit, burstLimit: config.api.burstLimit },
      staffAuthorizer: this.staffAuth.authorizer,
      key,
      logRetentionDays: config.logRetentionDays,
      originDomain: { domainName: config.site.originDomainName, certificateArn: config.site.originCertificateArn },
    });
    this.site = new Site(this, 'Site', {
      originHost: config.site.originDomainName,
      originVerify: this.originVerify.value,
      publicBaseUrl: config.site.publicBaseUrl,
      certificateArn: config.site.certificateArn,
      ...(config.site.webAclArn ? { webAclArn: config.site.webAclArn } : {}),
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      key,
      ...(config.opsEmail ? { opsEmail: config.opsEmail } : {}),
      deadLetterQueues: { SendDlq: this.sendQueue.deadLetterQueue, AsyncFailureDlq: this.functions.asyncFailureQueue },
      sendQueue: this.sendQueue.queue,
      workerFunctions: Object.fromEntries(entries.filter((e) => e.kind === 'worker').map((e) => [e.handler, this.functions.get(e.handler)])),
      httpApi: this.api.httpApi,
      ...(config.sms ? { smsMonthlySpendLimitUsd: config.sms.monthlySpendLimitUsd } : {}),
    });
    this.compliance.alarmTo(this.monitoring.opsTopic);
    this.sendSafety = new SendSafety(this, 'SendSafety', {
      opsTopic: this.monitoring.opsTopic,
      key,
      logRetentionDays: config.logRetentionDays,
      sendMappingId: this.dispatch.sendWorkerSource.eventSourceMappingId,
      sendMappingArn: this.dispatch.sendWorkerSource.eventSourceMappingArn,
      sms: config.sms !== undefined,
      sandbox: config.sandboxRecipients.length > 0,
    });

    const ceilingAlarm = new ConfirmationCeilingAlarm(this, 'ConfirmationCeilingAlarm', {
      logGroups: ['subscribe'].filter((h) => this.functions.logGroups.has(h)).map((h) => this.functions.logGroups.get(h) as logs.LogGroup),
      opsTopic: this.monitoring.opsTopic,
    });
    this.monitoring.alarms.push(ceilingAlarm.alarm);
    // Issue 16: one dashboard beside the alarms, showing every alarm's state.
    new OperationsDashboard(this, 'OperationsDashboard', {
      alarms: [...this.monitoring.alarms, this.sendSafety.accountDenialAlarm, this.sendSafety.refusalAlarm],
      sendQueue: this.sendQueue.queue,
      deadLetterQueues: { SendDlq: this.sendQueue.deadLetterQueue, AsyncFailureDlq: this.functions.asyncFailureQueue },
      workerFunctions: Object.fromEntries(entries.filter((e) => e.kind === 'worker').map((e) => [e.handler, this.functions.get(e.handler)])),
      httpApi: this.api.httpApi,
    });

    acknowledge(
      this,
      'HIPAA.Security-IAMNoInlinePolicy',
      'Each role in this stack is dedicated to one function or service and its policy is attached to that role only; CDK grants write those as AWS::IAM::Policy resources, and tests assert their contents (no wildcard actions, no SES on "*", no dynamodb:*).',
    );

    this.outputs(config);
    new CfnOutput(this, 'OriginDnsRecord', {
      value: `${config.site.originDomainName} CNAME ${this.api.originDomain.regionalDomainName}`,
      description: 'DNS: the API custom domain CloudFront uses as its origin (execute-api is disabled, issue 12)',
    });
  }

  private get smsEnabled(): boolean {
    return this.config.sms !== undefined;
  }

  /** Every input a runbook in docs/deployment.md or operations.md needs, named as the docs name it. */
  private runbookOutputs(config: DeployConfig): void {
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('SendDlqArn', this.sendQueue.deadLetterQueue.queueArn, 'Redrive: aws sqs start-message-move-task --source-arn <this>');
    out('AsyncFailureDlqArn', this.functions.asyncFailureQueue.queueArn, 'Failed dispatcher ticks and other async events');
    out('ComplianceDlqArn', this.compliance.deadLetterQueue.queueArn, 'Failed inbound STOP/HELP/START and SES feedback events: handle the same day');
    out('SendQueueUrl', this.sendQueue.queue.queueUrl, 'The send queue');
    out('DispatcherRuleName', this.dispatch.schedule.ruleName, 'Pause the drip: aws events disable-rule --name <this>');
    out('SendWorkerMappingId', this.dispatch.sendWorkerSource.eventSourceMappingId, 'Halt/resume sending: aws lambda update-event-source-mapping --uuid <this> --enabled|--no-enabled');
    out('SendWorkerFunctionName', this.functions.get(workers.sendWorker.handler).functionName, 'The send worker');
    out('KeyArn', this.keyArn, 'The stack KMS key (table, queues, topics, logs, secrets)');
    out('StaffLoginDomainPrefix', this.staffLoginDomainPrefix, 'Cognito managed-login domain prefix (unique per Region across AWS)');
    out('RequiredLambdaConcurrency', String(this.concurrency.requiredAccountConcurrency), 'The account\'s Lambda concurrent-executions quota must be at least this');
    out('SesIdentity', config.senderDomain, config.existingSesIdentity ? 'Existing SES identity (not managed by this stack)' : 'SES domain identity created by this stack');
    if (this.smsChannel) {
      out('SmsOptOutListName', this.smsChannel.optOutListName, 'End User Messaging opt-out list of this program');
      out('SmsDeliveryStatusRoleArn', this.smsChannel.deliveryStatusRole.roleArn, 'aws sns set-sms-attributes --attributes DeliveryStatusIAMRole=<this>,DeliveryStatusSuccessSamplingRate=10');
      if (this.smsChannel.phoneNumber) out('SmsPhoneNumberId', this.smsChannel.phoneNumber.attrPhoneNumberId, 'The adopted origination number');
    }
  }

  private sizing(entry: CatalogEntry, config: DeployConfig): FunctionSizing {
    if (entry.kind === 'http') {
      // No reservation: HTTP handlers are throttled at the API stage and the edge (ConcurrencyPlan.ts).
      return { timeout: Duration.seconds(10), memorySize: 512, asyncInvoked: false };
    }
    const reserved = this.concurrency.reservations[entry.handler];
    const reservation = reserved !== undefined ? { reservedConcurrency: reserved } : {};
    // Compliance events (inbound STOP, SES complaints) dead-letter apart from routine noise.
    const compliance = { deadLetterQueue: this.compliance.deadLetterQueue };
    switch (entry.handler) {
      case workers.dispatcher.handler:
        // One dispatcher at a time; a tick older than a minute is superseded by the next one.
        return { timeout: Duration.seconds(50), memorySize: 512, ...reservation, asyncInvoked: true, maxEventAge: Duration.minutes(1), retryAttempts: 0 };
      case workers.sendWorker.handler:
        return { timeout: Duration.seconds(workers.sendWorker.timeoutSeconds), memorySize: 1024, ...reservation, asyncInvoked: false };
      case workers.smsInbound.handler:
        return { timeout: Duration.seconds(30), memorySize: 512, asyncInvoked: true, ...compliance };
      case FEEDBACK_HANDLER:
        return { timeout: Duration.seconds(30), memorySize: 512, asyncInvoked: true, ...compliance };
      case SMS_DELIVERY_STATUS_HANDLER:
        // CloudWatch Logs invokes it asynchronously; a failed batch goes to the async-failure DLQ after Lambda's retries.
        return { timeout: Duration.seconds(30), memorySize: 256, asyncInvoked: true };
      default:
        throw new Error(`CarecastStack: no sizing for worker "${entry.handler}"; add it in CarecastStack.sizing`);
    }
  }

  private grant(entry: CatalogEntry, staffEnvironment: Readonly<Record<string, string>>): void {
    const fn = this.functions.get(entry.handler);
    const { needs } = entry;
    if (needs.staffAuth) for (const [name, value] of Object.entries(staffEnvironment)) fn.addEnvironment(name, value);
    this.data.grantAccess(fn, needs.table);
    if (needs.signingKey) this.signingKey.grantRead(fn);
    if (needs.sendEmail) this.sending.grantSendEmail(fn);
    // Email-only launches (no `sms` in the config) get no SMS permissions at all.
    if (needs.sendSms && this.smsEnabled) this.sending.grantSendSms(fn, { optIn: needs.smsOptIn });
    if (needs.enqueueSends) this.sendQueue.grantEnqueue(fn);
  }

  private outputs(config: DeployConfig): void {
    new CfnOutput(this, 'SiteUrl', { value: config.site.publicBaseUrl, description: 'Public pages' });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.site.distributionDomainName,
      description: `DNS: point ${new URL(config.site.publicBaseUrl).hostname} (CNAME or alias) here`,
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'SesConfigurationSet', { value: this.sending.configurationSet.configurationSetName });
    this.sending.identity?.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}`, description: 'DNS: Easy DKIM record (E9)' });
    });
    this.runbookOutputs(config);
    new CfnOutput(this, 'InboundSmsTopicArn', { value: this.feedback.inboundSmsTopic.topicArn, description: 'Two-way SMS destination of the origination number (S11)' });
    new CfnOutput(this, 'OpsTopicArn', { value: this.monitoring.opsTopic.topicArn });
    new CfnOutput(this, 'SigningSecretArn', { value: this.signingKey.secret.secretArn });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staffAuth.userPool.userPoolId });
    new CfnOutput(this, 'StaffUserPoolClientId', { value: this.staffAuth.client.userPoolClientId });
    new CfnOutput(this, 'StaffSignInUrl', { value: `${config.site.publicBaseUrl.replace(/\/$/, '')}/admin/login`, description: 'Staff console sign-in (Cognito managed login)' });
  }
}
