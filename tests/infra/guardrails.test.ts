import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asArray, iamStatements, PRODUCTION_CONTEXT, resourcesOf, type Synthesised, synthCarecast } from './support/synthCarecast.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let s: Synthesised;
beforeAll(() => {
  // nag: true registers both packs as validation plugins, as `npm run synth` does: synthesis
  // itself would throw on an unacknowledged finding.
  s = synthCarecast({ nag: true, context: { ...PRODUCTION_CONTEXT } });
}, LOAD_BOUND_MS);
afterAll(() => s?.cleanup());

/** P3: HIPAA-eligible services, plus the control-plane types that hold no PHI. */
const ALLOWED_RESOURCE_TYPES = new Set([
  'AWS::DynamoDB::Table',
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SNS::Subscription',
  'AWS::SES::ConfigurationSet',
  'AWS::SES::ConfigurationSetEventDestination',
  'AWS::SES::EmailIdentity',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::Events::Rule',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  // Cognito managed login for the staff console (same HIPAA-eligible service): domain and branding.
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::ManagedLoginBranding',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
  'AWS::Backup::BackupPlan',
  'AWS::Backup::BackupSelection',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  // The edge (issue 12): the API's custom origin domain, and the metric filter behind the ceiling alarm.
  'AWS::ApiGatewayV2::DomainName',
  'AWS::ApiGatewayV2::ApiMapping',
  'AWS::Logs::MetricFilter',
  // SNS SMS delivery-status records to the smsDeliveryStatus function (issue 16).
  'AWS::Logs::SubscriptionFilter',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  // AWS End User Messaging SMS (issue 17): the program's own opt-out list and, when adopted, its
  // number; the SMS path already runs through it (SNS sends US texts with its numbers).
  'AWS::SMSVOICE::OptOutList',
  'AWS::SMSVOICE::PhoneNumber',
]);

const allows = () => iamStatements(s.template).filter((st) => st.Effect === 'Allow');

describe('Guardrails: what the stack must never contain', () => {
  it('uses only HIPAA-eligible services and control-plane resources (P3)', () => {
    const types = new Set(Object.values(s.template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type));

    expect([...types].filter((t) => !ALLOWED_RESOURCE_TYPES.has(t))).toEqual([]);
  });

  it('grants no wildcard action such as dynamodb:* or kms:*', () => {
    const wildcards = allows().flatMap((st) => asArray(st.Action).filter((a) => a.includes('*')).map((a) => `${st.policyId}: ${a}`));

    expect(wildcards).toEqual([]);
  });

  it('grants SES send on the identity and configuration set only, never on "*"', () => {
    const ses = allows().filter((st) => asArray(st.Action).some((a) => a.startsWith('ses:')));

    expect(ses.length).toBeGreaterThan(0);
    for (const st of ses) expect(asArray(st.Resource), st.policyId).not.toContain('*');
  });

  it('allows Resource "*" only where IAM has no resource ARN: SNS SMS to phone numbers, and X-Ray trace upload (issue 16)', () => {
    const star = allows().filter((st) => asArray(st.Resource).includes('*'));
    const noResourceArn = ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut', 'sns:OptInPhoneNumber', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

    expect(star.length).toBeGreaterThan(0);
    for (const st of star) expect(asArray(st.Action).every((a) => noResourceArn.includes(a)), st.policyId).toBe(true);
  });

  it('grants DynamoDB without Scan or table-level administration', () => {
    const actions = new Set(allows().flatMap((st) => asArray(st.Action)).filter((a) => a.startsWith('dynamodb:')));

    expect([...actions].sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'].sort(),
    );
  });

  it('has no S3 bucket, so no public bucket and no bucket policy', () => {
    expect(Object.keys(resourcesOf(s.template, 'AWS::S3::Bucket'))).toEqual([]);
    expect(Object.keys(resourcesOf(s.template, 'AWS::S3::BucketPolicy'))).toEqual([]);
  });

  it('exposes no Lambda publicly: no function URLs and no invoke permission for "*"', () => {
    const permissions = Object.values(resourcesOf(s.template, 'AWS::Lambda::Permission')).map((p) => p.Properties as Record<string, any>);

    expect(Object.keys(resourcesOf(s.template, 'AWS::Lambda::Url'))).toEqual([]);
    for (const p of permissions) expect(p.Principal).toMatch(/\.amazonaws\.com$/);
  });

  it('attaches no AWS managed policy except the one AWS Backup requires', () => {
    const managed = Object.values(resourcesOf(s.template, 'AWS::IAM::Role')).flatMap((r) => asArray(r.Properties?.ManagedPolicyArns as unknown[] | undefined));

    expect(JSON.stringify(managed)).toBe(JSON.stringify([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] }]));
  });
});

describe('Guardrails: cdk-nag', () => {
  it.each([
    { pack: 'AwsSolutions', make: () => new AwsSolutionsChecks() },
    { pack: 'HIPAA.Security', make: () => new HIPAASecurityChecks() },
  ])('$pack reports no unacknowledged finding', ({ make }) => {
    const report = make().validateScope(s.app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

    expect(findings).toEqual([]);
  });

  it('synthesises with both packs registered as validation plugins and writes an empty report', () => {
    const report = JSON.parse(readFileSync(join(s.app.outdir, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };

    expect(report.pluginReports).toEqual([]);
  });

  it('acknowledges only the reviewed rules, each with a specific reason', () => {
    const acks = new Map<string, string>();
    const walk = (c: IConstruct) => {
      for (const m of c.node.metadata) {
        if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(m.data as Record<string, string>)) acks.set(id.replace(/^annotation::/i, ''), reason);
      }
      for (const child of c.node.children) walk(child);
    };
    walk(s.app);

    expect([...acks.keys()].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-CFR1',
        'AwsSolutions-CFR3',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::arn:aws:logs:*:*:log-group:sns/*]',
        'AwsSolutions-L1',
        'AwsSolutions-SMG4',
        'HIPAA.Security-CloudWatchLogGroupEncrypted',
        'HIPAA.Security-IAMNoInlinePolicy',
        'HIPAA.Security-LambdaConcurrency',
        'HIPAA.Security-LambdaDLQ',
        'HIPAA.Security-LambdaInsideVPC',
        'HIPAA.Security-SecretsManagerRotationEnabled',
      ].sort(),
    );
    for (const [id, reason] of acks) {
      expect(reason.length, id).toBeGreaterThanOrEqual(80);
      expect(reason, id).not.toMatch(/^(n\/?a|not needed|ok|fine|ignore)/i);
    }
  });
});
