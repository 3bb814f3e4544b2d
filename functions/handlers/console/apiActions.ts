/**
 * The staff console's JSON API, one action per route of handler `adminApi` in contract/routes.ts
 * (a route added there without an action here fails to compile). Bodies are parsed with the same
 * zod schemas the HTML forms use (contract/consoleSchemas.ts). No store call here.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../../config.js';
import {
  ArchiveSequenceBody,
  AudienceBody,
  BroadcastBody,
  ClinicEditBody,
  ClosedDayBody,
  CreateSequenceBody,
  DeleteSubscriberBody,
  EntryPointBody,
  LookupBody,
  MoveEnrollmentsBody,
  PreviewBody,
  RevokeBody,
  ScheduleSequenceBody,
  SequenceEditBody,
  TestSendBody,
} from '../../contract/consoleSchemas.js';
import type { StaffRouteKey } from '../../contract/routes.js';
import { listBroadcasts } from '../../domain/broadcasts/broadcastOverview.js';
import { countAudience } from '../../domain/broadcasts/audience.js';
import { audienceOf, cancelBroadcast, scheduleBroadcast } from '../../domain/broadcasts/scheduleBroadcast.js';
import { changeClosedDate, saveClinicDetails } from '../../domain/clinic/clinicProfile.js';
import { clinicOverview } from '../../domain/clinic/clinicOverview.js';
import { readAuditLog } from '../../domain/console/auditLog.js';
import { editSequence } from '../../domain/console/editSequence.js';
import { messageChoices } from '../../domain/console/messageChoices.js';
import { archiveSequence, createSequence } from '../../domain/console/sequenceLifecycle.js';
import { setEntryPoint } from '../../domain/scheduling/entryPoints.js';
import { everyEntryPoint } from '../../domain/broadcasts/broadcastEnrollment.js';
import { exportConsentRecord } from '../../domain/console/exportConsentRecord.js';
import { exportResultsCsv } from '../../domain/console/exportResults.js';
import { moveEnrollments } from '../../domain/console/moveEnrollments.js';
import { pauseSequence, resumeSequence } from '../../domain/console/pauseSequence.js';
import { previewTemplate, sendTestMessage } from '../../domain/console/previewTemplate.js';
import { scheduleSequence } from '../../domain/console/scheduleSequence.js';
import { resultsOfSequence, sequenceDetail, sequenceVersion } from '../../domain/console/sequenceDetail.js';
import { deleteSubscriberByStaff, lookupSubscriber, revokeForSubscriber } from '../../domain/console/subscriberSupport.js';
import type { DomainContext } from '../../domain/core/domainContext.js';
import { UnsupportedMediaType } from '../../http/httpErrors.js';
import type { StaffActor } from '../../domain/ports/staff/auditLog.js';
import { parseOrInvalid } from '../../http/fieldErrors.js';
import { readBody } from '../../http/readBody.js';
import { type HttpResult, json } from '../../http/responses.js';
import { consentExportResponse, csvFile, MAX_CONSOLE_BODY } from './consoleResponses.js';
import { messageApiActions } from './messageApiActions.js';

/** What every API action receives: the event, the verified actor, the domain and the path id. */
export interface ApiRequest {
  event: APIGatewayProxyEventV2;
  actor: StaffActor;
  d: DomainContext;
  id: string;
}
export type ApiAction = (r: ApiRequest) => Promise<HttpResult>;

/**
 * The JSON body of a request.
 * @throws UnsupportedMediaType for a body that is not JSON; PayloadTooLarge over MAX_CONSOLE_BODY.
 */
const body = (event: APIGatewayProxyEventV2): unknown => {
  const b = readBody(event, MAX_CONSOLE_BODY);
  if (b.kind !== 'json') throw new UnsupportedMediaType();
  return b.value;
};

export const apiActions: Record<StaffRouteKey<'adminApi'>, ApiAction> = {
  'GET /api/admin/sequences': async ({ d }) => json(200, await d.sequences.list()),
  'POST /api/admin/sequences': async ({ event, actor, d }) => json(201, await createSequence(d, actor, parseOrInvalid(CreateSequenceBody, body(event)))),
  'GET /api/admin/sequences/{id}': async ({ d, id }) => json(200, await sequenceDetail(d, id)),
  'POST /api/admin/sequences/{id}/archive': async ({ event, actor, d, id }) => json(200, await archiveSequence(d, actor, id, parseOrInvalid(ArchiveSequenceBody, body(event)).archived)),
  'GET /api/admin/entry-points': async ({ d }) => json(200, await everyEntryPoint(d)),
  'POST /api/admin/entry-points/{id}': async ({ event, actor, d, id }) => json(200, await setEntryPoint(d, actor, id, parseOrInvalid(EntryPointBody, body(event)).sequenceId)),
  'GET /api/admin/message-choices': async ({ d }) => json(200, await messageChoices(d)),
  'GET /api/admin/sequences/{id}/versions/{version}': async ({ event, d, id }) => json(200, await sequenceVersion(d, id, Number(event.pathParameters?.version))),
  'POST /api/admin/sequences/{id}/versions': async ({ event, actor, d, id }) => json(201, await editSequence(d, actor, id, parseOrInvalid(SequenceEditBody, body(event)))),
  'POST /api/admin/sequences/{id}/pause': async ({ actor, d, id }) => json(200, await pauseSequence(d, actor, id)),
  'POST /api/admin/sequences/{id}/resume': async ({ actor, d, id }) => json(200, await resumeSequence(d, actor, id)),
  'POST /api/admin/sequences/{id}/schedule': async ({ event, actor, d, id }) =>
    json(200, await scheduleSequence(d, actor, id, parseOrInvalid(ScheduleSequenceBody, body(event)).openFrom)),
  'POST /api/admin/sequences/{id}/move': async ({ event, actor, d, id }) => {
    const req = parseOrInvalid(MoveEnrollmentsBody, body(event));
    return json(200, await moveEnrollments(d, actor, id, { toVersion: req.toVersion, ...(req.fromVersion ? { fromVersion: req.fromVersion } : {}) }));
  },
  'GET /api/admin/sequences/{id}/results': async ({ d, id }) => json(200, await resultsOfSequence(d, id)),
  'GET /api/admin/sequences/{id}/results.csv': async ({ actor, d, id }) => {
    const { filename, csv } = await exportResultsCsv(d, actor, id);
    return csvFile(filename, csv);
  },
  'GET /api/admin/broadcasts': async ({ d }) => json(200, await listBroadcasts(d)),
  'POST /api/admin/broadcasts': async ({ event, actor, d }) => json(201, await scheduleBroadcast(d, actor, parseOrInvalid(BroadcastBody, body(event)))),
  'POST /api/admin/broadcasts/{id}/cancel': async ({ actor, d, id }) => json(200, await cancelBroadcast(d, actor, id)),
  'POST /api/admin/preview': async ({ event, actor, d }) => json(200, await previewTemplate(d, parseOrInvalid(PreviewBody, body(event)), actor)),
  'POST /api/admin/test-sends': async ({ event, actor, d }) => json(202, await sendTestMessage(d, actor, parseOrInvalid(TestSendBody, body(event)), config().staff.testRecipients)),
  'POST /api/admin/subscribers/lookup': async ({ event, actor, d }) => json(200, await lookupSubscriber(d, actor, parseOrInvalid(LookupBody, body(event)))),
  'GET /api/admin/subscribers/{id}/consent': async ({ actor, d, id }) => consentExportResponse(await exportConsentRecord(d, actor, id)),
  'POST /api/admin/subscribers/{id}/revoke': async ({ event, actor, d, id }) =>
    json(200, { revoked: await revokeForSubscriber(d, actor, id, parseOrInvalid(RevokeBody, body(event)).channels) }),
  'POST /api/admin/subscribers/{id}/delete': async ({ event, actor, d, id }) => {
    parseOrInvalid(DeleteSubscriberBody, body(event));
    return json(200, { outcome: await deleteSubscriberByStaff(d, actor, id) });
  },
  'GET /api/admin/audit': async ({ event, d }) => json(200, await readAuditLog(d, Number(event.queryStringParameters?.limit ?? 100) || 100)),
  'GET /api/admin/clinic': async ({ d }) => json(200, await clinicOverview(d)),
  'POST /api/admin/clinic': async ({ event, actor, d }) => {
    const req = parseOrInvalid(ClinicEditBody, body(event));
    return json(200, await saveClinicDetails(d, actor, req.profile, req.basedOn));
  },
  'POST /api/admin/clinic/closed-days': async ({ event, actor, d }) => {
    const req = parseOrInvalid(ClosedDayBody, body(event));
    return json(200, await changeClosedDate(d, actor, req.date, req.change));
  },
  'POST /api/admin/broadcasts/audience': async ({ event, d }) => json(200, { recipients: await countAudience(d, audienceOf(parseOrInvalid(AudienceBody, body(event)))) }),
  ...messageApiActions,
};
