/**
 * The console pages of the sequence builder (issue 14): the builder itself (its buttons rearrange
 * the draft, Save creates a version), a new sequence, archive, and entry points. Part of
 * `pageActions` (same routes table, same rules: every read and change through a domain function).
 */
import { html } from '../../pages/html.js';
import { clinicOverview } from '../../domain/clinic/clinicOverview.js';
import { closedDaysNote } from '../../pages/admin/clinicPage.js';
import { ArchiveSequenceBody, CreateSequenceBody, EntryPointBody, SequenceEditBody } from '../../contract/consoleSchemas.js';
import type { StaffRouteKey } from '../../contract/routes.js';
import { editSequence } from '../../domain/console/editSequence.js';
import { messageChoices } from '../../domain/console/messageChoices.js';
import { archiveSequence, createSequence } from '../../domain/console/sequenceLifecycle.js';
import { sequenceDetail } from '../../domain/console/sequenceDetail.js';
import { InvalidInput } from '../../domain/core/errors.js';
import { setEntryPoint } from '../../domain/scheduling/entryPoints.js';
import { everyEntryPoint } from '../../domain/broadcasts/broadcastEnrollment.js';
import { parseOrInvalid } from '../../http/fieldErrors.js';
import { type BuilderDraft, builderFieldsOf, definitionOfDraft, draftFromForm, draftOf, rearrange } from '../../pages/admin/builder/builderDraft.js';
import { builderBody } from '../../pages/admin/builder/sequenceBuilder.js';
import { entryPointsBody, newSequenceBody, sequenceBody } from '../../pages/admin/sequencePages.js';
import { formOf, optional, orAgain, page, seeOther } from './consoleResponses.js';
import type { PageAction, PageRequest } from './pageRequest.js';

type BuilderRoute =
  | 'GET /admin/sequences/{id}'
  | 'GET /admin/sequences/{id}/edit'
  | 'POST /admin/sequences/{id}/edit'
  | 'GET /admin/sequences/new'
  | 'POST /admin/sequences'
  | 'POST /admin/sequences/{id}/archive'
  | 'GET /admin/entry-points'
  | 'POST /admin/entry-points/{id}';

/** One sequence: steps in words, versions, actions, and the entry points leading to it. */
export const sequencePage = async ({ d, s, id }: PageRequest, extra: { notice?: string; fields?: Record<string, string> } = {}, status = 200) => {
  const detail = await sequenceDetail(d, id);
  // The signup form and broadcasts that enroll their recipients here (issue 14).
  const entryPoints = await everyEntryPoint(d);
  const { closed } = await clinicOverview(d, 90);
  const isAdmin = s.actor.role === 'admin';
  const body = html`${sequenceBody({ ...detail, entryPoints, isAdmin, csrf: s.csrf, ...extra })}${closedDaysNote(closed, isAdmin)}`;
  return page(s, 'overview', detail.head.name, body, status);
};

const builderPage = async ({ d, s, id }: PageRequest, draft?: BuilderDraft, extra: { fields?: Record<string, string>; message?: string } = {}, status = 200) => {
  const detail = await sequenceDetail(d, id);
  const body = builderBody({
    sequenceId: id,
    latestVersion: detail.head.latestVersion,
    draft: draft ?? draftOf(detail.definition, detail.head.latestVersion),
    defaults: detail.definition.defaultWindows,
    choices: await messageChoices(d),
    csrf: s.csrf,
    ...extra,
  });
  return page(s, 'overview', `Sequence builder: ${detail.head.name}`, body, status, ['/admin/assets/builder.js']);
};

const newPage = async ({ d, s }: PageRequest, extra: { values?: Record<string, string>; fields?: Record<string, string>; message?: string } = {}, status = 200) =>
  page(s, 'overview', 'New sequence', newSequenceBody({ heads: (await d.sequences.list()).filter((h) => !h.archived), csrf: s.csrf, ...extra }), status);

const entryPointsPage = async ({ d, s }: PageRequest, extra: { fields?: Record<string, string>; notice?: string } = {}, status = 200) =>
  page(s, 'overview', 'Entry points', entryPointsBody({ entryPoints: await everyEntryPoint(d), heads: await d.sequences.list(), isAdmin: s.actor.role === 'admin', csrf: s.csrf, ...extra }), status);

export const sequenceBuilderActions: Pick<Record<StaffRouteKey<'adminPages'>, PageAction>, BuilderRoute> = {
  'GET /admin/sequences/{id}': (r) => sequencePage(r, r.notice ? { notice: r.notice } : {}),
  'GET /admin/sequences/{id}/edit': (r) => builderPage(r),
  'POST /admin/sequences/{id}/edit': async (r) => {
    const draft = draftFromForm(formOf(r.event));
    const { definition } = await sequenceDetail(r.d, r.id);
    const moved = rearrange(draft, formOf(r.event).intent ?? 'save', definition.defaultWindows);
    if (moved) return builderPage(r, moved);
    return orAgain(
      async () => {
        const built = definitionOfDraft(definition, draft);
        const body = { basedOn: Number(draft.basedOn), ...(optional(draft.note) ? { note: draft.note } : {}), definition: built.definition };
        if (Object.keys(built.fields).length) throw new InvalidInput(built.fields);
        await editSequence(r.d, r.s.actor, r.id, parseOrInvalid(SequenceEditBody, body));
        return seeOther(`/admin/sequences/${r.id}?done=saved`);
      },
      (fields, message, status) => builderPage(r, draft, { fields: builderFieldsOf(fields), message }, status),
    );
  },
  'GET /admin/sequences/new': (r) => newPage(r),
  'POST /admin/sequences': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        const req = parseOrInvalid(CreateSequenceBody, { name: f.name ?? '', ...(optional(f.duplicateOf) ? { duplicateOf: f.duplicateOf } : {}) });
        const created = await createSequence(r.d, r.s.actor, req);
        return seeOther(`/admin/sequences/${created.sequenceId}/edit`);
      },
      (fields, message, status) => newPage(r, { values: f, fields, message }, status),
    );
  },
  'POST /admin/sequences/{id}/archive': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        const { archived } = parseOrInvalid(ArchiveSequenceBody, { archived: f.archived !== 'false' });
        await archiveSequence(r.d, r.s.actor, r.id, archived);
        return seeOther(`/admin/sequences/${r.id}?done=${archived ? 'archived' : 'restored'}`);
      },
      (fields, _m, status) => sequencePage(r, { fields }, status),
    );
  },
  'GET /admin/entry-points': (r) => entryPointsPage(r, r.notice ? { notice: r.notice } : {}),
  'POST /admin/entry-points/{id}': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        await setEntryPoint(r.d, r.s.actor, r.id, parseOrInvalid(EntryPointBody, { sequenceId: f.sequenceId ?? '' }).sequenceId);
        return seeOther('/admin/entry-points?done=entry-point');
      },
      (fields, _m, status) => entryPointsPage(r, { fields }, status),
    );
  },
};
