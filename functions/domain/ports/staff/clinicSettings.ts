/** The clinic profile an admin edited in the console (issue 14): one versioned row. */
import type { ClinicProfile } from '../../../contract/ClinicProfile.js';

export interface StoredClinicProfile {
  profile: ClinicProfile;
  /** 1 for the first edit, +1 each save: the optimistic-concurrency token and the cache key. */
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface ClinicSettings {
  getClinicProfile(): Promise<StoredClinicProfile | undefined>;
  /** Saves `p` if the stored version is still `p.version - 1` (none stored for version 1); false otherwise. */
  putClinicProfile(p: StoredClinicProfile): Promise<boolean>;
}
