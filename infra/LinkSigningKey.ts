/**
 * The link-signing key (W9) in Secrets Manager, generated at deploy time.
 *
 * The secret value is a JSON map `{ "<kid>": "<secret>" }`, the same shape local mode passes in
 * CARECAST_SIGNING_KEYS. Lambdas read it once at cold start (CARECAST_SIGNING_SECRET_ARN) and sign
 * new tokens with CARECAST_SIGNING_KEY_ID; older ids keep verifying. Rotation adds a key id
 * rather than replacing the value, so it is a documented manual step (docs/deployment.md).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

export interface LinkSigningKeyProps {
  key: kms.IKey;
  /** The first key id, used for the generated secret (`k1`). */
  keyId: string;
}

export class LinkSigningKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: LinkSigningKeyProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Carecast link-signing keys: JSON map of key id to HMAC secret (W9)',
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: props.keyId,
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    const rotationReason =
      'Signing keys rotate by adding a new key id next to the old ones (old unsubscribe links must verify for 365 days, E4/W9); ' +
      'a Secrets Manager rotation that replaces the value would break them. The manual rotation runbook is in docs/deployment.md.';
    acknowledge(this.secret, 'AwsSolutions-SMG4', rotationReason);
    acknowledge(this.secret, 'HIPAA.Security-SecretsManagerRotationEnabled', rotationReason);
  }

  /** GetSecretValue/DescribeSecret on this secret only, plus decrypt through Secrets Manager. */
  grantRead(grantee: iam.IGrantable): void {
    this.secret.grantRead(grantee);
  }
}
