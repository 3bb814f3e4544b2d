/**
 * The link-signing and address-hash keys (W9, P7) in Secrets Manager, generated at deploy time.
 *
 * functions/secrets.ts reads one secret shaped `{ "signingKeys": { "<kid>": "…" }, "addressHashKey": "…" }`
 * once per cold start (CARECAST_SIGNING_SECRET_ARN) and signs new tokens with
 * CARECAST_SIGNING_KEY_ID. Secrets Manager generates one random value per secret, so two
 * generated "material" secrets hold the initial random values and the secret the Lambdas read
 * is composed from them with CloudFormation dynamic references: no key material ever appears
 * in the template or the cloud assembly.
 *
 * The composed template never changes (its first key id is fixed), so CloudFormation never
 * rewrites the secret after a manual rotation, which adds a key id next to the old ones
 * (docs/deployment.md).
 */
import { RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

/** Key id of the generated first signing key; later keys are added by rotation. */
export const INITIAL_SIGNING_KEY_ID = 'k1';

export interface LinkSigningKeyProps {
  key: kms.IKey;
}

export class LinkSigningKey extends Construct {
  /** The secret the Lambdas read. */
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: LinkSigningKeyProps) {
    super(scope, id);
    const material = (name: string, description: string): secretsmanager.Secret =>
      new secretsmanager.Secret(this, name, {
        description,
        encryptionKey: props.key,
        removalPolicy: RemovalPolicy.RETAIN,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
      });
    const signing = material('InitialSigningKeyMaterial', `Carecast: random value of signing key ${INITIAL_SIGNING_KEY_ID} (source of the composed secret)`);
    const addressHash = material('AddressHashKeyMaterial', 'Carecast: random address-hash key (source of the composed secret)');

    const composed = Stack.of(this).toJsonString({
      signingKeys: { [INITIAL_SIGNING_KEY_ID]: SecretValue.secretsManager(signing.secretArn).unsafeUnwrap() },
      addressHashKey: SecretValue.secretsManager(addressHash.secretArn).unsafeUnwrap(),
    });
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Carecast link-signing keys and address-hash key (W9, P7), read by the Lambdas at cold start',
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
      // Only dynamic references ({{resolve:secretsmanager:…}}) here, resolved by CloudFormation at deploy.
      secretStringValue: SecretValue.unsafePlainText(composed),
    });

    const rotationReason =
      'Signing keys rotate by adding a new key id next to the old ones (unsubscribe links must verify for 365 days, E4/W9) and the address-hash key never rotates (suppressions are keyed by it, P7/P8); ' +
      'a Secrets Manager rotation that replaces the value would break both. The manual rotation runbook is in docs/deployment.md.';
    acknowledge(this, 'AwsSolutions-SMG4', rotationReason);
    acknowledge(this, 'HIPAA.Security-SecretsManagerRotationEnabled', rotationReason);
  }

  /** GetSecretValue/DescribeSecret on the composed secret only, plus decrypt through Secrets Manager. */
  grantRead(grantee: iam.IGrantable): void {
    this.secret.grantRead(grantee);
  }
}
