/**
 * The AWS WAF web ACL in front of CloudFront (issue 12, W1, W2): the distributed per-IP rate
 * limiter in AWS. A CLOUDFRONT-scope web ACL must live in us-east-1, so it is a stack of its own
 * (`CarecastEdge`), deployed first; its `WebAclArn` output goes into the main stack's config as
 * `site.webAclArn`, which production config requires (DeployConfig.ts).
 *
 * Rules, in order: AWS IP reputation list; rate limits per client IP on the public POST routes,
 * tighter on /api/subscribe and /api/book (the forms that make the clinic send a message) and a
 * separate allowance for one-click unsubscribe; AWS's known-bad-inputs and core rule sets.
 * Blocked requests are logged without personal data: URI path (tokens), query string and the
 * headers that carry identity are redacted; WAF itself always records the client IP and country.
 */
import { Aws, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.js';

/** Requests per client IP per 5-minute window (WAF's evaluation window). */
export const EDGE_RATE_LIMITS = {
  /** Signup and booking: each request can make the clinic send a text or an email. */
  forms: 20,
  /** One-click unsubscribe: a person clicks once; a mail gateway may re-post a few times. */
  unsubscribe: 60,
  /** Every other POST (preferences, staff console). */
  otherPosts: 300,
} as const;

export const FORM_PATHS = ['/api/subscribe', '/api/book'] as const;

/** Headers that may identify a person or carry a credential; redacted in WAF logs. */
export const REDACTED_HEADERS = ['cookie', 'authorization', 'referer', 'x-forwarded-for', 'cloudfront-viewer-address'] as const;

const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName: `carecast-${name}`,
  sampledRequestsEnabled: false,
});

const post: wafv2.CfnWebACL.StatementProperty = {
  byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: 'POST', textTransformations: [{ priority: 0, type: 'NONE' }] },
};
const pathStartsWith = (path: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: path, textTransformations: [{ priority: 0, type: 'NONE' }] },
});
const pathIs = (path: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'EXACTLY', searchString: path, textTransformations: [{ priority: 0, type: 'NONE' }] },
});

const rateRule = (name: string, priority: number, limit: number, scopeDown: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  action: { block: { customResponse: { responseCode: 429 } } },
  statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit, evaluationWindowSec: 300, scopeDownStatement: scopeDown } },
  visibilityConfig: visibility(name),
});

const managed = (name: string, priority: number, excludedBodyRules: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      // Staff save long templates: count, not block, the 8 KB body-size rule.
      ...(excludedBodyRules.length ? { ruleActionOverrides: excludedBodyRules.map((r) => ({ name: r, actionToUse: { count: {} } })) } : {}),
    },
  },
  visibilityConfig: visibility(name),
});

export class EdgeProtectionStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps & { resourcePrefix: string; logRetentionDays: number }) {
    super(scope, id, { description: 'Carecast edge: the CloudFront WAF web ACL (us-east-1)', ...props, env: { ...props.env, region: 'us-east-1' } });

    const forms: wafv2.CfnWebACL.StatementProperty = { orStatement: { statements: FORM_PATHS.map(pathIs) } };
    const unsubscribe = pathStartsWith('/u/');
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${props.resourcePrefix}-edge`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('web-acl'),
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        rateRule('forms-per-ip', 1, EDGE_RATE_LIMITS.forms, { andStatement: { statements: [post, forms] } }),
        rateRule('unsubscribe-per-ip', 2, EDGE_RATE_LIMITS.unsubscribe, { andStatement: { statements: [post, unsubscribe] } }),
        rateRule('posts-per-ip', 3, EDGE_RATE_LIMITS.otherPosts, post),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 4),
        managed('AWSManagedRulesCommonRuleSet', 5, ['SizeRestrictions_BODY']),
      ],
    });

    // WAF requires the log group name to start with aws-waf-logs-.
    const logGroup = new logs.LogGroup(this, 'BlockedRequests', {
      logGroupName: `aws-waf-logs-${props.resourcePrefix}-edge`,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [`arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${logGroup.logGroupName}`],
      // P5: tokens ride in the path (/u/{token}, /c/{token}); identity rides in these headers.
      redactedFields: [{ uriPath: {} }, { queryString: {} }, ...REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } }))],
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
    });
    acknowledge(
      logGroup,
      'HIPAA.Security-CloudWatchLogGroupEncrypted',
      'The WAF log group holds only blocked requests with path, query, cookies, authorization, referer and viewer-address redacted; it lives in us-east-1, outside the Region of the Carecast data key, and CloudWatch Logs encrypts it at rest with an AWS-owned key.',
    );

    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn, description: 'Set as site.webAclArn in the Carecast deploy config' });
  }
}
