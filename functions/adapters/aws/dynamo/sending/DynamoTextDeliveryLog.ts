/** SNS SMS delivery-status records in the table: `SMSDLV#<destination hash>` / `<at>#<messageId>` (issue 16). */
import { keys } from '../../../../contract/table.js';
import type { TextDeliveryLog, TextDeliveryRecord } from '../../../../domain/ports/sending/textDeliveryLog.js';
import type { DynamoTable } from '../DynamoTable.js';

export class DynamoTextDeliveryLog implements TextDeliveryLog {
  constructor(private readonly table: DynamoTable) {}

  async recordTextDelivery(destinationHash: string, record: TextDeliveryRecord, expiresAt: number): Promise<void> {
    // A plain put: the key is the record's own (time, message id), so a redelivery rewrites the same item.
    await this.table.put({ ...keys.textDelivery(destinationHash, record.at, record.providerMessageId), type: 'textDelivery', ...record, expiresAt });
  }

  async listTextDeliveries(destinationHash: string, from: string, to: string): Promise<TextDeliveryRecord[]> {
    const { pk } = keys.textDelivery(destinationHash, '', '');
    // `to` + '~' sorts after every `<to>#<id>` key of that instant.
    const r = await this.table.query({ pk, between: [from, `${to}~`] });
    return r.items.map((i) => ({ providerMessageId: String(i.providerMessageId), at: String(i.at), status: String(i.status) }));
  }
}
