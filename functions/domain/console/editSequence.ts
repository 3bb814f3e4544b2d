/**
 * A staff edit of a sequence creates a new version; nothing is edited in place. The body is
 * checked by the one sequence schema (SequenceDefinition.ts) plus what only the running system
 * knows: every step's message is one a step may send (messageChoices.ts). The new version becomes current for
 * new enrollments; running enrollments keep the steps they started with (they hold a copy)
 * until staff move them (moveEnrollments.ts).
 */
import type { z } from 'zod';
import type { SequenceEditBody } from '../../contract/consoleSchemas.js';
import { recordAudit } from './auditLog.js';
import { messageChoices } from './messageChoices.js';
import { sequenceSchemaFor } from '../scheduling/SequenceDefinition.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { SequenceVersion } from '../ports/sending/sequenceVersions.js';
import type { DomainContext } from '../core/domainContext.js';
import { Conflict, InvalidInput, NotFound } from '../core/errors.js';

export type SequenceEdit = z.output<typeof SequenceEditBody>;

/**
 * Field problems of a definition against the sequence schema with the messages a step may use
 * (`{ "definition.steps.2.template": "…" }`); empty when it may be saved.
 */
export const definitionProblems = async (deps: DomainContext, definition: unknown, prefix = 'definition'): Promise<Record<string, string>> => {
  const r = sequenceSchemaFor(await messageChoices(deps)).safeParse(definition);
  const fields: Record<string, string> = {};
  for (const issue of r.success ? [] : r.error.issues) fields[[prefix, ...issue.path.map(String)].join('.')] ??= issue.message;
  return fields;
};

/**
 * Saves `edit.definition` as the next version of a sequence, current for new enrollments, and audits it.
 * @throws NotFound for an unknown sequence; InvalidInput with field errors (unknown messages…);
 * Conflict when a version was saved since `edit.basedOn` (optimistic concurrency).
 */
export const editSequence = async (deps: DomainContext, actor: StaffActor, sequenceId: string, edit: SequenceEdit): Promise<SequenceVersion> => {
  const live = await deps.sequences.current(sequenceId);
  if (!live) throw new NotFound('sequence');
  const fields = await definitionProblems(deps, edit.definition);
  if (edit.definition.id !== sequenceId) fields['definition.id'] = `Must stay ${sequenceId}`;
  if (Object.keys(fields).length) throw new InvalidInput(fields);
  const latest = live.head.latestVersion;
  if (edit.basedOn !== latest) {
    throw new Conflict(`Version ${latest} was saved since you started from version ${edit.basedOn}; reload and edit again`, { basedOn: `Latest is ${latest}` });
  }

  const at = deps.clock.now().toISOString();
  const next = latest + 1;
  const version: SequenceVersion = {
    sequenceId,
    version: next,
    definition: { ...edit.definition, version: next },
    createdAt: at,
    createdBy: actor.name,
    ...(edit.note ? { note: edit.note } : {}),
  };
  const saved = await deps.store.putSequenceVersion(version, { ...live.head, name: edit.definition.name, currentVersion: next, latestVersion: next, updatedAt: at }, latest);
  if (!saved) throw new Conflict('Someone saved another version at the same moment; reload and edit again');
  await recordAudit(deps, actor, 'sequence.version.create', `sequence:${sequenceId}`, {
    before: { version: live.head.currentVersion, steps: live.definition.steps },
    after: { version: next, steps: version.definition.steps, note: edit.note },
  });
  return version;
};
