/** The append-only consent ledger (S10): every consent and withdrawal, never overwritten. */
import type { ConsentRecord } from '../../core/model.js';

export interface ConsentLedger {
  /** Appends one record under a fresh `id`; a retried write of the same id is a no-op. */
  appendConsent(record: ConsentRecord, id: string): Promise<void>;
  /** A subscriber's records, oldest first. */
  listConsent(subscriberId: string): Promise<ConsentRecord[]>;
}
