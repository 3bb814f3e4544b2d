import { dirname } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployedRoutes, isConsolePage, type Route, routes } from '../../functions/contract/routes.js';
import { Api } from '../../infra/Api.js';
import { StaffAuth, STAFF_GROUPS } from '../../infra/StaffAuth.js';
import { functionLogicalId, logicalIdOf, PLACEHOLDER_HANDLER, resourcesOf, type Synthesised, synthCarecast } from './support/synthCarecast.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let s: Synthesised;
beforeAll(() => {
  s = synthCarecast();
}, LOAD_BOUND_MS);
afterAll(() => s?.cleanup());

const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;
const apiRoutes = () => Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties as Record<string, any>);
const one = (type: string) => {
  const all = Object.values(resourcesOf(s.template, type));
  expect(all, type).toHaveLength(1);
  return all[0]?.Properties as Record<string, any>;
};

describe('Api: the HTTP API built from routes.ts', () => {
  it('has a route for every deployed route and nothing else', () => {
    expect(apiRoutes().map((r) => r.RouteKey).sort()).toEqual(deployedRoutes.map(routeKey).sort());
  });

  it('deploys no localOnly route (developer outbox, clock, simulated SMS)', () => {
    const keys = new Set(apiRoutes().map((r) => r.RouteKey));
    const localOnly = routes.filter((r) => r.localOnly);

    expect(localOnly.length).toBeGreaterThan(0);
    for (const r of localOnly) expect(keys.has(routeKey(r)), routeKey(r)).toBe(false);
  });

  it('sends each route to the Lambda of its handler module', () => {
    const integrations = resourcesOf(s.template, 'AWS::ApiGatewayV2::Integration');
    for (const route of deployedRoutes) {
      const r = apiRoutes().find((x) => x.RouteKey === routeKey(route));
      const integrationId = (r?.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
      const uri = integrations[integrationId.Ref]?.Properties?.IntegrationUri;

      expect(uri, routeKey(route)).toEqual({ 'Fn::GetAtt': [functionLogicalId(s, route.handler), 'Arn'] });
    }
  });

  it('leaves public routes without an authorizer', () => {
    const publicKeys = new Set(deployedRoutes.filter((r) => r.auth === 'public').map(routeKey));
    expect(publicKeys.size).toBeGreaterThan(0);
    for (const r of apiRoutes().filter((x) => publicKeys.has(x.RouteKey))) expect(r.AuthorizationType ?? 'NONE', r.RouteKey).toBe('NONE');
  });

  it('puts the staff JWT authorizer on every /api/admin route (Bearer tokens, issue 6)', () => {
    const apiKeys = new Set(deployedRoutes.filter((r) => r.auth !== 'public' && !isConsolePage(r)).map(routeKey));
    expect(apiKeys.size).toBeGreaterThan(0);
    for (const key of apiKeys) expect(key).toMatch(/^(GET|POST) \/api\/admin\//);
    for (const r of apiRoutes().filter((x) => apiKeys.has(x.RouteKey))) expect(r.AuthorizationType, r.RouteKey).toBe('JWT');
  });

  it('leaves the cookie-authenticated /admin pages without a gateway authorizer; their handler verifies the token', () => {
    const pageKeys = new Set(deployedRoutes.filter((r) => r.auth !== 'public' && isConsolePage(r)).map(routeKey));
    expect(pageKeys).toContain('GET /admin');
    expect(pageKeys).toContain('POST /admin/sequences/{id}/edit');
    const pages = apiRoutes().filter((x) => pageKeys.has(x.RouteKey));
    expect(pages).toHaveLength(pageKeys.size);
    for (const r of pages) {
      expect(r.AuthorizationType ?? 'NONE', r.RouteKey).toBe('NONE');
      expect(r.AuthorizerId, r.RouteKey).toBeUndefined();
    }
    for (const r of deployedRoutes.filter((x) => isConsolePage(x) && x.auth !== 'public')) expect(['adminPages'], routeKey(r)).toContain(r.handler);
  });

  it('deploys the browser sign-in and its callback as public routes of their own handler', () => {
    const byKey = Object.fromEntries(apiRoutes().map((r) => [r.RouteKey, r]));
    for (const key of ['GET /admin/login', 'GET /admin/callback']) {
      expect(byKey[key], key).toBeDefined();
      expect(byKey[key]?.AuthorizationType ?? 'NONE', key).toBe('NONE');
      expect(deployedRoutes.find((r) => routeKey(r) === key)?.handler).toBe('adminSignIn');
    }
  });

  it('allows CORS only from the site origin, for POST and OPTIONS (W6)', () => {
    expect(one('AWS::ApiGatewayV2::Api').CorsConfiguration).toEqual({
      AllowOrigins: ['https://learn.example-clinic.org'],
      AllowMethods: ['POST', 'OPTIONS'],
      AllowHeaders: ['content-type'],
      AllowCredentials: false,
      MaxAge: 3600,
    });
  });

  it('throttles the stage by default (W1)', () => {
    expect(one('AWS::ApiGatewayV2::Stage')).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it('writes access logs with route templates and ids, never paths, IPs or user agents (P5)', () => {
    const settings = one('AWS::ApiGatewayV2::Stage').AccessLogSettings;
    const format = JSON.parse(settings.Format) as Record<string, string>;

    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(s, s.stack.api.accessLogs), 'Arn'] });
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    expect(settings.Format).not.toMatch(/\$context\.(path|identity\.sourceIp|identity\.userAgent|http\.path)/);
  });

  it('lets API Gateway invoke each HTTP handler', () => {
    const permissions = Object.values(resourcesOf(s.template, 'AWS::Lambda::Permission')).map((p) => p.Properties as Record<string, any>);
    for (const handler of new Set(deployedRoutes.map((r) => r.handler))) {
      expect(
        permissions.some((p) => p.Principal === 'apigateway.amazonaws.com' && JSON.stringify(p.FunctionName).includes(functionLogicalId(s, handler))),
        handler,
      ).toBe(true);
    }
  });
});

describe('Api: staff and admin routes', () => {
  const staffRoutes: Route[] = [
    { method: 'GET', path: '/pages/public', handler: 'publicThing', auth: 'public', summary: 'public' },
    { method: 'GET', path: '/staff/subscribers', handler: 'staffThing', auth: 'staff', summary: 'staff' },
    { method: 'POST', path: '/api/admin/sequences', handler: 'adminThing', auth: 'admin', summary: 'admin' },
    { method: 'GET', path: '/admin/sequences', handler: 'pageThing', auth: 'admin', summary: 'console page' },
  ];
  const buildApi = (routeList: Route[], withAuthorizer = true) => {
    const stack = new Stack(new App(), 'ApiOnly');
    const code = lambda.Code.fromAsset(dirname(PLACEHOLDER_HANDLER));
    const fns = new Map<string, lambda.Function>();
    const functionFor = (h: string) => {
      if (!fns.has(h)) fns.set(h, new lambda.Function(stack, h, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'placeholderHandler.handler', code }));
      return fns.get(h) as lambda.Function;
    };
    const auth = new StaffAuth(stack, 'StaffAuth', { publicBaseUrl: 'https://learn.example-clinic.org', domainPrefix: 'carecast-test-staff' });
    new Api(stack, 'Api', {
      routes: routeList,
      functionFor,
      allowedOrigins: ['https://learn.example-clinic.org'],
      throttle: { rateLimit: 20, burstLimit: 40 },
      originDomain: { domainName: 'origin.learn.example-clinic.org', certificateArn: 'arn:aws:acm:us-west-2:111122223333:certificate/00000000-0000-0000-0000-000000000001' },
      ...(withAuthorizer ? { staffAuthorizer: auth.authorizer } : {}),
      key: new kms.Key(stack, 'Key'),
      logRetentionDays: 365,
    });
    return Template.fromStack(stack);
  };

  it('puts the Cognito JWT authorizer on staff and admin routes except cookie-session console pages', () => {
    const t = buildApi(staffRoutes);
    const byKey = Object.fromEntries(Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey, r.Properties]));

    expect(byKey['GET /staff/subscribers']).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: expect.any(String) } });
    expect(byKey['POST /api/admin/sequences']).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: expect.any(String) } });
    expect(byKey['GET /pages/public']?.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(byKey['GET /admin/sequences']?.AuthorizationType ?? 'NONE').toBe('NONE');
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: Match.anyValue() }], Issuer: Match.anyValue() },
    });
  });

  it('refuses to build a staff route without an authorizer', () => {
    expect(() => buildApi(staffRoutes, false)).toThrow(/GET \/staff\/subscribers needs auth 'staff' but no staff authorizer/);
  });

  it('refuses localOnly routes', () => {
    expect(() => buildApi(routes.filter((r) => r.localOnly))).toThrow(/localOnly routes are never deployed/);
  });
});

describe('StaffAuth: the staff user pool', () => {
  it('requires TOTP MFA, a strong password, admin-created users and the Plus tier (P9)', () => {
    expect(one('AWS::Cognito::UserPool')).toMatchObject({
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      UserPoolTier: 'PLUS',
      DeletionProtection: 'ACTIVE',
    });
  });

  it('has one group per non-public RouteAuth level', () => {
    const groups = Object.values(resourcesOf(s.template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties?.GroupName);

    expect(groups.sort()).toEqual(Object.keys(STAFF_GROUPS).sort());
    expect(groups.sort()).toEqual(['admin', 'staff']);
  });

  it('has a managed-login domain and a client with the code grant, the /admin/callback URL and a sign-out URL', () => {
    const client = one('AWS::Cognito::UserPoolClient');
    expect(client).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email']),
      CallbackURLs: ['https://learn.example-clinic.org/admin/callback'],
      LogoutURLs: ['https://learn.example-clinic.org/'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(client.AllowedOAuthFlows).not.toContain('implicit');
    expect(one('AWS::Cognito::UserPoolDomain')).toMatchObject({ Domain: s.stack.staffLoginDomainPrefix, ManagedLoginVersion: 2 });
    expect(one('AWS::Cognito::ManagedLoginBranding')).toMatchObject({ UseCognitoProvidedValues: true });
  });

  it('gives the console handlers the issuer, client id, login domain and callback URL, and no one else', () => {
    const envOf = (h: string) => (resourcesOf(s.template, 'AWS::Lambda::Function')[functionLogicalId(s, h)]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    for (const h of ['adminPages', 'adminApi', 'adminSignIn']) {
      expect(envOf(h), h).toMatchObject({
        CARECAST_STAFF_ISSUER: expect.anything(),
        CARECAST_STAFF_AUDIENCE: { Ref: logicalIdOf(s, s.stack.staffAuth.client) },
        CARECAST_STAFF_LOGIN_URL: expect.anything(),
        CARECAST_STAFF_CALLBACK_URL: 'https://learn.example-clinic.org/admin/callback',
      });
      expect(JSON.stringify(envOf(h).CARECAST_STAFF_LOGIN_URL), h).toContain('amazoncognito.com');
    }
    for (const h of ['subscribe', 'adminAssets', 'sendWorker']) expect(envOf(h), h).not.toHaveProperty('CARECAST_STAFF_ISSUER');
  });

  it('has a public SRP client with no secret and short-lived tokens', () => {
    expect(one('AWS::Cognito::UserPoolClient')).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
    });
  });
});

describe('Site: CloudFront in front of the API', () => {
  it('serves the public host with the configured certificate over TLS 1.2+, never caching', () => {
    const d = one('AWS::CloudFront::Distribution').DistributionConfig;

    expect(d.Aliases).toEqual(['learn.example-clinic.org']);
    expect(d.ViewerCertificate).toEqual({ AcmCertificateArn: s.config.site.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(d.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'OPTIONS']),
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
    });
  });

  it('reaches the HTTP API over HTTPS only, on its custom origin domain (execute-api is disabled)', () => {
    const origin = one('AWS::CloudFront::Distribution').DistributionConfig.Origins[0];

    expect(origin.DomainName).toBe(s.config.site.originDomainName);
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('adds CSP with frame-ancestors none, HSTS, nosniff, DENY framing and a same-origin referrer policy (W11)', () => {
    const h = one('AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig.SecurityHeadersConfig;

    expect(h.ContentSecurityPolicy.ContentSecurityPolicy).toMatch(/frame-ancestors 'none'/);
    expect(h.ContentSecurityPolicy.ContentSecurityPolicy).toMatch(/default-src 'none'/);
    expect(h.ContentSecurityPolicy.ContentSecurityPolicy).not.toMatch(/https?:/);
    expect(h.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true });
    expect(h.ContentTypeOptions).toEqual({ Override: true });
    expect(h.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(h.ReferrerPolicy.ReferrerPolicy).toBe('same-origin');
  });
});
