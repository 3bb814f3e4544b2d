/**
 * The clinic profile in force (issue 14): the one an admin last saved in the console, else the
 * deployment's default (`settings.clinic`, from templates/clinic.yaml or CARECAST_CLINIC).
 *
 * `currentClinicProfile` is the single source every send, page and schedule reads. It caches the
 * stored row per store for CACHE_MS of real time: a Lambda instance sees an admin's save within
 * that time, and the process that saved it at once (the save invalidates its own cache). Each save
 * bumps `version`; a save over a version someone else already replaced is refused (Conflict).
 */
import { ClinicProfileEdit, type ClinicProfile, type ClosedDays, calendarDate } from '../../contract/ClinicProfile.js';
import { recordAudit } from '../console/auditLog.js';
import type { DomainContext } from '../core/domainContext.js';
import { Conflict, InvalidInput } from '../core/errors.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { StoredClinicProfile } from '../ports/staff/clinicSettings.js';
import { closedDayRule, closedReason, type IsClosed } from '../scheduling/clinicCalendar.js';

/** How long (ms, real time) a process trusts its copy of the stored profile. */
export const CACHE_MS = 30_000;

type Deps = Pick<DomainContext, 'store' | 'settings'>;
const cache = new WeakMap<object, { readAt: number; stored: StoredClinicProfile | undefined }>();

/** The stored row (cached), or undefined while no admin has saved one. */
const storedProfile = async (deps: Deps): Promise<StoredClinicProfile | undefined> => {
  const hit = cache.get(deps.store);
  if (hit && Date.now() - hit.readAt < CACHE_MS) return hit.stored;
  const stored = await deps.store.getClinicProfile();
  cache.set(deps.store, { readAt: Date.now(), stored });
  return stored;
};

/** The profile in force and its version (0 = the shipped default, never edited). */
export const clinicProfileVersion = async (deps: Deps): Promise<{ profile: ClinicProfile; version: number }> => {
  const stored = await storedProfile(deps);
  return stored ? { profile: stored.profile, version: stored.version } : { profile: deps.settings.clinic, version: 0 };
};

/** The clinic profile every send, page and schedule uses. */
export const currentClinicProfile = async (deps: Deps): Promise<ClinicProfile> => (await clinicProfileVersion(deps)).profile;

/**
 * `deps` with `settings.clinic` set to the profile in force: what a send (footer addresses, booking
 * locations) and a public page render from, so an admin's edit reaches them without each reader
 * knowing where the profile lives.
 */
export const withCurrentClinic = async <D extends Deps>(deps: D): Promise<D> => {
  const profile = await currentClinicProfile(deps);
  return profile === deps.settings.clinic ? deps : { ...deps, settings: { ...deps.settings, clinic: profile } };
};

/** The clinic calendar in force, as a predicate on local dates (clinicCalendar.ts). */
export const currentClosedDays = async (deps: Deps): Promise<IsClosed> => closedDayRule((await currentClinicProfile(deps)).closedDays);

/** The shipped closed-day rules when a profile has none: federal holidays only. */
const closedDaysOf = (p: ClinicProfile): ClosedDays => p.closedDays ?? { federalHolidays: true, yearly: [], dates: [], openDates: [] };

const save = async (deps: DomainContext, actor: StaffActor, expectedVersion: number, before: ClinicProfile, profile: ClinicProfile, action: string): Promise<StoredClinicProfile> => {
  const stored: StoredClinicProfile = { profile, version: expectedVersion + 1, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.name };
  cache.delete(deps.store);
  if (!(await deps.store.putClinicProfile(stored))) throw new Conflict('Someone else changed the clinic profile meanwhile; reload and try again');
  cache.set(deps.store, { readAt: Date.now(), stored });
  await recordAudit(deps, actor, action, 'clinic:profile', { before, after: profile });
  return stored;
};

/**
 * Saves an admin's edit of the profile's details (name, program, phone, email, website, hours,
 * locations), keeping the time zone and closed days as they are.
 * @param expectedVersion the version the form was loaded at (optimistic concurrency).
 * @throws InvalidInput with a message per bad field (`locations.1.address`…); Conflict when stale.
 */
export const saveClinicDetails = async (deps: DomainContext, actor: StaffActor, edit: unknown, expectedVersion: number): Promise<StoredClinicProfile> => {
  const { profile: before, version } = await clinicProfileVersion(deps);
  const candidate = { ...(edit as object), timezone: before.timezone, ...(before.closedDays ? { closedDays: before.closedDays } : {}) };
  const r = ClinicProfileEdit.safeParse(candidate);
  if (!r.success) {
    const fields: Record<string, string> = {};
    for (const i of r.error.issues) {
      const path = [...i.path.map(String), ...(i.code === 'unrecognized_keys' ? [i.keys.join(',')] : [])].join('.');
      fields[path || 'body'] ??= i.code === 'unrecognized_keys' ? 'Unknown field' : i.message;
    }
    throw new InvalidInput(fields);
  }
  if (version !== expectedVersion) throw new Conflict('Someone else changed the clinic profile meanwhile; reload and try again');
  return save(deps, actor, version, before, r.data, 'clinic.update');
};

/**
 * Closes (`close`) or opens (`open`) one date on the clinic calendar. Closing adds it to the
 * one-off dates (or removes an earlier re-opening); opening removes a one-off date, or records a
 * re-opening of a date a rule closes (a holiday, a yearly date).
 * @throws InvalidInput (`date`): not a calendar date, already closed / already open.
 */
export const changeClosedDate = async (deps: DomainContext, actor: StaffActor, date: string, change: 'close' | 'open'): Promise<StoredClinicProfile> => {
  if (!calendarDate.safeParse(date).success) throw new InvalidInput({ date: 'Not a calendar date: use a date like 2026-12-24' });
  const { profile: before, version } = await clinicProfileVersion(deps);
  const c = closedDaysOf(before);
  const closed = closedReason(c, date) !== undefined;
  if (change === 'close' && closed) throw new InvalidInput({ date: `${date} is already closed` });
  if (change === 'open' && !closed) throw new InvalidInput({ date: `${date} is not a closed day` });
  const without = (list: string[]) => list.filter((d) => d !== date);
  const next: ClosedDays =
    change === 'close'
      ? c.openDates.includes(date) ? { ...c, openDates: without(c.openDates) } : { ...c, dates: [...c.dates, date].sort() }
      : c.dates.includes(date) && closedReason({ ...c, dates: without(c.dates) }, date) === undefined
        ? { ...c, dates: without(c.dates) }
        : { ...c, dates: without(c.dates), openDates: [...c.openDates, date].sort() };
  return save(deps, actor, version, before, { ...before, closedDays: next }, change === 'close' ? 'clinic.close-day' : 'clinic.open-day');
};
