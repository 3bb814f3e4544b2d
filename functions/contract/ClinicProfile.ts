/**
 * The clinic a deployment serves (name, contact, hours, time zone, locations, closed days), as one
 * zod schema and its type. Read from CARECAST_CLINIC (config.ts) and from templates/clinic.yaml
 * (rendering/clinicProfile.ts); an admin's edit (console, issue 14) is checked with
 * `ClinicProfileEdit`, which adds what a person can get wrong by typing (phone, web address, dates).
 */
import { isValidPhoneNumber } from 'libphonenumber-js';
import * as z from 'zod';

/** A calendar date, yyyy-MM-dd, that exists (2026-02-30 does not). */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-24')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a calendar date');

/** A yearly month-day, MM-dd (12-24); 02-29 is allowed and closes Feb 29 in leap years. */
const monthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'Use a month and day like 12-24')
  .refine((d) => calendarDate.safeParse(`2024-${d}`).success, 'Not a day of the year');

/** Days nothing is sent (issue 14): rules in functions/domain/scheduling/clinicCalendar.ts. */
export const ClosedDays = z
  .object({
    /** US federal holidays (OPM), on their own date and on their observed weekday. */
    federalHolidays: z.boolean().default(true),
    /** Every year on these month-days (MM-dd). */
    yearly: z.array(monthDay).default([]),
    /** One-off closed dates (yyyy-MM-dd). */
    dates: z.array(calendarDate).default([]),
    /** Dates the rules above would close, opened again by an admin. */
    openDates: z.array(calendarDate).default([]),
  })
  .strict();
export type ClosedDays = z.output<typeof ClosedDays>;

const location = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'Lower-case letters, digits and hyphens'),
    name: z.string().trim().min(1, 'Give the location a name'),
    address: z.string().trim().min(5, 'every location needs a postal address (E1)'),
    phone: z.string().optional(),
  })
  .strict();

export const ClinicProfile = z
  .object({
    name: z.string().min(1),
    programName: z.string().min(1),
    phone: z.string().min(7),
    email: z.string().email(),
    website: z.string().url(),
    timezone: z.string().min(1),
    /** Office hours in words ("Mon–Fri 8:00–17:00"); optional. */
    hours: z.string().optional(),
    locations: z.array(location).min(1),
    closedDays: ClosedDays.optional(),
  })
  .strict();
export type ClinicProfile = z.infer<typeof ClinicProfile>;

const usPhone = z
  .string()
  .trim()
  .refine((p) => isValidPhoneNumber(p, 'US'), 'Enter a phone number with its area code, like (949) 555-0100');

const httpsUrl = z
  .string()
  .trim()
  .refine((u) => URL.canParse(u) && ['https:', 'http:'].includes(new URL(u).protocol) && new URL(u).hostname.includes('.'), 'Enter a web address like https://www.example.org');

/**
 * What an admin may save in the console: the same shape, every typed field checked (a US phone
 * number by libphonenumber, an http(s) web address, unique location ids, unique dates).
 */
export const ClinicProfileEdit = ClinicProfile.extend({
  name: z.string().trim().min(1, 'Give the clinic a name').max(120),
  programName: z.string().trim().min(1, 'Give the program a name').max(120),
  phone: usPhone,
  email: z.string().trim().email('Enter an email address'),
  website: httpsUrl,
  hours: z.string().trim().max(200).optional(),
  locations: z
    .array(location.extend({ phone: usPhone.optional() }))
    .min(1, 'Keep at least one location')
    .max(20)
    .superRefine((locs, ctx) => {
      const seen = new Set<string>();
      locs.forEach((l, i) => {
        if (seen.has(l.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'Two locations have this id' });
        seen.add(l.id);
      });
    }),
});
