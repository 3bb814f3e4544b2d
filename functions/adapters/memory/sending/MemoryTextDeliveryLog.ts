/** SNS SMS delivery-status records in memory, by destination hash, in `<at>#<messageId>` order. */
import type { TextDeliveryLog, TextDeliveryRecord } from '../../../domain/ports/sending/textDeliveryLog.js';

export class MemoryTextDeliveryLog implements TextDeliveryLog {
  private readonly records = new Map<string, Map<string, TextDeliveryRecord>>();

  async recordTextDelivery(destinationHash: string, record: TextDeliveryRecord, _expiresAt: number): Promise<void> {
    const forDestination = this.records.get(destinationHash) ?? new Map<string, TextDeliveryRecord>();
    forDestination.set(`${record.at}#${record.providerMessageId}`, { ...record });
    this.records.set(destinationHash, forDestination);
  }

  async listTextDeliveries(destinationHash: string, from: string, to: string): Promise<TextDeliveryRecord[]> {
    return [...(this.records.get(destinationHash) ?? new Map<string, TextDeliveryRecord>()).entries()]
      .filter(([, r]) => r.at >= from && r.at <= to)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, r]) => ({ ...r }));
  }
}
