/** The edited clinic profile in memory, with the DynamoDB adapter's version condition. */
import type { ClinicSettings, StoredClinicProfile } from '../../../domain/ports/staff/clinicSettings.js';
import { copy } from '../memoryRows.js';

export class MemoryClinicSettings implements ClinicSettings {
  private row: StoredClinicProfile | undefined;

  async getClinicProfile(): Promise<StoredClinicProfile | undefined> {
    return this.row ? copy(this.row) : undefined;
  }

  async putClinicProfile(p: StoredClinicProfile): Promise<boolean> {
    if ((this.row?.version ?? 0) !== p.version - 1) return false;
    this.row = copy(p);
    return true;
  }
}
