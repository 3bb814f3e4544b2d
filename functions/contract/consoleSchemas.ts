/**
 * The staff console's request bodies, one zod schema per action. The JSON API parses with
 * these, the HTML forms build the same objects and parse with the same schemas, and the
 * OpenAPI document (openApiDocument.ts) is generated from them: one definition, three uses.
 */
import * as z from 'zod';
import { SequenceSchema } from '../domain/scheduling/SequenceDefinition.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2025-03-14');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time like 09:30');
const id = z.string().regex(/^[a-z0-9-]+$/, 'Lowercase letters, digits and hyphens').max(64);
const channel = z.enum(['email', 'sms'], { error: 'Choose email or sms' });
const language = z.enum(['en', 'es'], { error: 'Choose en or es' });

/** A new version: the whole definition, checked by the one sequence schema (SequenceDefinition.ts). */
export const SequenceEditBody = z
  .object({
    /** The version the edit started from; a newer one in between is a 409 conflict. */
    basedOn: z.number().int().positive(),
    note: z.string().trim().max(200).optional(),
    definition: SequenceSchema,
  })
  .strict();

/** A new sequence: its name, and the sequence it copies (blank when absent). */
export const CreateSequenceBody = z
  .object({
    name: z.string().trim().min(1, 'Give the sequence a name').max(100, 'At most 100 characters'),
    duplicateOf: id.optional(),
  })
  .strict();

/** Archive (true) or restore (false) a sequence. */
export const ArchiveSequenceBody = z.object({ archived: z.boolean({ error: 'true or false' }) }).strict();

/** The sequence an entry point enrolls into. */
export const EntryPointBody = z.object({ sequenceId: id }).strict();

export const MoveEnrollmentsBody = z
  .object({
    toVersion: z.number().int().positive(),
    /** Only enrollments on this version; all other versions when absent. */
    fromVersion: z.number().int().positive().optional(),
  })
  .strict();

export const ScheduleSequenceBody = z
  .object({ openFrom: isoDate.nullable().describe('Clinic-local date new enrollments start from; null opens it now') })
  .strict();

export const BroadcastBody = z
  .object({
    name: z.string().trim().min(1, 'Give the broadcast a name').max(100),
    template: id,
    channel,
    language: language.optional(),
    sequenceId: id.optional(),
    status: z.enum(['active', 'completed', 'exited']).optional(),
    stepId: id.optional().describe('Only people who reached this step of `sequenceId`'),
    locationId: id.optional().describe("Only people whose latest consultation request named this location"),
    booked: z.enum(['yes', 'no'], { error: 'Choose yes or no' }).optional().describe('Only people who have (yes) or have not (no) requested a consultation'),
    enrollInto: id
      .optional()
      .describe('An entry point (issue 14): once the broadcast is sent to a person, enroll them into this published sequence (consent checked; people already in it stay as they are)'),
    date: isoDate,
    time: hhmm.describe("Clinic-local time (the clinic's time zone)"),
  })
  .strict();

/** A broadcast's audience alone: what the recipient count (before scheduling) takes. */
export const AudienceBody = BroadcastBody.pick({ channel: true, language: true, sequenceId: true, status: true, stepId: true, locationId: true, booked: true });

/** An edit of the clinic profile; `profile` is checked by ClinicProfileEdit in the domain (field paths like `locations.1.address`). */
export const ClinicEditBody = z
  .object({
    /** The profile version the edit started from (0: the shipped default); a newer one in between is a 409. */
    basedOn: z.number().int().min(0),
    profile: z.record(z.string(), z.unknown()),
  })
  .strict();

/** Close or re-open one date of the clinic calendar. */
export const ClosedDayBody = z.object({ date: z.string().max(20), change: z.enum(['close', 'open'], { error: 'Choose close or open' }) }).strict();

export const PreviewBody = z
  .object({
    template: id,
    channel,
    language,
    /** Render with this subscriber's name and language instead of sample data. */
    subscriberId: z.string().min(1).max(64).optional(),
  })
  .strict();

export const TestSendBody = z
  .object({
    template: id,
    channel,
    language,
    /** A staff address or phone on the test allow-list (or the signed-in user's own email). */
    to: z.string().trim().min(3).max(254),
  })
  .strict();

export const LookupBody = z
  .object({ email: z.string().trim().max(254).optional(), phone: z.string().trim().max(32).optional() })
  .strict()
  .refine((b) => Boolean(b.email) !== Boolean(b.phone), { message: 'Give an email address or a phone number', path: ['email'] });

/** A revocation staff took by phone or in person (S7). */
export const RevokeBody = z
  .object({ channels: z.array(channel).min(1, 'Choose at least one channel') })
  .strict();

export const DeleteSubscriberBody = z
  .object({ confirm: z.literal(true, { error: 'Confirm the deletion' }) })
  .strict();

export const LoginBody = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })
  .strict();

// Response shapes (documentation of what the JSON API answers).

const Counters = z.record(z.string(), z.number());

export const SequenceHeadSchema = z
  .object({
    sequenceId: z.string(),
    name: z.string(),
    currentVersion: z.number().int(),
    latestVersion: z.number().int(),
    paused: z.boolean(),
    pausedAt: z.string().optional(),
    openFrom: z.string().optional(),
    archived: z.boolean().optional(),
    archivedAt: z.string().optional(),
    updatedAt: z.string(),
  });

export const EntryPointSchema = z.object({ id: z.string(), kind: z.enum(['form', 'broadcast']), name: z.string(), where: z.string(), sequenceId: z.string(), enrolling: z.boolean(), updatedAt: z.string().optional(), updatedBy: z.string().optional() });

export const MessageChoiceSchema = z.object({ id: z.string(), name: z.string(), channel, languages: z.array(z.string()), source: z.enum(['shipped', 'console']) });

export const SequenceVersionSchema = z
  .object({ sequenceId: z.string(), version: z.number().int(), definition: SequenceSchema, createdAt: z.string(), createdBy: z.string(), note: z.string().optional() });

export const SequenceDetailSchema = z
  .object({ head: SequenceHeadSchema, definition: SequenceSchema, versions: z.array(SequenceVersionSchema.omit({ definition: true })) });

export const BroadcastSchema = z
  .object({
    broadcastId: z.string(),
    name: z.string(),
    template: z.string(),
    audience: z.object({
      channel,
      language: language.optional(),
      sequenceId: z.string().optional(),
      status: z.string().optional(),
      stepId: z.string().optional(),
      locationId: z.string().optional(),
      booked: z.boolean().optional(),
    }),
    startAt: z.string(),
    localStart: z.object({ date: z.string(), time: z.string(), timeZone: z.string() }),
    status: z.enum(['scheduled', 'expanding', 'queued', 'cancelled']),
    recipients: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
  });

export const ResultsSchema = z
  .object({
    sequenceId: z.string(),
    totals: Counters,
    rates: z.record(z.string(), z.number().nullable()),
    steps: z.array(z.object({ stepId: z.string(), channel: z.string().optional(), template: z.string().optional(), counters: Counters, rates: z.record(z.string(), z.number().nullable()) })),
    funnel: z.array(z.object({ stage: z.string(), count: z.number() })),
    days: z.array(z.object({ day: z.string(), counters: Counters })),
  });

export const AuditEntrySchema = z
  .object({ auditId: z.string(), at: z.string(), actor: z.object({ sub: z.string(), name: z.string() }), action: z.string(), target: z.string(), before: z.unknown(), after: z.unknown() });

export const SubscriberViewSchema = z
  .object({
    subscriberId: z.string(),
    language: z.string(),
    timezone: z.string(),
    channels: z.array(z.object({ channel, status: z.string(), suppressed: z.boolean() })),
    consent: z.array(z.object({ channel: z.string(), action: z.string(), at: z.string(), source: z.string(), textVersion: z.string() })),
    messages: z.array(z.object({ at: z.string(), channel: z.string(), template: z.string(), state: z.string(), sequenceId: z.string().optional(), stepId: z.string().optional() })),
    enrollments: z.array(z.object({ sequenceId: z.string(), sequenceVersion: z.number(), status: z.string(), nextStepIndex: z.number() })),
    bookings: z.array(z.object({ bookingId: z.string(), at: z.string(), locationId: z.string() })),
  });

export const PreviewSchema = z
  .object({ channel, subject: z.string().optional(), html: z.string().optional(), text: z.string() });
