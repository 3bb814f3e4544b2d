/**
 * Staff sign-in: a Cognito user pool with TOTP MFA, groups per RouteAuth level, an app client,
 * and the JWT authorizer the Api puts on staff and admin routes (P9).
 *
 * The JWT authorizer proves a valid staff-pool token; admin-only handlers also check that the
 * token's `cognito:groups` claim contains `admin`.
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

export class StaffAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string) {
    super(scope, id);
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

    this.client = this.userPool.addClient('ConsoleClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.authorizer = new HttpUserPoolAuthorizer('StaffJwt', this.userPool, {
      userPoolClients: [this.client],
      identitySource: ['$request.header.Authorization'],
    });
  }
}
