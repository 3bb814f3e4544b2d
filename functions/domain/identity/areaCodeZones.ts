/**
 * Candidate IANA zones of a North American area code, for a subscriber whose browser gave no
 * usable zone. An area code says where a number was issued, not where its owner is; it is a
 * fallback only. Area codes that straddle a zone line list every zone they cover, and texting
 * hours then hold in all of them (the strictest, S8).
 *
 * Coverage: the Pacific states (the clinic's own region) and the split area codes we know of
 * in the states with stricter texting rules. Others fall back to the clinic's zone.
 */
const PACIFIC = 'America/Los_Angeles';
const ZONES: Record<string, string[]> = {
  // California
  ...Object.fromEntries(
    ['209', '213', '279', '310', '323', '341', '350', '369', '408', '415', '424', '442', '510', '530', '559', '562', '619', '626', '628', '650', '657', '661', '669', '707', '714', '747', '760', '805', '818', '820', '831', '840', '858', '909', '916', '925', '949', '951'].map((c) => [c, [PACIFIC]]),
  ),
  // Washington, Nevada
  ...Object.fromEntries(['206', '253', '360', '425', '509', '564', '702', '725', '775'].map((c) => [c, [PACIFIC]])),
  // Oregon (541/458 include Malheur County on Mountain time)
  ...Object.fromEntries(['503', '971'].map((c) => [c, [PACIFIC]])),
  '541': [PACIFIC, 'America/Boise'],
  '458': [PACIFIC, 'America/Boise'],
  // Arizona (no DST), Idaho (north on Pacific time)
  ...Object.fromEntries(['480', '520', '602', '623', '928'].map((c) => [c, ['America/Phoenix']])),
  '208': ['America/Boise', PACIFIC],
  '986': ['America/Boise', PACIFIC],
  // Texas: El Paso and Hudspeth on Mountain time
  '915': ['America/Denver'],
  '432': ['America/Chicago', 'America/Denver'],
  // Florida: the panhandle west of the Apalachicola on Central time
  '850': ['America/Chicago', 'America/New_York'],
};

/** Candidate zones for a `+1` E.164 number's area code; empty when unknown. */
export const zonesOfAreaCode = (e164: string): string[] => (e164.startsWith('+1') ? ZONES[e164.slice(2, 5)] ?? [] : []);
