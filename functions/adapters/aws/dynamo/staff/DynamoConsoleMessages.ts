/**
 * Console-written messages on DynamoDB (`consoleKeys.messageHead`, `messageVersion`,
 * `publishedMessage`). A head is written whole under a revision condition; publishing writes the
 * version, the send worker's copy and the head in one transaction.
 */
import { consoleKeys } from '../../../../contract/table.js';
import type { ConsoleMessages, MessageHead, PublishedMessage } from '../../../../domain/ports/staff/consoleMessages.js';
import { conditional, type DynamoTable, stripStorageAttributes, type TransactEntry } from '../DynamoTable.js';

const strip = stripStorageAttributes;

const headWrite = (head: MessageHead, expectedRevision: number | undefined) => ({
  TableName: '',
  Item: { ...consoleKeys.messageHead(head.messageId), type: 'messageHead', ...head },
  ...(expectedRevision === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: '#revision = :expected', ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':expected': expectedRevision } }),
});

export class DynamoConsoleMessages implements ConsoleMessages {
  constructor(private readonly table: DynamoTable) {}

  async getMessageHead(messageId: string): Promise<MessageHead | undefined> {
    const item = await this.table.get(consoleKeys.messageHead(messageId));
    return item ? strip<MessageHead>(item) : undefined;
  }

  async listMessageHeads(): Promise<MessageHead[]> {
    return (await this.table.query({ pk: consoleKeys.messageHeadPartition })).items.map((i) => strip<MessageHead>(i));
  }

  async putMessageHead(head: MessageHead, expectedRevision: number | undefined): Promise<boolean> {
    // The same Put as in publishMessage, as a one-entry transaction: one condition builder for both.
    return conditional(() => this.table.transact([{ Put: headWrite(head, expectedRevision) }]));
  }

  async publishMessage(version: PublishedMessage, head: MessageHead, expectedRevision: number): Promise<boolean> {
    const entries: TransactEntry[] = [
      {
        Put: {
          TableName: '',
          Item: { ...consoleKeys.messageVersion(version.messageId, version.version), type: 'messageVersion', ...version },
          // Versions are immutable: a number is written once.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: '', Item: { ...consoleKeys.publishedMessage(version.messageId), type: 'publishedMessage', ...version } } },
      { Put: headWrite(head, expectedRevision) },
    ];
    return conditional(() => this.table.transact(entries));
  }

  async getMessageVersion(messageId: string, version: number): Promise<PublishedMessage | undefined> {
    const item = await this.table.get(consoleKeys.messageVersion(messageId, version));
    return item ? strip<PublishedMessage>(item) : undefined;
  }

  async listMessageVersions(messageId: string): Promise<PublishedMessage[]> {
    const pk = consoleKeys.messageVersion(messageId, 1).pk;
    return (await this.table.query({ pk, prefix: consoleKeys.messageVersionPrefix })).items.map((i) => strip<PublishedMessage>(i));
  }

  async getPublishedMessage(messageId: string): Promise<PublishedMessage | undefined> {
    const item = await this.table.get(consoleKeys.publishedMessage(messageId));
    return item ? strip<PublishedMessage>(item) : undefined;
  }
}
