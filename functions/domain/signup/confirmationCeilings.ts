/**
 * Ceilings on confirmation messages per clock hour (issue 12): the defence against SMS and email
 * "pumping", where signups make the clinic text or email numbers and addresses an attacker picks.
 *
 * Before a confirmation text or email is queued, one atomic counter per scope is incremented in
 * the store (global, per country and per area code for texts; global and per recipient domain
 * for emails). Any counter over its ceiling refuses the confirmation; the signup is still
 * recorded, so the person can confirm later by replying or signing up again. When the global
 * text ceiling is reached, confirmation texts pause for the rest of the hour and an alarm metric
 * is logged; STOP, HELP and START replies never pass through here, so they always keep budget
 * (CTIA; compliance.md S4, S5). Counters expire with a TTL; reads ignore expired ones themselves.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Channel } from '../core/model.js';
import type { Store } from '../ports/store.js';

/** The log event the pause writes; the ceiling alarm's metric filter matches it. */
export const CONFIRMATION_TEXTS_PAUSED_EVENT = 'confirmation-texts-paused';

export interface ConfirmationCeilings {
  smsPerHour: number;
  smsPerCountryPerHour: number;
  smsPerAreaCodePerHour: number;
  emailPerHour: number;
  emailPerDomainPerHour: number;
  /** ISO 3166-1 alpha-2 codes confirmation texts may go to (default US, CA). */
  smsCountries: readonly string[];
}

/** The counter port: an atomic add that returns the new count, per key and clock hour. */
export interface HourlyCounters {
  /** Adds 1 to `key` in `hour` (e.g. `2026-12-01T00`) and returns the count after the add; expires after the hour. */
  incrementHourly(key: string, hour: string): Promise<number>;
}

export type CeilingVerdict = { allowed: true } | { allowed: false; scope: string; globalSmsCeilingReached: boolean };

const hourOf = (now: Date): string => now.toISOString().slice(0, 13);

/** Country and North American area code of an E.164 number; undefined if it does not parse. */
export const phoneRegion = (e164: string): { country: string; areaCode: string } | undefined => {
  const p = parsePhoneNumberFromString(e164);
  if (!p?.country) return undefined;
  const national = String(p.nationalNumber);
  return { country: p.country, areaCode: p.countryCallingCode === '1' ? national.slice(0, 3) : national.slice(0, 2) };
};

/** Whether texts may go to this number's country at all (US/CA by default). */
export const smsCountryAllowed = (e164: string, ceilings: ConfirmationCeilings): boolean => {
  const region = phoneRegion(e164);
  return Boolean(region && ceilings.smsCountries.includes(region.country));
};

/**
 * Counts one confirmation text to `e164` against the hourly ceilings and says whether it may go.
 * Every scope is counted (the counts are what the operator sees); the first one over its ceiling
 * is named in the verdict.
 */
export const admitConfirmationText = async (counters: HourlyCounters, ceilings: ConfirmationCeilings, e164: string, now: Date): Promise<CeilingVerdict> => {
  const region = phoneRegion(e164);
  if (!region || !ceilings.smsCountries.includes(region.country)) return { allowed: false, scope: 'country-not-allowed', globalSmsCeilingReached: false };
  const hour = hourOf(now);
  const [global, country, area] = await Promise.all([
    counters.incrementHourly('sms', hour),
    counters.incrementHourly(`sms#${region.country}`, hour),
    counters.incrementHourly(`sms#${region.country}#${region.areaCode}`, hour),
  ]);
  if (global > ceilings.smsPerHour) return { allowed: false, scope: 'sms-global', globalSmsCeilingReached: true };
  if (country > ceilings.smsPerCountryPerHour) return { allowed: false, scope: `sms-country-${region.country}`, globalSmsCeilingReached: false };
  if (area > ceilings.smsPerAreaCodePerHour) return { allowed: false, scope: `sms-area-${region.country}-${region.areaCode}`, globalSmsCeilingReached: false };
  return { allowed: true };
};

/** Counts one confirmation email to `address` (already normalised) against the hourly ceilings. */
export const admitConfirmationEmail = async (counters: HourlyCounters, ceilings: ConfirmationCeilings, address: string, now: Date): Promise<CeilingVerdict> => {
  const hour = hourOf(now);
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const [global, perDomain] = await Promise.all([counters.incrementHourly('email', hour), counters.incrementHourly(`email#${domain}`, hour)]);
  if (global > ceilings.emailPerHour) return { allowed: false, scope: 'email-global', globalSmsCeilingReached: false };
  if (perDomain > ceilings.emailPerDomainPerHour) return { allowed: false, scope: 'email-domain', globalSmsCeilingReached: false };
  return { allowed: true };
};

const endOfHour = (now: Date): string => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000).toISOString();

/**
 * Whether a confirmation to `address` on `channel` may be queued now (issue 12). Texts stop for
 * the rest of the hour once the global ceiling is reached (the pause row also raises the alarm).
 * Settings without ceilings (unit-test fixtures) admit everything.
 */
export const admitConfirmation = async (
  deps: { store: Pick<Store, 'incrementHourly' | 'pauseConfirmationTexts' | 'confirmationTextsPaused'>; settings: { confirmationCeilings?: ConfirmationCeilings | undefined } },
  channel: Channel,
  address: string,
  now: Date,
): Promise<boolean> => {
  const ceilings = deps.settings.confirmationCeilings;
  if (!ceilings) return true;
  if (channel === 'email') return (await admitConfirmationEmail(deps.store, ceilings, address, now)).allowed;
  if (await deps.store.confirmationTextsPaused(now)) return false;
  const verdict = await admitConfirmationText(deps.store, ceilings, address, now);
  if (!verdict.allowed && verdict.globalSmsCeilingReached) await deps.store.pauseConfirmationTexts(endOfHour(now), now);
  return verdict.allowed;
};
