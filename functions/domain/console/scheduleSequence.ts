/**
 * Opening a sequence for enrollment from a date (clinic time zone). Someone who enrolls before
 * the opening is enrolled at once, and their first step waits for the opening day (then for
 * its own delay and send window as usual). Enrollments made earlier are not touched.
 */
import { DateTime } from 'luxon';
import { recordAudit } from './auditLog.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { SequenceHead } from '../ports/sending/sequenceVersions.js';
import type { DomainContext } from '../core/domainContext.js';
import { InvalidInput, NotFound } from '../core/errors.js';

/** The instant a new enrollment's schedule starts from: now, or the opening (00:00 clinic time) if later. */
export const enrollmentStart = (now: Date, openFrom: string | undefined, clinicZone: string): Date => {
  if (!openFrom) return now;
  const opening = DateTime.fromISO(openFrom, { zone: clinicZone }).startOf('day');
  return opening.isValid && opening.toJSDate() > now ? opening.toJSDate() : now;
};

/**
 * Sets (or clears, with null) the opening date `openFrom` (clinic-local yyyy-MM-dd). Audited.
 * @throws NotFound for an unknown sequence; InvalidInput when `openFrom` is not a calendar date.
 */
export const scheduleSequence = async (deps: DomainContext, actor: StaffActor, sequenceId: string, openFrom: string | null): Promise<SequenceHead> => {
  const head = await deps.sequences.head(sequenceId);
  if (!head) throw new NotFound('sequence');
  if (openFrom !== null && !DateTime.fromISO(openFrom, { zone: deps.settings.clinic.timezone }).isValid) {
    throw new InvalidInput({ openFrom: 'Not a calendar date' });
  }
  const at = deps.clock.now().toISOString();
  await deps.store.updateSequenceHead(sequenceId, { ...(openFrom ? { openFrom } : {}), updatedAt: at }, openFrom ? [] : ['openFrom']);
  await recordAudit(deps, actor, 'sequence.schedule', `sequence:${sequenceId}`, {
    before: { openFrom: head.openFrom ?? null },
    after: { openFrom },
  });
  return (await deps.sequences.head(sequenceId)) as SequenceHead;
};
