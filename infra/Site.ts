/**
 * The public site: CloudFront in front of the HTTP API, adding security headers (W11).
 *
 * Signup, booking, preferences and legal pages are rendered by Lambda (the same handlers local
 * mode mounts), so there is no bucket: CloudFront gives the pages the clinic's host name with a
 * TLS 1.2+ certificate, a response-headers policy (CSP, HSTS, nosniff, frame-ancestors 'none',
 * Referrer-Policy), and a place for an optional WAF web ACL (W1, W2). Nothing is cached: every
 * response is personal or carries a token.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

/**
 * Default CSP for pages that send none (P10: no third-party scripts, styles or pixels).
 * Inline styles are allowed because pages inline their CSS (no static-asset route exists);
 * scripts only from the site itself. A page that sends its own CSP (with nonces) keeps it.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Two years, the HSTS preload-list minimum. */
export const HSTS_MAX_AGE = Duration.days(730);

export interface SiteProps {
  httpApi: apigw.IHttpApi;
  /** https URL whose host is the distribution's alias. */
  publicBaseUrl: string;
  certificateArn: string;
  webAclArn?: string;
}

export class Site extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const host = new URL(props.publicBaseUrl).hostname;

    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Carecast pages: CSP, HSTS, nosniff, no framing, same-origin referrer (W11)',
      securityHeadersBehavior: {
        // override: false lets a page with its own nonce-based CSP keep it; others get this one.
        contentSecurityPolicy: { contentSecurityPolicy: PAGE_CSP, override: false },
        strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        // same-origin: token URLs never leak in Referer, while same-origin form POSTs keep Origin (W5).
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
    });

    const apiHost = `${props.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Carecast pages and API',
      domainNames: [host],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        origin: new origins.HttpOrigin(apiHost, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // Everything but Host, plus CloudFront-Viewer-Address (the client IP for consent records, S1).
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
    });

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'CloudFront access logs would record full request URIs, including the unsubscribe and preferences tokens in /u/{token} and /c/{token}, which P5 forbids; the HTTP API access log records route templates and request ids instead.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: a patient travelling abroad must still be able to unsubscribe (E5) and open their preferences.',
    );
    if (!props.webAclArn) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        'A CLOUDFRONT-scope WAF web ACL must live in us-east-1; pass site.webAclArn to attach one. Until then the HTTP API stage throttling and app-level counters rate-limit forms (W1).',
      );
    }
  }

  /** The distribution's own host name, for the DNS alias record. */
  get distributionDomainName(): string {
    return this.distribution.distributionDomainName;
  }
}
