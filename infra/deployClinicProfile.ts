/**
 * The clinic profile a deployment ships in every email footer: loaded from its YAML and refused
 * while it still holds the sample profile's placeholders (E1: a real postal address in every
 * commercial email).
 */
import { existsSync } from 'node:fs';
import type { ClinicProfile } from '../functions/config.js';
import { loadDefaultClinicProfile } from '../functions/rendering/clinicProfile.js';

/** Text the repository's sample profile uses where the clinic must still fill in a real value. */
const PLACEHOLDER_ADDRESS = /to be confirmed|placeholder|lorem ipsum|\bTBD\b/i;

/**
 * E1: every location needs a real postal address. Empty or whitespace-only addresses, and the
 * sample profile's placeholders, are refused: they would ship in every email footer.
 */
const refuseMissingPostalAddress = (clinic: ClinicProfile, source: string): void => {
  const empty = clinic.locations.filter((l) => l.address.trim().length < 5).map((l) => l.id);
  if (empty.length > 0) {
    throw new Error(`Invalid Carecast deployment config: clinic locations ${empty.join(', ')} in ${source} have no postal address; every email must carry one (E1).`);
  }
  const placeholders = clinic.locations.filter((l) => PLACEHOLDER_ADDRESS.test(l.address)).map((l) => l.id);
  if (placeholders.length > 0) {
    throw new Error(`Invalid Carecast deployment config: clinic locations ${placeholders.join(', ')} in ${source} still have a placeholder postal address; set the real street address (E1).`);
  }
};

/**
 * The sample profile's contact placeholders (templates/clinic.yaml): a 555-01XX number (reserved
 * for fiction) and an address on the reserved `.example` domain would ship in every email.
 */
const refusePlaceholderContacts = (clinic: ClinicProfile, source: string): void => {
  const problems = [
    ...(/55501\d\d$/.test(clinic.phone.replace(/\D/g, '')) ? ['phone is a fictional 555-01XX placeholder'] : []),
    ...(/\.example$/i.test(clinic.email) ? ['email is on the reserved .example domain'] : []),
  ];
  if (problems.length > 0) throw new Error(`Invalid Carecast deployment config: the clinic profile in ${source}: ${problems.join('; ')}; set the clinic's real contact details.`);
};

/** Reads and validates a clinic profile YAML with the loader local mode uses. */
export const loadClinicProfileFile = (path: string): ClinicProfile => {
  if (!existsSync(path)) {
    throw new Error(`Invalid Carecast deployment config: clinic profile ${path} not found. Set "clinic" inline or "clinicProfilePath" in the config file.`);
  }
  try {
    return loadDefaultClinicProfile(path);
  } catch (e) {
    throw new Error(`Invalid Carecast deployment config: ${(e as Error).message}`, { cause: e });
  }
};

/**
 * Refuses a profile that would put a missing or placeholder postal address, or a placeholder
 * phone or email, into every email.
 *
 * @param source where the profile came from, named in the error.
 * @throws Error naming the locations or fields to fix.
 */
export const refuseUnshippableClinicProfile = (clinic: ClinicProfile, source: string): void => {
  refuseMissingPostalAddress(clinic, source);
  refusePlaceholderContacts(clinic, source);
};
