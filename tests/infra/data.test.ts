import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyAttributes, tableDefinition } from '../../functions/contract/table.js';
import { logicalIdOf, resourcesOf, type Synthesised, synthCarecast } from './support/synthCarecast.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let s: Synthesised;
beforeAll(() => {
  s = synthCarecast();
}, LOAD_BOUND_MS);
afterAll(() => s?.cleanup());

const table = () => {
  const tables = Object.values(resourcesOf(s.template, 'AWS::DynamoDB::Table'));
  expect(tables).toHaveLength(1);
  return tables[0]?.Properties as Record<string, any>;
};

describe('Data: the DynamoDB table', () => {
  it('has the key schema of functions/contract/table.ts', () => {
    expect(table().KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
  });

  it('defines exactly the contract key attributes, all strings', () => {
    const defs = table().AttributeDefinitions as Array<{ AttributeName: string; AttributeType: string }>;

    expect(defs.map((d) => d.AttributeName).sort()).toEqual([...keyAttributes].sort());
    expect(new Set(defs.map((d) => d.AttributeType))).toEqual(new Set(['S']));
  });

  it('has exactly the contract GSIs (due, byStep) with their keys', () => {
    const gsis = table().GlobalSecondaryIndexes as Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>;
    const expected = Object.values(tableDefinition.indexes).map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));

    expect(gsis).toEqual(expect.arrayContaining(expected));
    expect(gsis.map((g) => g.IndexName).sort()).toEqual(['byStep', 'due']);
  });

  it('is named from the contract suffix', () => {
    expect(table().TableName).toBe(`${s.config.resourcePrefix}-${tableDefinition.logicalName}`);
  });

  it('bills on demand, keeps PITR, TTL on the contract attribute and deletion protection (P7)', () => {
    expect(table()).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table().ProvisionedThroughput).toBeUndefined();
  });

  it('is encrypted with the customer-managed key, which rotates (P4)', () => {
    const keyId = logicalIdOf(s, s.stack.node.findChild('Encryption').node.findChild('Key') as never);

    expect(table().SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    s.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('is retained when the stack is deleted', () => {
    s.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('is in an AWS Backup plan whose vault uses the customer-managed key', () => {
    const tableId = logicalIdOf(s, s.stack.data.table);

    s.template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: Match.arrayWith([{ 'Fn::GetAtt': [tableId, 'Arn'] }]) }),
    });
    s.template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: Match.anyValue() });
  });

  it('grants table access by named index ARNs, never index/* (least privilege)', () => {
    const arns = JSON.stringify(s.stack.resolve(s.stack.data.resourceArns));

    expect(arns).toContain('/index/due');
    expect(arns).toContain('/index/byStep');
    expect(arns).not.toContain('/index/*');
  });
});
