/** The consent ledger in memory: append-only, ordered like the DynamoDB rows (`CONSENT#<at>#<channel>#<id>`). */
import type { ConsentRecord } from '../../../domain/core/model.js';
import type { ConsentLedger } from '../../../domain/ports/people/consentLedger.js';
import { copy } from '../memoryRows.js';

export class MemoryConsentLedger implements ConsentLedger {
  private readonly rows = new Map<string, ConsentRecord>();

  async appendConsent(record: ConsentRecord, id: string): Promise<void> {
    const key = `${record.subscriberId}|${record.at}#${record.channel}#${id}`;
    if (!this.rows.has(key)) this.rows.set(key, copy(record));
  }

  async listConsent(subscriberId: string): Promise<ConsentRecord[]> {
    return [...this.rows.entries()]
      .filter(([k]) => k.startsWith(`${subscriberId}|`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, r]) => copy(r));
  }
}
