/**
 * Staff sign-in: a Cognito user pool with TOTP MFA, groups per RouteAuth level, a managed-login
 * domain, a public app client (authorization code grant with PKCE, no secret), and the JWT
 * authorizer the Api puts on the Bearer-token staff API (P9).
 *
 * Browsers sign in at GET /admin/login, which sends them to managed login; GET /admin/callback
 * redeems the code and sets the session cookie (functions/handlers/console/adminSignIn.ts). The JWT
 * authorizer proves a valid staff-pool token on /api/admin; the handlers check every token
 * themselves, including the role (`cognito:groups`).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { RouteAuth } from '../functions/contract/routes.js';

/** Cognito group per non-public RouteAuth level; the names match routes.ts. */
export const STAFF_GROUPS: Readonly<Record<Exclude<RouteAuth, 'public'>, { precedence: number; description: string }>> = {
  admin: { precedence: 0, description: 'Clinic administrators: sequences, exports, staff' },
  staff: { precedence: 10, description: 'Clinic staff: subscriber look-up, logged revocations (S7)' },
};

export interface StaffAuthProps {
  /** The site's https base URL: the callback is `<base>/admin/callback`, sign-out returns to `<base>/`. */
  publicBaseUrl: string;
  /** Prefix of the Cognito managed-login domain. */
  domainPrefix: string;
}

export class StaffAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly authorizer: HttpUserPoolAuthorizer;
  readonly callbackUrl: string;
  readonly logoutUrl: string;

  constructor(scope: Construct, id: string, props: StaffAuthProps) {
    super(scope, id);
    const base = props.publicBaseUrl.replace(/\/$/, '');
    this.callbackUrl = `${base}/admin/callback`;
    this.logoutUrl = `${base}/`;
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const [groupName, group] of Object.entries(STAFF_GROUPS)) {
      new cognito.CfnUserPoolGroup(this, `${groupName}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        precedence: group.precedence,
        description: group.description,
      });
    }

    this.domain = this.userPool.addDomain('LoginDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    // Public client: the browser flow uses PKCE instead of a secret (a Lambda could keep one, but
    // the same client also serves SRP API clients, which cannot).
    this.client = this.userPool.addClient('ConsoleClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.callbackUrl],
        logoutUrls: [this.logoutUrl],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // Managed login (version 2) shows a page only for a client with a branding style.
    new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.authorizer = new HttpUserPoolAuthorizer('StaffJwt', this.userPool, {
      userPoolClients: [this.client],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** What the staff handlers need to verify tokens and run the browser sign-in (functions/config.ts names). */
  environment(): Record<string, string> {
    return {
      CARECAST_STAFF_ISSUER: this.userPool.userPoolProviderUrl,
      CARECAST_STAFF_AUDIENCE: this.client.userPoolClientId,
      CARECAST_STAFF_LOGIN_URL: this.domain.baseUrl(),
      CARECAST_STAFF_CALLBACK_URL: this.callbackUrl,
    };
  }
}
