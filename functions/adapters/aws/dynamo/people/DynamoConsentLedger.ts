/** The consent ledger on DynamoDB: append-only rows under the subscriber (`keys.consent`). */
import { keys } from '../../../../contract/table.js';
import type { ConsentRecord } from '../../../../domain/core/model.js';
import type { ConsentLedger } from '../../../../domain/ports/people/consentLedger.js';
import { conditional, type DynamoTable, stripStorageAttributes } from '../DynamoTable.js';

export class DynamoConsentLedger implements ConsentLedger {
  constructor(private readonly table: DynamoTable) {}

  async appendConsent(record: ConsentRecord, id: string): Promise<void> {
    // Append-only ledger (S10): a row is never overwritten. The id is fresh per call, so a failed
    // condition means this very write already landed (an SDK retry after a lost answer, issue 8):
    // the row is there, which is all the caller asked.
    await conditional(() =>
      this.table.put({ ...keys.consent(record.subscriberId, record.at, record.channel, id), type: 'consent', ...record }, { expr: 'attribute_not_exists(pk)' }),
    );
  }

  async listConsent(subscriberId: string): Promise<ConsentRecord[]> {
    const r = await this.table.query({ pk: keys.subscriber(subscriberId).pk, prefix: keys.consentPrefix });
    return r.items.map((i) => stripStorageAttributes<ConsentRecord>(i));
  }
}
