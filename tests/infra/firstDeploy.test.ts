/**
 * Issue 17: what would stop a clinic the first time it deploys to a fresh AWS account. Each
 * block asserts one finding of the readiness review against the synthesised template.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workers } from '../../functions/contract/routes.js';
import { LAMBDA_UNRESERVED_MINIMUM } from '../../infra/ConcurrencyPlan.js';
import { loadDeployConfig } from '../../infra/DeployConfig.js';
import { FEEDBACK_HANDLER } from '../../infra/FunctionCatalog.js';
import { derivedStaffLoginPrefix } from '../../infra/StaffLoginDomain.js';
import {
  asArray,
  EXAMPLE_CONFIG,
  functionLogicalId,
  handlersAllowed,
  logicalIdOf,
  PRODUCTION_CONTEXT,
  resourcesOf,
  type Synthesised,
  synthCarecast,
} from './support/synthCarecast.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let example: Synthesised;
let production: Synthesised;
let adopted: Synthesised;
beforeAll(() => {
  example = synthCarecast();
  production = synthCarecast({ context: { ...PRODUCTION_CONTEXT } });
  adopted = synthCarecast({
    context: {
      ...PRODUCTION_CONTEXT,
      'carecast:existingSesIdentity': 'true',
      'carecast:sms': { originationNumber: '+18332217788', numberType: 'TOLL_FREE', manageNumber: true },
      'carecast:senderDomain': 'news.other-clinic.com',
      'carecast:fromAddress': 'Other Clinic <hello@news.other-clinic.com>',
    },
  });
}, LOAD_BOUND_MS);
afterAll(() => [example, production, adopted].forEach((s) => s?.cleanup()));

const functionsOf = (s: Synthesised) => Object.entries(resourcesOf(s.template, 'AWS::Lambda::Function'));
const reservedOf = (s: Synthesised, handler: string): unknown =>
  (s.template.toJSON().Resources[functionLogicalId(s, handler)].Properties as Record<string, unknown>).ReservedConcurrentExecutions;
const outputs = (s: Synthesised): Record<string, { Value: unknown }> => s.template.toJSON().Outputs;
const exampleJson = () => JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, any>;

describe('reserved concurrency only where it bounds something', () => {
  it('reserves nothing in the example config (a new account cannot take any reservation)', () => {
    for (const [id, fn] of functionsOf(example)) expect(fn.Properties?.ReservedConcurrentExecutions, id).toBeUndefined();
    expect(outputs(example).RequiredLambdaConcurrency?.Value).toBe(String(LAMBDA_UNRESERVED_MINIMUM));
  });

  it('with reservations on, reserves only the send worker and the dispatcher, and the template sums to the printed quota', () => {
    const reserved = functionsOf(production).map(([, fn]) => fn.Properties?.ReservedConcurrentExecutions).filter((n) => n !== undefined) as number[];
    const total = reserved.reduce((a, b) => a + b, 0);

    expect(reservedOf(production, workers.sendWorker.handler)).toBe(12); // floor(0.9 × 14 msg/s)
    expect(reservedOf(production, workers.dispatcher.handler)).toBe(1);
    expect(total).toBe(13);
    expect(production.stack.concurrency.requiredAccountConcurrency).toBe(total + LAMBDA_UNRESERVED_MINIMUM);
    expect(outputs(production).RequiredLambdaConcurrency?.Value).toBe('113');
  });

  it('puts no reservation on HTTP handlers or on the compliance handlers (inbound SMS, SES feedback)', () => {
    const http = [...production.stack.functions.byHandler.keys()].filter((h) => !Object.values(workers).some((w) => w.handler === h) && h !== FEEDBACK_HANDLER);
    expect(http.length).toBeGreaterThan(5);
    for (const h of [...http, workers.smsInbound.handler, FEEDBACK_HANDLER]) expect(reservedOf(production, h), h).toBeUndefined();
  });
});

describe('unique, derived names', () => {
  it('derives the Cognito prefix from the sender domain plus a short hash, distinct per clinic', () => {
    const domainOf = (s: Synthesised) => Object.values(resourcesOf(s.template, 'AWS::Cognito::UserPoolDomain'))[0]?.Properties?.Domain;
    const a = domainOf(example) as string;
    const b = domainOf(adopted) as string;

    expect(a).toBe(derivedStaffLoginPrefix(example.config));
    expect(a).toMatch(/^mail-example-clinic-org-staff-[0-9a-f]{6}$/);
    expect(b).toMatch(/^news-other-clinic-com-staff-[0-9a-f]{6}$/);
    expect(a).not.toBe('carecast-prod-staff');
    expect(outputs(example).StaffLoginDomainPrefix?.Value).toBe(a);
  });

  it('keeps derived prefixes within Cognito rules (no aws/amazon/cognito, at most 63 characters)', () => {
    const p = derivedStaffLoginPrefix({ senderDomain: `mail.amazon-aws-cognito-${'x'.repeat(80)}.org`, stackName: 'Carecast', resourcePrefix: 'carecast-prod' });
    expect(p.length).toBeLessThanOrEqual(63);
    expect(p).not.toMatch(/aws|amazon|cognito/);
    expect(p).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
  });

  it('uses an existing SES identity instead of creating one (no AlreadyExists), still granting sends on it by ARN', () => {
    expect(Object.keys(resourcesOf(adopted.template, 'AWS::SES::EmailIdentity'))).toHaveLength(0);
    expect(Object.keys(resourcesOf(production.template, 'AWS::SES::EmailIdentity'))).toHaveLength(1);
    expect(JSON.stringify(adopted.template.toJSON().Resources)).toContain(':identity/news.other-clinic.com');
    expect(Object.keys(outputs(adopted)).filter((k) => k.startsWith('DkimRecord'))).toHaveLength(0);
  });
});

describe('SMS owned by one party', () => {
  it('launches email-only without a number: no SMS resources, no SMS permissions, no origination variable', () => {
    expect(Object.keys(resourcesOf(example.template, 'AWS::SMSVOICE::OptOutList'))).toHaveLength(0);
    expect(Object.keys(resourcesOf(example.template, 'AWS::SMSVOICE::PhoneNumber'))).toHaveLength(0);
    expect(handlersAllowed(example, 'sns:Publish')).toEqual([]);
    const env = (resourcesOf(example.template, 'AWS::Lambda::Function')[functionLogicalId(example, 'sendWorker')]?.Properties as any).Environment.Variables;
    expect(env.CARECAST_SMS_ORIGINATION).toBeUndefined();
  });

  it('creates its own opt-out list and sizes the texter to the toll-free number (3 msg/s)', () => {
    production.template.hasResourceProperties('AWS::SMSVOICE::OptOutList', { OptOutListName: 'carecast-prod-sms-opt-outs' });
    const env = (resourcesOf(production.template, 'AWS::Lambda::Function')[functionLogicalId(production, 'sendWorker')]?.Properties as any).Environment.Variables;
    expect(env.CARECAST_SMS_MAX_SEND_RATE).toBe('3');
    expect(env.CARECAST_SMS_ORIGINATION).toBe('+18332217788');
  });

  it('declares the adopted number with self-managed opt-outs, two-way to the inbound topic, and START/UNSTOP as opt-in keywords', () => {
    const numbers = Object.values(resourcesOf(adopted.template, 'AWS::SMSVOICE::PhoneNumber'));
    expect(numbers).toHaveLength(1);
    const n = numbers[0] as any;
    expect(n.DeletionPolicy).toBe('Retain');
    expect(n.Properties).toMatchObject({
      IsoCountryCode: 'US',
      NumberType: 'TOLL_FREE',
      SelfManagedOptOutsEnabled: true,
      OptOutListName: 'carecast-prod-sms-opt-outs',
      TwoWay: { Enabled: true, ChannelArn: { Ref: logicalIdOf(adopted, adopted.stack.feedback.inboundSmsTopic) } },
    });
    expect(n.Properties.OptionalKeywords.map((k: any) => [k.Keyword, k.Action])).toEqual([
      ['START', 'OPT_IN'],
      ['UNSTOP', 'OPT_IN'],
    ]);
    expect(outputs(adopted).SmsPhoneNumberId).toBeDefined();
  });

  it('refuses the fictional 555-01XX placeholder number and a missing number type', () => {
    const c = exampleJson();
    c.sms = { originationNumber: '+18005550199', numberType: 'TOLL_FREE' };
    expect(() => loadDeployConfig({ context: { ...flatten(c) } })).toThrow(/sms\.originationNumber: is a fictional 555-01XX placeholder/);
    c.sms = { originationNumber: '+18332217788' };
    expect(() => loadDeployConfig({ context: { ...flatten(c) } })).toThrow(/sms\.numberType/);
  });
});

describe('silent failures made loud', () => {
  it('dead-letters inbound SMS and SES feedback to a compliance DLQ of their own, with its own alarm', () => {
    const compliance = { 'Fn::GetAtt': [logicalIdOf(production, production.stack.compliance.deadLetterQueue), 'Arn'] };
    for (const h of [workers.smsInbound.handler, FEEDBACK_HANDLER]) {
      const props = production.template.toJSON().Resources[functionLogicalId(production, h)].Properties;
      expect(props.DeadLetterConfig, h).toEqual({ TargetArn: compliance });
    }
    const dispatcher = production.template.toJSON().Resources[functionLogicalId(production, workers.dispatcher.handler)].Properties;
    expect(dispatcher.DeadLetterConfig.TargetArn).not.toEqual(compliance);
    production.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(production, production.stack.compliance.deadLetterQueue), 'QueueName'] } }],
    });
  });

  it('halts sending on an account-level denial: the alarm pages ops and invokes a function that may only disable the send mapping', () => {
    const alarm = production.template.toJSON().Resources[logicalIdOf(production, production.stack.sendSafety.accountDenialAlarm)].Properties;
    expect(alarm).toMatchObject({ Namespace: 'Carecast', MetricName: 'AccountDenials', Threshold: 0 });
    expect(alarm.AlarmActions).toContainEqual({ Ref: logicalIdOf(production, production.stack.monitoring.opsTopic) });
    expect(alarm.AlarmActions).toContainEqual({ 'Fn::GetAtt': [logicalIdOf(production, production.stack.sendSafety.haltFunction), 'Arn'] });
    const haltRole = production.stack.getLogicalId(production.stack.sendSafety.haltFunction.role?.node.defaultChild as never);
    const statements = Object.values(resourcesOf(production.template, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: haltRole }]))
      .flatMap((p) => (p.Properties?.PolicyDocument as any).Statement);
    const lambdaActions = statements.flatMap((st: any) => asArray(st.Action)).filter((a: string) => a.startsWith('lambda:'));
    expect(lambdaActions).toEqual(['lambda:UpdateEventSourceMapping']);
  });

  it('alarms on per-recipient refusals (one is enough in the SES sandbox) and on texts carriers dropped', () => {
    const refusal = (s: Synthesised) => s.template.toJSON().Resources[logicalIdOf(s, s.stack.sendSafety.refusalAlarm)].Properties;
    expect(refusal(example)).toMatchObject({ MetricName: 'ProviderRefusals', Threshold: 1 });
    expect(refusal(production)).toMatchObject({ MetricName: 'ProviderRefusals', Threshold: 5 });
    production.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SNS', MetricName: 'NumberOfNotificationsFailed' });
    expect(example.stack.sendSafety.smsDeliveryFailureAlarm).toBeUndefined();
  });
});

describe('the example config is safe for the SES sandbox', () => {
  it('sends 1 message/s, lists its sandbox recipients with the booking inbox, and lets the send role name them', () => {
    expect(example.config.sendingRatePerSecond).toBe(1);
    expect(example.config.sandboxRecipients).toContain(example.config.bookingInbox);
    expect(example.config.reserveConcurrency).toBe(false);
    const grants = JSON.stringify(example.template.toJSON().Resources);
    for (const r of example.config.sandboxRecipients) expect(grants).toContain(`:identity/${r}`);
  });

  it('refuses sandbox recipients that leave out the booking inbox, and a mailto: unsubscribe nobody receives', () => {
    const c = exampleJson();
    c.sandboxRecipients = ['someone@example-clinic.org'];
    expect(() => loadDeployConfig({ context: flatten(c) })).toThrow(/sandboxRecipients: must include bookingInbox/);
    const d = exampleJson();
    d.unsubscribeMailto = 'unsubscribe@mail.example-clinic.org';
    expect(() => loadDeployConfig({ context: flatten(d) })).toThrow(/unsubscribeMailto: nothing in the stack receives mail/);
  });
});

describe('runbook inputs are stack outputs', () => {
  it.each(['SendDlqArn', 'AsyncFailureDlqArn', 'ComplianceDlqArn', 'SendQueueUrl', 'DispatcherRuleName', 'SendWorkerMappingId', 'SendWorkerFunctionName', 'KeyArn', 'OpsTopicArn', 'InboundSmsTopicArn', 'SigningSecretArn', 'StaffUserPoolId', 'TableName', 'RequiredLambdaConcurrency'])(
    'outputs %s',
    (name) => {
      expect(outputs(production)[name], name).toBeDefined();
    },
  );

  it('outputs the SMS opt-out list and the delivery-status role only when a number is configured', () => {
    expect(outputs(production).SmsOptOutListName).toBeDefined();
    expect(outputs(production).SmsDeliveryStatusRoleArn).toBeDefined();
    expect(outputs(example).SmsOptOutListName).toBeUndefined();
  });
});

/** A config object as individual `carecast:` context keys (no file). */
function flatten(c: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).filter(([k]) => k !== '$comment').map(([k, v]) => [`carecast:${k}`, v]));
}
