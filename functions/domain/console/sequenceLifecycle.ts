/**
 * Creating and archiving sequences in the console. A new sequence starts blank (one welcome
 * email, sent right after joining) or as a copy of another's current version; either way it is
 * version 1 of a new id, stored like the shipped one and run by the same dispatcher. Archiving
 * takes it out of the working list; its versions, enrollments and results stay.
 */
import { recordAudit } from './auditLog.js';
import { definitionProblems } from './editSequence.js';
import { messageChoices } from './messageChoices.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { SequenceHead, SequenceVersion } from '../ports/sending/sequenceVersions.js';
import type { DomainContext } from '../core/domainContext.js';
import { Conflict, InvalidInput, NotFound } from '../core/errors.js';
import type { SequenceDefinition } from '../scheduling/SequenceDefinition.js';
import { everyEntryPoint } from '../broadcasts/broadcastEnrollment.js';

/** The windows a blank sequence starts with (recipient's time): emails on weekdays in office hours, texts Mon–Sat 10–18. */
const BLANK_WINDOWS: SequenceDefinition['defaultWindows'] = {
  email: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
  sms: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '10:00', end: '18:00' },
};

/** A sequence id from its name: "Neck pain basics!" → "neck-pain-basics" (then -2, -3… while taken). */
export const sequenceIdFor = (name: string, taken: (id: string) => boolean): string => {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'sequence';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
};

/**
 * Creates a sequence named `name`: blank, or a copy of `duplicateOf`'s current version. Audited.
 * @returns its version 1.
 * @throws InvalidInput `{ name }` for an empty name, `{ duplicateOf }` for an unknown sequence; Conflict when the id was taken meanwhile.
 */
export const createSequence = async (deps: DomainContext, actor: StaffActor, req: { name: string; duplicateOf?: string }): Promise<SequenceVersion> => {
  const name = req.name.trim();
  if (!name) throw new InvalidInput({ name: 'Give the sequence a name' });
  const source = req.duplicateOf ? await deps.sequences.current(req.duplicateOf) : undefined;
  if (req.duplicateOf && !source) throw new InvalidInput({ duplicateOf: 'No such sequence' });
  const taken = new Set((await deps.sequences.list()).map((h) => h.sequenceId));
  const sequenceId = sequenceIdFor(name, (id) => taken.has(id));
  const emails = await messageChoices(deps, 'email');
  const starter = emails.find((c) => c.id === 'welcome')?.id ?? emails[0]?.id ?? 'welcome';
  const definition: SequenceDefinition = source
    ? { ...structuredClone(source.definition), id: sequenceId, version: 1, name }
    : {
        id: sequenceId,
        version: 1,
        name,
        defaultWindows: BLANK_WINDOWS,
        smsQuietHours: { start: '08:00', end: '21:00' },
        exitGoals: {},
        steps: [{ id: 'step-1', after: 'PT0S', channel: 'email', template: starter }],
      };
  const fields = await definitionProblems(deps, definition);
  if (Object.keys(fields).length) throw new InvalidInput(fields);
  const at = deps.clock.now().toISOString();
  const version: SequenceVersion = { sequenceId, version: 1, definition, createdAt: at, createdBy: actor.name, note: source ? `Copy of ${source.head.name} v${source.head.currentVersion}` : 'New sequence' };
  const head: SequenceHead = { sequenceId, name, currentVersion: 1, latestVersion: 1, paused: false, updatedAt: at };
  if (!(await deps.store.putSequenceVersion(version, head, undefined))) throw new Conflict('A sequence with this name was created at the same moment; try again');
  await recordAudit(deps, actor, 'sequence.create', `sequence:${sequenceId}`, { before: null, after: { name, duplicateOf: req.duplicateOf ?? null } });
  return version;
};

/** Why a sequence cannot be archived, naming what still leads to it and what to do about each. */
const archiveRefusal = (using: { kind: 'form' | 'broadcast'; name: string }[]): string => {
  const names = using.map((e) => e.name).join(', ');
  const fix = [
    using.some((e) => e.kind === 'form') ? 'choose another sequence for the form on Entry points' : '',
    using.some((e) => e.kind === 'broadcast') ? 'cancel the broadcast (or let it be sent) first' : '',
  ].filter(Boolean);
  return `${names} ${using.length > 1 ? 'enroll' : 'enrolls'} into this sequence: ${fix.join(', and ')}`;
};

/**
 * Archives (or, with `archived: false`, restores) a sequence. Running enrollments go on (pause the
 * sequence to stop them); an entry point may not lead to an archived sequence, since enrolling into
 * one is skipped without a word (`enrollBroadcastRecipient` → `not-enrollable`). Audited.
 * @throws NotFound for an unknown sequence; InvalidInput `{ sequence }` naming the signup form and
 *   the broadcasts not sent yet that enroll into it (nothing written).
 */
export const archiveSequence = async (deps: DomainContext, actor: StaffActor, sequenceId: string, archived = true): Promise<SequenceHead> => {
  const head = await deps.sequences.head(sequenceId);
  if (!head) throw new NotFound('sequence');
  if (archived) {
    const using = (await everyEntryPoint(deps)).filter((e) => e.sequenceId === sequenceId && e.enrolling);
    if (using.length) throw new InvalidInput({ sequence: archiveRefusal(using) });
  }
  const at = deps.clock.now().toISOString();
  await deps.store.updateSequenceHead(sequenceId, archived ? { archived: true, archivedAt: at, updatedAt: at } : { archived: false, updatedAt: at }, archived ? [] : ['archivedAt']);
  await recordAudit(deps, actor, archived ? 'sequence.archive' : 'sequence.restore', `sequence:${sequenceId}`, { before: { archived: head.archived ?? false }, after: { archived } });
  return (await deps.sequences.head(sequenceId)) as SequenceHead;
};
