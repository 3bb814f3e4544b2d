/**
 * The single DynamoDB table, built from functions/contract/table.ts, and its backups.
 *
 * Key names, index names and the TTL attribute come from the contract only (style guide §2).
 * Access is granted per function with explicit actions on the table and the named indexes:
 * no `dynamodb:*`, no `index/*`, and no Scan (every access pattern is a key or index query).
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { keyAttributes, tableDefinition } from '../functions/contract/table.js';
import { acknowledge } from './nag.js';

/** What a function may do with the table. */
export type TableAccess = 'none' | 'read' | 'readWrite';

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export interface DataProps {
  key: kms.IKey;
  /** Physical name prefix; the table is `<prefix>-<tableDefinition.logicalName>`. */
  resourcePrefix: string;
}

export class Data extends Construct {
  readonly table: dynamodb.Table;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.key = props.key;
    const str = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.Table(this, 'Table', {
      tableName: `${props.resourcePrefix}-${tableDefinition.logicalName}`,
      partitionKey: str(tableDefinition.partitionKey),
      sortKey: str(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of Object.values(tableDefinition.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    const declared = new Set([tableDefinition.partitionKey, tableDefinition.sortKey, ...Object.values(tableDefinition.indexes).flatMap((i) => [i.partitionKey, i.sortKey])]);
    const missing = keyAttributes.filter((a) => !declared.has(a));
    if (missing.length > 0) throw new Error(`Data: key attributes ${missing.join(', ')} from the contract have no key or index here`);

    // HIPAA backup plan on top of PITR (35 days): daily and monthly recovery points, encrypted with our key.
    const vault = new backup.BackupVault(this, 'Vault', { encryptionKey: props.key, removalPolicy: RemovalPolicy.RETAIN });
    const plan = backup.BackupPlan.dailyMonthly1YearRetention(this, 'Plan', vault);
    const selection = plan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(this.table)] });
    acknowledge(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWS Backup service role: AWSBackupServiceRolePolicyForBackup/Restores are the AWS-maintained policies Backup requires; the role is assumable only by backup.amazonaws.com.',
    );
  }

  /** ARNs of the table and of each index named in the contract (never `index/*`). */
  get resourceArns(): string[] {
    return [this.table.tableArn, ...Object.values(tableDefinition.indexes).map((i) => `${this.table.tableArn}/index/${i.name}`)];
  }

  /** Grants exactly the DynamoDB and KMS actions a function's access level needs. */
  grantAccess(grantee: iam.IGrantable, access: TableAccess): void {
    if (access === 'none') return;
    const write = access === 'readWrite';
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: write ? 'TableReadWrite' : 'TableRead', actions: write ? [...READ_ACTIONS, ...WRITE_ACTIONS] : READ_ACTIONS, resources: this.resourceArns }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TableKey',
        actions: write ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'] : ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.amazonaws.com` } },
      }),
    );
  }
}
