/** The staff audit log on DynamoDB (`consoleKeys.audit`): append-only rows, one partition per UTC month (P9). */
import { consoleKeys } from '../../../../contract/table.js';
import type { AuditEntry, AuditLog } from '../../../../domain/ports/staff/auditLog.js';
import { type DynamoTable, stripStorageAttributes } from '../DynamoTable.js';

export class DynamoAuditLog implements AuditLog {
  constructor(private readonly table: DynamoTable) {}

  async appendAudit(entry: AuditEntry): Promise<void> {
    // Append-only (P9): an audit row is never overwritten.
    await this.table.put({ ...consoleKeys.audit(entry.at.slice(0, 7), entry.at, entry.auditId), type: 'audit', ...entry }, { expr: 'attribute_not_exists(pk)' });
  }

  async listAudit(limit: number, now: Date, months = 3): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (let k = 0; k < months && out.length < limit; k++) {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
      const r = await this.table.query({ pk: consoleKeys.auditPartition(d.toISOString().slice(0, 7)), forward: false, limit: limit - out.length });
      out.push(...r.items.map((i) => stripStorageAttributes<AuditEntry>(i)));
    }
    return out;
  }
}
