/**
 * /api/admin/*: every staff console action as JSON, for scripts and integrations. Bodies are
 * parsed with the same zod schemas the HTML forms use (contract/consoleSchemas.ts); errors are
 * `{ error: { code, message, fields } }` (400 with field errors, 401, 403, 404, 409).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../config.js';
import {
  BroadcastBody,
  DeleteSubscriberBody,
  LookupBody,
  MoveEnrollmentsBody,
  PreviewBody,
  RevokeBody,
  ScheduleSequenceBody,
  SequenceEditBody,
  TestSendBody,
} from '../contract/consoleSchemas.js';
import { recordAudit } from '../domain/auditLog.js';
import { editSequence } from '../domain/editSequence.js';
import { NotFound, UnsupportedMediaType } from '../domain/errors.js';
import { parseOrInvalid } from '../domain/fieldErrors.js';
import { consentExportResponse, exportConsentRecord } from '../domain/exportConsentRecord.js';
import { deleteSubscriberByStaff, lookupSubscriber, revokeForSubscriber } from '../domain/lookupSubscriber.js';
import { moveEnrollments } from '../domain/moveEnrollments.js';
import { pauseSequence, resumeSequence } from '../domain/pauseSequence.js';
import { previewTemplate, sendTestMessage } from '../domain/previewTemplate.js';
import { cancelBroadcast, scheduleBroadcast } from '../domain/scheduleBroadcast.js';
import { scheduleSequence } from '../domain/scheduleSequence.js';
import { resultsOfSequence, sequenceDetail } from '../domain/sequenceDetail.js';
import { resultsCsv } from '../domain/sequenceResults.js';
import { readBody } from '../http/readBody.js';
import { json } from '../http/responses.js';
import { staffRoute } from '../middleware/staffRoute.js';
import { deps } from '../wiring.js';

/** Sequence definitions are a few kB; this leaves room without inviting abuse. */
const MAX_ADMIN_BODY = 64 * 1024;

const body = (event: APIGatewayProxyEventV2): unknown => {
  const b = readBody(event, MAX_ADMIN_BODY);
  if (b.kind !== 'json') throw new UnsupportedMediaType();
  return b.value;
};

export const handler = staffRoute(async (event, { actor }) => {
  const d = await deps();
  const id = event.pathParameters?.id ?? '';
  switch (event.routeKey) {
    case 'GET /api/admin/sequences':
      return json(200, await d.sequences.list());
    case 'GET /api/admin/sequences/{id}':
      return json(200, await sequenceDetail(d, id));
    case 'GET /api/admin/sequences/{id}/versions/{version}': {
      const v = await d.store.getSequenceVersion(id, Number(event.pathParameters?.version));
      if (!v) throw new NotFound('version');
      return json(200, v);
    }
    case 'POST /api/admin/sequences/{id}/versions':
      return json(201, await editSequence(d, actor, id, parseOrInvalid(SequenceEditBody, body(event))));
    case 'POST /api/admin/sequences/{id}/pause':
      return json(200, await pauseSequence(d, actor, id));
    case 'POST /api/admin/sequences/{id}/resume':
      return json(200, await resumeSequence(d, actor, id));
    case 'POST /api/admin/sequences/{id}/schedule':
      return json(200, await scheduleSequence(d, actor, id, parseOrInvalid(ScheduleSequenceBody, body(event)).openFrom));
    case 'POST /api/admin/sequences/{id}/move': {
      const req = parseOrInvalid(MoveEnrollmentsBody, body(event));
      return json(200, await moveEnrollments(d, actor, id, { toVersion: req.toVersion, ...(req.fromVersion ? { fromVersion: req.fromVersion } : {}) }));
    }
    case 'GET /api/admin/sequences/{id}/results':
      return json(200, await resultsOfSequence(d, id));
    case 'GET /api/admin/sequences/{id}/results.csv': {
      const csv = resultsCsv(await resultsOfSequence(d, id));
      await recordAudit(d, actor, 'results.export', `sequence:${id}`, { after: { format: 'csv' } });
      return { statusCode: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${id}-results.csv"` }, body: csv };
    }
    case 'GET /api/admin/broadcasts':
      return json(200, await d.store.listBroadcasts());
    case 'POST /api/admin/broadcasts':
      return json(201, await scheduleBroadcast(d, actor, parseOrInvalid(BroadcastBody, body(event))));
    case 'POST /api/admin/broadcasts/{id}/cancel':
      return json(200, await cancelBroadcast(d, actor, id));
    case 'POST /api/admin/preview':
      return json(200, await previewTemplate(d, parseOrInvalid(PreviewBody, body(event)), actor));
    case 'POST /api/admin/test-sends':
      return json(202, await sendTestMessage(d, actor, parseOrInvalid(TestSendBody, body(event)), config().staff.testRecipients));
    case 'POST /api/admin/subscribers/lookup':
      return json(200, await lookupSubscriber(d, actor, parseOrInvalid(LookupBody, body(event))));
    case 'GET /api/admin/subscribers/{id}/consent':
      return consentExportResponse(await exportConsentRecord(d, actor, id));
    case 'POST /api/admin/subscribers/{id}/revoke':
      return json(200, { revoked: await revokeForSubscriber(d, actor, id, parseOrInvalid(RevokeBody, body(event)).channels) });
    case 'POST /api/admin/subscribers/{id}/delete':
      parseOrInvalid(DeleteSubscriberBody, body(event));
      return json(200, { outcome: await deleteSubscriberByStaff(d, actor, id) });
    case 'GET /api/admin/audit':
      return json(200, await d.store.listAudit(Math.min(500, Number(event.queryStringParameters?.limit ?? 100) || 100), d.clock.now()));
  }
  throw new NotFound('route');
});
