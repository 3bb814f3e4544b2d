/** Console-written messages in memory, with the DynamoDB adapter's conditions. */
import type { ConsoleMessages, MessageHead, PublishedMessage } from '../../../domain/ports/staff/consoleMessages.js';
import { copy } from '../memoryRows.js';

export class MemoryConsoleMessages implements ConsoleMessages {
  private readonly heads = new Map<string, MessageHead>();
  private readonly versions = new Map<string, PublishedMessage>();
  private readonly published = new Map<string, PublishedMessage>();

  async getMessageHead(messageId: string): Promise<MessageHead | undefined> {
    const h = this.heads.get(messageId);
    return h ? copy(h) : undefined;
  }

  async listMessageHeads(): Promise<MessageHead[]> {
    return [...this.heads.values()].sort((a, b) => (a.messageId < b.messageId ? -1 : 1)).map(copy);
  }

  async putMessageHead(head: MessageHead, expectedRevision: number | undefined): Promise<boolean> {
    if (this.heads.get(head.messageId)?.revision !== expectedRevision) return false;
    this.heads.set(head.messageId, copy(head));
    return true;
  }

  async publishMessage(version: PublishedMessage, head: MessageHead, expectedRevision: number): Promise<boolean> {
    const key = `${version.messageId}#${version.version}`;
    if (this.versions.has(key) || this.heads.get(head.messageId)?.revision !== expectedRevision) return false;
    this.versions.set(key, copy(version));
    this.published.set(version.messageId, copy(version));
    this.heads.set(head.messageId, copy(head));
    return true;
  }

  async getMessageVersion(messageId: string, version: number): Promise<PublishedMessage | undefined> {
    const v = this.versions.get(`${messageId}#${version}`);
    return v ? copy(v) : undefined;
  }

  async listMessageVersions(messageId: string): Promise<PublishedMessage[]> {
    return [...this.versions.values()].filter((v) => v.messageId === messageId).sort((a, b) => a.version - b.version).map(copy);
  }

  async getPublishedMessage(messageId: string): Promise<PublishedMessage | undefined> {
    const v = this.published.get(messageId);
    return v ? copy(v) : undefined;
  }
}
