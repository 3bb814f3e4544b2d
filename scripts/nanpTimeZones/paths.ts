import { fileURLToPath } from 'node:url';

/** The committed table the domain imports (functions/domain/identity/areaCodeZones.ts). */
export const NANP_TIME_ZONES_PATH = fileURLToPath(new URL('../../functions/domain/identity/nanpTimeZones.json', import.meta.url));
