/**
 * One-off broadcasts: a template sent once to an audience (channel, language, sequence and
 * enrollment status) at a date and time in the clinic's time zone. Scheduling writes one row
 * that sits in the due index until its start; the dispatcher then expands the audience into
 * per-recipient work (dispatchBroadcasts.ts) and the send worker delivers through the same
 * gates as the drip (processBroadcastJob.ts). A broadcast can be cancelled until it starts.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { AudienceBody, BroadcastBody } from '../../contract/consoleSchemas.js';
import { validateAudience } from './audience.js';
import { currentClinicProfile } from '../clinic/clinicProfile.js';
import { recordAudit } from '../console/auditLog.js';
import { closedReason } from '../scheduling/clinicCalendar.js';
import { enrollableSequenceProblem } from '../scheduling/entryPoints.js';
import { campaignTemplates } from '../console/campaignTemplates.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { Audience, Broadcast } from '../ports/staff/broadcasts.js';
import type { DomainContext } from '../core/domainContext.js';
import { Conflict, InvalidInput, NotFound } from '../core/errors.js';
import type { Channel } from '../core/model.js';

export type BroadcastRequest = z.output<typeof BroadcastBody>;

/** The stored audience of a request (AudienceBody's fields; `booked` as a boolean). */
export const audienceOf = (req: z.output<typeof AudienceBody>): Audience => ({
  channel: req.channel,
  ...(req.language ? { language: req.language } : {}),
  ...(req.sequenceId ? { sequenceId: req.sequenceId } : {}),
  ...(req.status ? { status: req.status } : {}),
  ...(req.stepId ? { stepId: req.stepId } : {}),
  ...(req.locationId ? { locationId: req.locationId } : {}),
  ...(req.booked ? { booked: req.booked === 'yes' } : {}),
});

/** Templates a broadcast may use on a channel: the campaign templates (not the system flows). */
export const broadcastTemplates = (channel: Channel): string[] => campaignTemplates(channel);

/**
 * Schedules a broadcast at `req.date` + `req.time` in the clinic's zone and audits it.
 * @returns the stored broadcast (status `scheduled`, `startAt` as a UTC instant).
 * @throws InvalidInput with field errors: a date that is not a calendar date, a start not in the future,
 * a closed day of the clinic calendar, a template that cannot be broadcast on the channel, an audience
 * naming an unknown sequence, step or location (audience.ts), `enrollInto` naming a sequence that is
 * not published (unknown or archived).
 */
export const scheduleBroadcast = async (deps: DomainContext, actor: StaffActor, req: BroadcastRequest): Promise<Broadcast> => {
  const now = deps.clock.now();
  const timeZone = deps.settings.clinic.timezone;
  const start = DateTime.fromISO(`${req.date}T${req.time}`, { zone: timeZone });
  const fields: Record<string, string> = {};
  if (!start.isValid) fields.date = 'Not a calendar date';
  else if (start.toJSDate() <= now) fields.time = 'Choose a time in the future';
  else {
    // Refused rather than moved (issue 14): staff chose the day; a silent move would send on a day they did not pick.
    const closed = closedReason((await currentClinicProfile(deps)).closedDays, req.date);
    if (closed) fields.date = `The clinic is closed on ${req.date} (${closed}): choose an open day`;
  }
  if (!broadcastTemplates(req.channel).includes(req.template)) fields.template = `No ${req.channel === 'sms' ? 'SMS' : 'email'} template "${req.template}" can be broadcast`;
  const audience = audienceOf(req);
  try {
    await validateAudience(deps, audience);
  } catch (err) {
    if (!(err instanceof InvalidInput)) throw err;
    Object.assign(fields, err.fields);
  }
  if (req.enrollInto) {
    const problem = await enrollableSequenceProblem(deps, req.enrollInto);
    if (problem) fields.enrollInto = problem;
  }
  if (Object.keys(fields).length) throw new InvalidInput(fields);

  const broadcast: Broadcast = {
    broadcastId: randomUUID(),
    name: req.name,
    template: req.template,
    audience,
    ...(req.enrollInto ? { enrollInto: req.enrollInto } : {}),
    startAt: start.toUTC().toISO() as string,
    localStart: { date: req.date, time: req.time, timeZone },
    status: 'scheduled',
    createdAt: now.toISOString(),
    createdBy: actor.name,
    recipients: 0,
  };
  await deps.store.createBroadcast(broadcast);
  await recordAudit(deps, actor, 'broadcast.schedule', `broadcast:${broadcast.broadcastId}`, { after: broadcast });
  return broadcast;
};

/**
 * scheduled → cancelled, audited. Nothing of it is ever sent afterwards.
 * @throws NotFound for an unknown broadcast; Conflict once it started or when already cancelled.
 */
export const cancelBroadcast = async (deps: DomainContext, actor: StaffActor, broadcastId: string): Promise<Broadcast> => {
  const before = await deps.store.getBroadcast(broadcastId);
  if (!before) throw new NotFound('broadcast');
  if (!(await deps.store.cancelBroadcast(broadcastId, deps.clock.now().toISOString(), actor.name))) {
    throw new Conflict(before.status === 'cancelled' ? 'This broadcast is already cancelled' : 'This broadcast has already started and can no longer be cancelled');
  }
  await recordAudit(deps, actor, 'broadcast.cancel', `broadcast:${broadcastId}`, { before: { status: before.status }, after: { status: 'cancelled' } });
  return (await deps.store.getBroadcast(broadcastId)) as Broadcast;
};
