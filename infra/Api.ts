/**
 * The HTTP API: one route per deployed entry of functions/contract/routes.ts.
 *
 * Each handler module gets one Lambda integration shared by its routes. Public routes carry no
 * authorizer (patients reach them from email links; tokens and throttling protect them). The
 * staff JSON API (/api/admin, Bearer tokens) gets the Cognito JWT authorizer, and a staff route
 * without one fails synthesis. Staff console pages (/admin…) get none: their token travels in
 * the session cookie and the JWT authorizer reads only the Authorization header, so it would
 * turn every signed-in page view into a 401. Their handler verifies the cookie's token with the
 * same checks (staffRoute.ts), so they are not less protected, only checked once instead of twice.
 * CORS allows exact origins and POST/OPTIONS only (W6). Stage throttling bounds abuse (W1).
 * Access logs record the route template, never the path, so tokens stay out of logs (P5).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { isConsolePage, type Route } from '../functions/contract/routes.js';
import { acknowledge } from './nag.js';

/** P5: ids, status and timing only; no path, query, IP or user agent. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  responseLength: '$context.responseLength',
} as const;

/**
 * One-click unsubscribe (RFC 8058) gets a route throttle of its own, above the stage default,
 * so traffic on other routes never starves it; WAF limits each IP on it (issue 12).
 */
export const UNSUBSCRIBE_ROUTE_KEY = 'POST /u/{token}';
export const UNSUBSCRIBE_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

/** The API's custom domain: CloudFront's origin, since the execute-api endpoint is disabled. */
export interface OriginDomain {
  domainName: string;
  certificateArn: string;
}

export interface ApiProps {
  routes: readonly Route[];
  functionFor: (handler: string) => lambda.IFunction;
  /** Exact origins allowed by CORS (the site origin). */
  allowedOrigins: readonly string[];
  throttle: { rateLimit: number; burstLimit: number };
  /** Required as soon as any route is `staff` or `admin`. */
  staffAuthorizer?: apigw.IHttpRouteAuthorizer;
  key: kms.IKey;
  logRetentionDays: number;
  originDomain: OriginDomain;
}

export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly originDomain: apigw.DomainName;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const deployable = props.routes.filter((r) => !r.localOnly);
    if (deployable.length !== props.routes.length) throw new Error('Api: localOnly routes are never deployed; pass deployedRoutes');

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Carecast pages and API',
      createDefaultStage: false,
      // CloudFront (and its WAF web ACL) is the only way in; it reaches the API on originDomain.
      disableExecuteApiEndpoint: true,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: [apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ['content-type'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const unsubscribeRoute = deployable.find((r) => `${r.method} ${r.path}` === UNSUBSCRIBE_ROUTE_KEY);
    if (unsubscribeRoute) {
      // RouteSettings is a plain JSON map in CloudFormation: keys keep their CloudFormation case.
      (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = {
        [UNSUBSCRIBE_ROUTE_KEY]: { ThrottlingRateLimit: UNSUBSCRIBE_THROTTLE.rateLimit, ThrottlingBurstLimit: UNSUBSCRIBE_THROTTLE.burstLimit },
      };
    }

    this.originDomain = new apigw.DomainName(this, 'OriginDomain', {
      domainName: props.originDomain.domainName,
      certificate: acm.Certificate.fromCertificateArn(this, 'OriginCertificate', props.originDomain.certificateArn),
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    new apigw.ApiMapping(this, 'OriginMapping', { api: this.httpApi, domainName: this.originDomain, stage: this.stage });

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of deployable) {
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.handler}Integration`, props.functionFor(route.handler));
        integrations.set(route.handler, integration);
      }
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        ...(route.auth === 'public' || isConsolePage(route) ? {} : { authorizer: this.staffAuthorizerFor(route, props.staffAuthorizer) }),
      });
      if (route.auth !== 'public' && isConsolePage(route) && created) {
        acknowledge(
          created,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} is a staff console page (${route.summary}): the browser sends the staff token in the HttpOnly session cookie, which API Gateway's JWT authorizer cannot read (it takes only a header). The handler verifies the token itself on every request (signature against the Cognito JWKS, issuer, audience, expiry, cognito:groups role; CSRF and Origin on POST: functions/middleware/staffRoute.ts).`,
        );
      }
      if (route.auth === 'public' && created) {
        acknowledge(
          created,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} is a public patient page or form (${route.summary}); it is protected by signed tokens, Origin checks and stage throttling, and one-click unsubscribe must work without auth (RFC 8058, E5).`,
        );
      }
    }
  }

  private staffAuthorizerFor(route: Route, authorizer: apigw.IHttpRouteAuthorizer | undefined): apigw.IHttpRouteAuthorizer {
    if (!authorizer) throw new Error(`Api: ${route.method} ${route.path} needs auth '${route.auth}' but no staff authorizer was given`);
    return authorizer;
  }
}
