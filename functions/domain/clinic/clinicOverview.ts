/** What the console shows of the clinic (issue 14): the profile in force, its version and the closed days ahead. */
import { DateTime } from 'luxon';
import type { ClinicProfile } from '../../contract/ClinicProfile.js';
import type { DomainContext } from '../core/domainContext.js';
import { closedDatesAhead } from '../scheduling/clinicCalendar.js';
import { clinicProfileVersion } from './clinicProfile.js';

export interface ClinicOverview {
  profile: ClinicProfile;
  /** 0 = the shipped default. */
  version: number;
  /** Closed dates from today (clinic zone) for `days` days, with why. */
  closed: { date: string; reason: string }[];
}

/** The profile in force and its closed days for the next `days` days (365 unless told). */
export const clinicOverview = async (deps: DomainContext, days = 365): Promise<ClinicOverview> => {
  const { profile, version } = await clinicProfileVersion(deps);
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: profile.timezone }).toISODate() as string;
  return { profile, version, closed: closedDatesAhead(profile.closedDays, today, days) };
};
