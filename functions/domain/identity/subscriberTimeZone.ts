/**
 * The time zone a subscriber's messages are scheduled in (issue 11): the browser's when it is a
 * usable IANA zone, else the phone's area-code zone, else the clinic's. An unusable zone
 * (`Etc/Unknown`, the legacy `PST8PDT`, none) never fails a signup: the person cannot see the
 * hidden field, let alone fix it.
 */
import { isRealTimeZone } from '../signup/timeZones.js';
import { zonesOfNumber } from './areaCodeZones.js';

/** Zone names that Intl accepts but that name no place (legacy POSIX-style and placeholder zones). */
const UNUSABLE = /^(Etc\/|[A-Z]{3}\d[A-Z]{3}$|[A-Z]{3,4}$|Factory$|GMT|UTC|UCT|Zulu|Universal|Greenwich)/;

export const isUsableBrowserZone = (zone: string | undefined): zone is string =>
  zone !== undefined && !UNUSABLE.test(zone) && isRealTimeZone(zone);

export interface ChosenZone {
  zone: string;
  source: 'browser' | 'area-code' | 'clinic';
  /** Every zone the number may be in when the zone came from its area code (texting hours hold in all). */
  smsZones?: string[];
}

export const subscriberTimeZone = (browserZone: string | undefined, phone: string | undefined, clinicZone: string): ChosenZone => {
  if (isUsableBrowserZone(browserZone)) return { zone: browserZone, source: 'browser' };
  const candidates = phone ? zonesOfNumber(phone) : [];
  if (candidates.length > 0) return { zone: candidates[0] as string, source: 'area-code', ...(candidates.length > 1 ? { smsZones: candidates } : {}) };
  return { zone: clinicZone, source: 'clinic' };
};
