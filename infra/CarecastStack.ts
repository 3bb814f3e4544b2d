/**
 * The whole product as one stack: each concern is one construct, wired here.
 *
 * Order matters only where values flow: the table, queue, configuration set and secret exist
 * before the functions (their names go into the environment); triggers, routes, the site and
 * alarms are attached after.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { deployedRoutes, type Route, workers } from '../functions/contract/routes.js';
import { Api } from './Api.js';
import { Data } from './Data.js';
import type { DeployConfig } from './DeployConfig.js';
import { Dispatch, sendWorkerConcurrency } from './Dispatch.js';
import { Encryption } from './Encryption.js';
import { Feedback } from './Feedback.js';
import { type CatalogEntry, deployedHandlers, FEEDBACK_HANDLER, resolveHandlerEntries } from './FunctionCatalog.js';
import { checkedStaffEnvironment, functionEnvironment } from './FunctionEnvironment.js';
import { type FunctionSizing, Functions } from './Functions.js';
import { LinkSigningKey } from './LinkSigningKey.js';
import { Monitoring } from './Monitoring.js';
import { ConfirmationCeilingAlarm } from './ConfirmationCeilingAlarm.js';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { OriginVerify } from './OriginVerify.js';
import { acknowledge } from './nag.js';
import { SendQueue } from './SendQueue.js';
import { Sending } from './Sending.js';
import { Site } from './Site.js';
import { StaffAuth } from './StaffAuth.js';

export interface CarecastStackProps extends StackProps {
  config: DeployConfig;
  /** Maps a handler name to its module file; defaults to functions/handlers/<handler>.ts. */
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

  constructor(scope: Construct, id: string, props: CarecastStackProps) {
    super(scope, id, { description: 'Carecast: email and SMS patient-education drip', ...props });
    const { config } = props;
    const routes = props.routes ?? deployedRoutes;

    const { key } = new Encryption(this, 'Encryption');
    this.data = new Data(this, 'Data', { key, resourcePrefix: config.resourcePrefix });
    this.sendQueue = new SendQueue(this, 'SendQueue', { key });
    this.sending = new Sending(this, 'Sending', {
      senderDomain: config.senderDomain,
      mailFromSubdomain: config.mailFromSubdomain,
      configurationSetName: config.resourcePrefix,
      sandboxRecipients: config.sandboxRecipients,
    });
    this.signingKey = new LinkSigningKey(this, 'LinkSigningKey', { key });
    this.originVerify = new OriginVerify(this, 'OriginVerify', { key });

    this.staffAuth = new StaffAuth(this, 'StaffAuth', {
      publicBaseUrl: config.site.publicBaseUrl,
      domainPrefix: config.staffLoginDomainPrefix ?? `${config.resourcePrefix}-staff`,
    });

    const entries = deployedHandlers(routes);
    this.workerConcurrency = sendWorkerConcurrency(config.sendingRatePerSecond);
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
      smsMonthlySpendLimitUsd: config.sms.monthlySpendLimitUsd,
    });

    const ceilingAlarm = new ConfirmationCeilingAlarm(this, 'ConfirmationCeilingAlarm', {
      logGroups: ['subscribe'].filter((h) => this.functions.logGroups.has(h)).map((h) => this.functions.logGroups.get(h) as logs.LogGroup),
      opsTopic: this.monitoring.opsTopic,
    });
    this.monitoring.alarms.push(ceilingAlarm.alarm);

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

  private sizing(entry: CatalogEntry, config: DeployConfig): FunctionSizing {
    if (entry.kind === 'http') {
      return { timeout: Duration.seconds(10), memorySize: 512, reservedConcurrency: config.api.functionConcurrency, asyncInvoked: false };
    }
    switch (entry.handler) {
      case workers.dispatcher.handler:
        // One dispatcher at a time; a tick older than a minute is superseded by the next one.
        return { timeout: Duration.seconds(50), memorySize: 512, reservedConcurrency: 1, asyncInvoked: true, maxEventAge: Duration.minutes(1), retryAttempts: 0 };
      case workers.sendWorker.handler:
        return { timeout: Duration.seconds(workers.sendWorker.timeoutSeconds), memorySize: 1024, reservedConcurrency: this.workerConcurrency, asyncInvoked: false };
      case workers.smsInbound.handler:
        return { timeout: Duration.seconds(30), memorySize: 512, reservedConcurrency: 2, asyncInvoked: true };
      case FEEDBACK_HANDLER:
        return { timeout: Duration.seconds(30), memorySize: 512, reservedConcurrency: 5, asyncInvoked: true };
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
    if (needs.sendSms) this.sending.grantSendSms(fn, { optIn: needs.smsOptIn });
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
    this.sending.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}`, description: 'DNS: Easy DKIM record (E9)' });
    });
    new CfnOutput(this, 'InboundSmsTopicArn', { value: this.feedback.inboundSmsTopic.topicArn, description: 'Two-way SMS destination of the origination number (S11)' });
    new CfnOutput(this, 'OpsTopicArn', { value: this.monitoring.opsTopic.topicArn });
    new CfnOutput(this, 'SigningSecretArn', { value: this.signingKey.secret.secretArn });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staffAuth.userPool.userPoolId });
    new CfnOutput(this, 'StaffUserPoolClientId', { value: this.staffAuth.client.userPoolClientId });
    new CfnOutput(this, 'StaffSignInUrl', { value: `${config.site.publicBaseUrl.replace(/\/$/, '')}/admin/login`, description: 'Staff console sign-in (Cognito managed login)' });
  }
}
