/** The edited clinic profile on DynamoDB (`consoleKeys.clinicProfile`): one row, written only over the version it replaces. */
import { consoleKeys } from '../../../../contract/table.js';
import type { ClinicSettings, StoredClinicProfile } from '../../../../domain/ports/staff/clinicSettings.js';
import { conditional, type DynamoTable, stripStorageAttributes } from '../DynamoTable.js';

export class DynamoClinicSettings implements ClinicSettings {
  constructor(private readonly table: DynamoTable) {}

  async getClinicProfile(): Promise<StoredClinicProfile | undefined> {
    const item = await this.table.get(consoleKeys.clinicProfile);
    return item ? stripStorageAttributes<StoredClinicProfile>(item) : undefined;
  }

  async putClinicProfile(p: StoredClinicProfile): Promise<boolean> {
    const condition =
      p.version === 1 ? { expr: 'attribute_not_exists(pk)' } : { expr: '#v = :previous', names: { '#v': 'version' }, values: { ':previous': p.version - 1 } };
    return conditional(() => this.table.put({ ...consoleKeys.clinicProfile, type: 'clinicProfile', ...p }, condition));
  }
}
