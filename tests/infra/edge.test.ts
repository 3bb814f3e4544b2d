/**
 * The edge (issue 12): CloudFront is the only way in (execute-api disabled, secret origin
 * header), the us-east-1 WAF web ACL with per-IP rate rules and managed rule groups is attached
 * to the distribution and required by production config, and one-click unsubscribe has a route
 * throttle of its own.
 */
import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../functions/http/clientIp.js';
import { UNSUBSCRIBE_ROUTE_KEY, UNSUBSCRIBE_THROTTLE } from '../../infra/Api.js';
import { loadDeployConfig, webAclRequirement } from '../../infra/DeployConfig.js';
import { EDGE_RATE_LIMITS } from '../../infra/EdgeProtection.js';
import { EXAMPLE_CONFIG, resourcesOf, type Synthesised, synthCarecast } from './support/synthCarecast.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let s: Synthesised;
let edge: Template;
beforeAll(() => {
  s = synthCarecast();
  const edgeStack = s.app.node.findChild(`${s.config.stackName}Edge`) as never;
  edge = Template.fromStack(edgeStack);
}, LOAD_BOUND_MS);
afterAll(() => s?.cleanup());

const only = (t: Template, type: string) => {
  const all = Object.values(resourcesOf(t, type));
  expect(all).toHaveLength(1);
  return all[0]?.Properties as Record<string, any>;
};

describe('the API is reachable only through CloudFront', () => {
  it('disables the execute-api endpoint and serves on a custom domain mapped to the stage', () => {
    expect(only(s.template, 'AWS::ApiGatewayV2::Api').DisableExecuteApiEndpoint).toBe(true);
    expect(only(s.template, 'AWS::ApiGatewayV2::DomainName').DomainName).toBe(s.config.site.originDomainName);
    only(s.template, 'AWS::ApiGatewayV2::ApiMapping');
  });

  it('sends the secret origin header from Secrets Manager (a dynamic reference, never a literal in the template)', () => {
    const origin = only(s.template, 'AWS::CloudFront::Distribution').DistributionConfig.Origins[0];
    const header = (origin.OriginCustomHeaders as Array<{ HeaderName: string; HeaderValue: unknown }>).find((h) => h.HeaderName === ORIGIN_VERIFY_HEADER);

    expect(JSON.stringify(header?.HeaderValue)).toContain('{{resolve:secretsmanager:');
    const fn = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function'))[0]?.Properties as Record<string, any>;
    expect(JSON.stringify(fn.Environment.Variables.CARECAST_ORIGIN_VERIFY)).toContain('{{resolve:secretsmanager:');
  });

  it('gives one-click unsubscribe its own route throttle above the stage default', () => {
    const stage = only(s.template, 'AWS::ApiGatewayV2::Stage');

    expect(stage.RouteSettings[UNSUBSCRIBE_ROUTE_KEY]).toEqual({ ThrottlingRateLimit: UNSUBSCRIBE_THROTTLE.rateLimit, ThrottlingBurstLimit: UNSUBSCRIBE_THROTTLE.burstLimit });
    expect(UNSUBSCRIBE_THROTTLE.rateLimit).toBeGreaterThan(stage.DefaultRouteSettings.ThrottlingRateLimit);
  });
});

describe('the WAF web ACL (CarecastEdge, us-east-1)', () => {
  const rules = () => only(edge, 'AWS::WAFv2::WebACL').Rules as Array<Record<string, any>>;
  const rule = (name: string) => rules().find((r) => r.Name === name) as Record<string, any>;

  it('is a CLOUDFRONT web ACL in a stack pinned to us-east-1', () => {
    expect(only(edge, 'AWS::WAFv2::WebACL').Scope).toBe('CLOUDFRONT');
    expect((s.app.node.findChild(`${s.config.stackName}Edge`) as unknown as { region: string }).region).toBe('us-east-1');
  });

  it('limits POSTs per IP, tighter on /api/subscribe and /api/book, with its own allowance for unsubscribe', () => {
    const forms = rule('forms-per-ip').Statement.RateBasedStatement;
    const posts = rule('posts-per-ip').Statement.RateBasedStatement;

    expect(forms).toMatchObject({ AggregateKeyType: 'IP', Limit: EDGE_RATE_LIMITS.forms });
    expect(JSON.stringify(forms.ScopeDownStatement)).toContain('/api/subscribe');
    expect(JSON.stringify(forms.ScopeDownStatement)).toContain('/api/book');
    expect(forms.Limit).toBeLessThan(posts.Limit);
    expect(JSON.stringify(rule('unsubscribe-per-ip').Statement)).toContain('/u/');
    expect(rule('forms-per-ip').Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
  });

  it('uses the AWS managed rule groups for IP reputation, known bad inputs and the core rule set', () => {
    const managed = rules().map((r) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean);

    expect(managed).toEqual(expect.arrayContaining(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet']));
  });

  it('logs blocked requests only, with the path, query, cookies, authorization and viewer address redacted', () => {
    const logging = only(edge, 'AWS::WAFv2::LoggingConfiguration');

    expect(logging.LoggingFilter).toEqual({ DefaultBehavior: 'DROP', Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }] });
    expect(logging.RedactedFields).toEqual(
      expect.arrayContaining([{ UriPath: {} }, { QueryString: {} }, { SingleHeader: { Name: 'cookie' } }, { SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cloudfront-viewer-address' } }]),
    );
  });

  it('is associated with the distribution', () => {
    expect(only(s.template, 'AWS::CloudFront::Distribution').DistributionConfig.WebACLId).toBe(s.config.site.webAclArn);
  });
});

describe('first-deploy order: CarecastEdge before Carecast', () => {
  const siteWithoutAcl = () => {
    const { webAclArn: _, ...site } = JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')).site;
    return site as Record<string, unknown>;
  };

  it('synthesises the edge stack without site.webAclArn; only the Carecast stack is stopped until it is set', () => {
    const first = synthCarecast({ context: { 'carecast:site': siteWithoutAcl() } });
    try {
      const edgeStack = first.app.node.findChild(`${first.config.stackName}Edge`) as Stack;
      const edgeTemplate = Template.fromStack(edgeStack);
      only(edgeTemplate, 'AWS::WAFv2::WebACL');
      expect(Object.keys(edgeTemplate.toJSON().Outputs)).toContain('WebAclArn');
      expect(Annotations.fromStack(edgeStack).findError('*', Match.anyValue())).toEqual([]);

      Annotations.fromStack(first.stack).hasError('*', Match.stringLikeRegexp('site\\.webAclArn is required: deploy the CarecastEdge stack'));
    } finally {
      first.cleanup();
    }
  });

  it('requires the web ACL for production only: a non-production stack may opt out, an ARN satisfies it', () => {
    expect(webAclRequirement({ withoutWebAcl: false })).toMatch(/CarecastEdge/);
    expect(webAclRequirement({ withoutWebAcl: true })).toBeUndefined();
    expect(webAclRequirement({ webAclArn: s.config.site.webAclArn as string, withoutWebAcl: false })).toBeUndefined();
    expect(Annotations.fromStack(s.stack).findError('*', Match.anyValue())).toEqual([]);
    const context = { 'carecast:config': EXAMPLE_CONFIG, 'carecast:site': siteWithoutAcl() };
    expect(loadDeployConfig({ context }).site.webAclArn).toBeUndefined();
  });

  it('npm run deploy and npm run deploy:edge each name one stack the app really has', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    const stackOf = (script: string) => scripts[script]?.match(/^cdk deploy (\S+)$/)?.[1];
    const stackNames = s.app.node.children.filter((c): c is Stack => Stack.isStack(c)).map((c) => c.stackName);

    expect(stackOf('deploy')).toBe(s.stack.stackName);
    expect(stackOf('deploy:edge')).toBe(`${s.config.stackName}Edge`);
    expect(stackNames.sort()).toEqual([stackOf('deploy'), stackOf('deploy:edge')].sort());
  });
});
