/**
 * Loads templates/clinic.yaml, the default clinic profile, validated against ClinicProfile.
 *
 * Used by local mode, CDK (to set CARECAST_CLINIC) and previews; never by the send worker,
 * which receives the profile through its configuration.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ClinicProfile } from '../contract/ClinicProfile.js';

export const defaultClinicProfilePath = fileURLToPath(new URL('../../templates/clinic.yaml', import.meta.url));

/** Reads and validates the clinic profile; throws with every problem listed. */
export const loadDefaultClinicProfile = (path: string = defaultClinicProfilePath): ClinicProfile => {
  const result = ClinicProfile.safeParse(parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid clinic profile in ${path}: ${problems}`);
  }
  return result.data;
};
