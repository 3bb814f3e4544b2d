/**
 * The public site: CloudFront in front of the HTTP API, adding security headers (W11).
 *
 * Signup, booking, preferences and legal pages are rendered by Lambda (the same handlers local
 * mode mounts), so there is no bucket: CloudFront gives the pages the clinic's host name with a
 * TLS 1.2+ certificate, a response-headers policy (CSP, HSTS, nosniff, frame-ancestors 'none',
 * Referrer-Policy), and a place for an optional WAF web ACL (W1, W2). Nothing is cached: every
 * response is personal or carries a token.
 */
import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../functions/http/clientIp.js';
import { contentSecurityPolicy } from '../functions/middleware/securityHeaders.js';
import { acknowledge } from './nag.js';

/**
 * CSP for responses that send none of their own (API errors, JSON): no scripts, no third-party
 * anything (P10), no framing. Pages set their own CSP with script hashes
 * (functions/middleware/securityHeaders.ts); CloudFront keeps it.
 */
export const DEFAULT_CSP = contentSecurityPolicy();

/** Two years, the HSTS preload-list minimum. */
export const HSTS_MAX_AGE = Duration.days(730);

export interface SiteProps {
  /** The HTTP API's custom domain host (execute-api is disabled), e.g. origin.learn.example-clinic.org. */
  originHost: string;
  /** Value of the secret origin header the handlers require before trusting CloudFront-Viewer-Address. */
  originVerify: string;
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
      // Headers the handlers choose per page (CSP with script hashes, HSTS, Referrer-Policy) are kept
      // when present (override: false) and added when missing, so AWS and local mode send the same
      // pages. nosniff and no-framing have one right value and are always enforced.
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: DEFAULT_CSP, override: false },
        strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, override: false },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        // same-origin: token URLs never leak cross-site in Referer, and same-origin form POSTs keep Origin (W5).
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: false },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Carecast pages and API',
      domainNames: [host],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        origin: new origins.HttpOrigin(props.originHost, {
          customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerify },
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // Every viewer header but Host, plus CloudFront's own headers: CloudFront-Viewer-Address is
        // the patient's IP (API Gateway's sourceIp is a CloudFront edge behind this distribution).
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
        'Non-production stack (site.withoutWebAcl): a CLOUDFRONT-scope web ACL lives in us-east-1 (the CarecastEdge stack) and production config requires site.webAclArn; without it only the stage and route throttles limit requests (W1).',
      );
    }
  }

  /** The distribution's own host name, for the DNS alias record. */
  get distributionDomainName(): string {
    return this.distribution.distributionDomainName;
  }
}
