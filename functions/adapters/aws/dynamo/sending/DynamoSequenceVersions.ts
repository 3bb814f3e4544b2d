/** Sequence versions and heads on DynamoDB (`consoleKeys.sequenceVersion`, `consoleKeys.sequenceHead`): a new version and its head move in one transaction. */
import { consoleKeys } from '../../../../contract/table.js';
import type { EntryPoint, SequenceHead, SequenceHeadRemovable, SequenceVersion, SequenceVersions } from '../../../../domain/ports/sending/sequenceVersions.js';
import { conditional, type DynamoTable, stripStorageAttributes, type TransactEntry, updateExpression } from '../DynamoTable.js';

const strip = stripStorageAttributes;

export class DynamoSequenceVersions implements SequenceVersions {
  constructor(private readonly table: DynamoTable) {}

  async getSequenceHead(sequenceId: string): Promise<SequenceHead | undefined> {
    const item = await this.table.get(consoleKeys.sequenceHead(sequenceId));
    return item ? strip<SequenceHead>(item) : undefined;
  }

  async listSequenceHeads(): Promise<SequenceHead[]> {
    return (await this.table.query({ pk: consoleKeys.sequenceHeadPartition })).items.map((i) => strip<SequenceHead>(i));
  }

  async getSequenceVersion(sequenceId: string, version: number): Promise<SequenceVersion | undefined> {
    const item = await this.table.get(consoleKeys.sequenceVersion(sequenceId, version));
    return item ? strip<SequenceVersion>(item) : undefined;
  }

  async listSequenceVersions(sequenceId: string): Promise<SequenceVersion[]> {
    const pk = consoleKeys.sequenceVersion(sequenceId, 1).pk;
    return (await this.table.query({ pk, prefix: consoleKeys.sequenceVersionPrefix })).items.map((i) => strip<SequenceVersion>(i));
  }

  async putSequenceVersion(version: SequenceVersion, head: SequenceHead, expectedLatest: number | undefined): Promise<boolean> {
    // A new head is put whole; an existing one only moves its version fields, so a pause or an
    // opening date set meanwhile by someone else stays as it is.
    const headWrite: TransactEntry =
      expectedLatest === undefined
        ? { Put: { TableName: '', Item: { ...consoleKeys.sequenceHead(head.sequenceId), type: 'sequenceHead', ...head }, ConditionExpression: 'attribute_not_exists(pk)' } }
        : {
            Update: {
              TableName: '',
              Key: consoleKeys.sequenceHead(head.sequenceId),
              UpdateExpression: 'SET currentVersion = :c, latestVersion = :l, #name = :n, updatedAt = :u',
              ConditionExpression: 'latestVersion = :expected',
              ExpressionAttributeNames: { '#name': 'name' },
              ExpressionAttributeValues: { ':c': head.currentVersion, ':l': head.latestVersion, ':n': head.name, ':u': head.updatedAt, ':expected': expectedLatest },
            },
          };
    return conditional(() =>
      this.table.transact([
        {
          Put: {
            TableName: '',
            Item: { ...consoleKeys.sequenceVersion(version.sequenceId, version.version), type: 'sequenceVersion', ...version },
            // Versions are immutable: a number is written once.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        headWrite,
      ]),
    );
  }

  async updateSequenceHead(
    sequenceId: string,
    patch: Partial<Omit<SequenceHead, 'sequenceId'>>,
    remove: SequenceHeadRemovable[] = [],
    expectPaused?: boolean,
  ): Promise<boolean> {
    const u = updateExpression(patch, remove);
    const values = { ...(u.ExpressionAttributeValues ?? {}), ...(expectPaused === undefined ? {} : { ':expectPaused': expectPaused }) };
    return conditional(() =>
      this.table.updateRaw({
        Key: consoleKeys.sequenceHead(sequenceId),
        UpdateExpression: u.UpdateExpression,
        ExpressionAttributeNames: { ...u.ExpressionAttributeNames, '#paused': 'paused' },
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        ConditionExpression: expectPaused === undefined ? 'attribute_exists(pk) AND attribute_exists(#paused)' : 'attribute_exists(pk) AND #paused = :expectPaused',
      }),
    );
  }

  async getEntryPoint(entryPointId: string): Promise<EntryPoint | undefined> {
    const item = await this.table.get(consoleKeys.entryPoint(entryPointId));
    return item ? strip<EntryPoint>(item) : undefined;
  }

  async listEntryPoints(): Promise<EntryPoint[]> {
    return (await this.table.query({ pk: consoleKeys.entryPointPartition })).items.map((i) => strip<EntryPoint>(i));
  }

  async putEntryPoint(entryPoint: EntryPoint): Promise<void> {
    await this.table.put({ ...consoleKeys.entryPoint(entryPoint.entryPointId), type: 'entryPoint', ...entryPoint });
  }
}
