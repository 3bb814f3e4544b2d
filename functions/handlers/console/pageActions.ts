/**
 * The staff console's pages, one action per route of handler `adminPages` in contract/routes.ts
 * (a route added there without an action here fails to compile). Forms post urlencoded fields,
 * turned into the same objects the JSON API takes and parsed with the same schemas; a bad form
 * comes back (400) with each field's error beside it, a good one redirects (post/redirect/get).
 * Every read and change goes through a domain function: no store call here.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { staffLogoutLocation } from '../../auth/cognitoLogin.js';
import { config } from '../../config.js';
import {
  BroadcastBody,
  DeleteSubscriberBody,
  LookupBody,
  MoveEnrollmentsBody,
  PreviewBody,
  RevokeBody,
  ScheduleSequenceBody,
  TestSendBody,
} from '../../contract/consoleSchemas.js';
import type { StaffRouteKey } from '../../contract/routes.js';
import { broadcastOverview } from '../../domain/broadcasts/broadcastOverview.js';
import { broadcastTemplates, cancelBroadcast, scheduleBroadcast } from '../../domain/broadcasts/scheduleBroadcast.js';
import { readAuditLog } from '../../domain/console/auditLog.js';
import { exportConsentRecord } from '../../domain/console/exportConsentRecord.js';
import { exportResultsCsv } from '../../domain/console/exportResults.js';
import { moveEnrollments } from '../../domain/console/moveEnrollments.js';
import { pauseSequence, resumeSequence } from '../../domain/console/pauseSequence.js';
import { previewTemplate, sendTestMessage } from '../../domain/console/previewTemplate.js';
import { scheduleSequence } from '../../domain/console/scheduleSequence.js';
import { resultsOfBroadcasts, resultsOfSequence } from '../../domain/console/sequenceDetail.js';
import { deleteSubscriberByStaff, lookupSubscriber, revokeForSubscriber, subscriberView } from '../../domain/console/subscriberSupport.js';
import { InvalidInput, NotFound } from '../../domain/core/errors.js';
import { parseOrInvalid } from '../../http/fieldErrors.js';
import { clearedSessionCookie } from '../../http/staffSession.js';
import { auditBody } from '../../pages/admin/auditPage.js';
import { broadcastsBody } from '../../pages/admin/broadcastsPage.js';
import { DELETED_NOTICE, NOTICES, revokedNotice } from '../../pages/admin/consoleCopy.js';
import { previewBody } from '../../pages/admin/previewPage.js';
import { resultsBody } from '../../pages/admin/resultsPage.js';
import { overviewBody } from '../../pages/admin/sequencePages.js';
import { lookupForm, subscriberBody } from '../../pages/admin/subscriberPage.js';
import { emailTemplateIds, smsTemplateIds } from '../../rendering/index.js';
import { consentExportResponse, csvFile, formOf, optional, orAgain, page, seeOther } from './consoleResponses.js';
import { messagePageActions } from './messagePageActions.js';
import type { PageAction, PageRequest } from './pageRequest.js';
import { sequenceBuilderActions, sequencePage } from './sequenceBuilderActions.js';

const CHART_SCRIPTS = ['/admin/assets/chart.umd.min.js', '/admin/assets/console.js'];

export type { PageAction, PageRequest } from './pageRequest.js';

const allTemplates = () => ({ email: emailTemplateIds(), sms: smsTemplateIds() });


const broadcastsPage = async ({ d, s }: PageRequest, extra: { values?: Record<string, string>; fields?: Record<string, string>; notice?: string; message?: string } = {}, status = 200) =>
  page(
    s,
    'broadcasts',
    'Broadcasts',
    broadcastsBody({
      ...(await broadcastOverview(d)),
      sequences: await d.sequences.list(),
      templates: { email: broadcastTemplates('email'), sms: broadcastTemplates('sms') },
      timeZone: d.settings.clinic.timezone,
      isAdmin: s.actor.role === 'admin',
      csrf: s.csrf,
      ...extra,
    }),
    status,
  );

const previewPage = async ({ d, s }: PageRequest, values: Record<string, string>, extra: { fields?: Record<string, string>; notice?: string } = {}, status = 200) => {
  let preview: Awaited<ReturnType<typeof previewTemplate>> | undefined;
  let fields = extra.fields ?? {};
  if (values.template) {
    try {
      preview = await previewTemplate(d, parseOrInvalid(PreviewBody, { template: values.template, channel: values.channel ?? 'email', language: values.language ?? 'en', ...(optional(values.subscriberId) ? { subscriberId: values.subscriberId } : {}) }), s.actor);
    } catch (err) {
      if (!(err instanceof InvalidInput) && !(err instanceof NotFound)) throw err;
      fields = { ...fields, ...(err instanceof InvalidInput ? err.fields : { subscriberId: 'No such subscriber' }) };
      status = 400;
    }
  }
  return page(s, 'preview', 'Preview and test', previewBody({ templates: allTemplates(), values, csrf: s.csrf, fields, ...(preview ? { preview } : {}), ...(extra.notice ? { notice: extra.notice } : {}) }), status);
};

const subscriberPage = async ({ d, s, id }: PageRequest, notice: string) =>
  page(s, 'subscribers', 'Subscriber', subscriberBody(await subscriberView(d, id), { csrf: s.csrf, isAdmin: s.actor.role === 'admin', notice }));

export const pageActions: Record<StaffRouteKey<'adminPages'>, PageAction> = {
  'GET /admin': async ({ d, s }) => page(s, 'overview', 'Sequences', overviewBody(await d.sequences.list(), s.actor.role === 'admin')),
  ...sequenceBuilderActions,
  'POST /admin/sequences/{id}/pause': async ({ d, s, id }) => {
    await pauseSequence(d, s.actor, id);
    return seeOther(`/admin/sequences/${id}?done=paused`);
  },
  'POST /admin/sequences/{id}/resume': async ({ d, s, id }) => {
    await resumeSequence(d, s.actor, id);
    return seeOther(`/admin/sequences/${id}?done=resumed`);
  },
  'POST /admin/sequences/{id}/schedule': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        await scheduleSequence(r.d, r.s.actor, r.id, parseOrInvalid(ScheduleSequenceBody, { openFrom: optional(f.openFrom) ?? null }).openFrom);
        return seeOther(`/admin/sequences/${r.id}?done=scheduled`);
      },
      (fields, _m, status) => sequencePage(r, { fields }, status),
    );
  },
  'POST /admin/sequences/{id}/move': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        await moveEnrollments(r.d, r.s.actor, r.id, parseOrInvalid(MoveEnrollmentsBody, { toVersion: Number(f.toVersion) }));
        return seeOther(`/admin/sequences/${r.id}?done=moved`);
      },
      (fields, _m, status) => sequencePage(r, { fields }, status),
    );
  },
  'GET /admin/sequences/{id}/results': async ({ d, s, id }) => {
    const results = await resultsOfSequence(d, id);
    return page(s, 'overview', `Results: ${results.name}`, resultsBody(results, `/admin/sequences/${id}/results.csv`), 200, CHART_SCRIPTS);
  },
  'GET /admin/sequences/{id}/results.csv': async ({ d, s, id }) => {
    const { filename, csv } = await exportResultsCsv(d, s.actor, id);
    return csvFile(filename, csv);
  },
  'GET /admin/broadcasts': (r) => broadcastsPage(r, r.notice ? { notice: r.notice } : {}),
  'POST /admin/broadcasts': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        const req = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
        await scheduleBroadcast(r.d, r.s.actor, parseOrInvalid(BroadcastBody, req));
        return seeOther('/admin/broadcasts?done=broadcast');
      },
      (fields, message, status) => broadcastsPage(r, { values: f, fields, message }, status),
    );
  },
  'POST /admin/broadcasts/{id}/cancel': (r) =>
    orAgain(
      async () => {
        await cancelBroadcast(r.d, r.s.actor, r.id);
        return seeOther('/admin/broadcasts?done=cancelled');
      },
      (_f, message, status) => broadcastsPage(r, { message }, status),
    ),
  'GET /admin/broadcasts/results': async ({ d, s }) => {
    const results = await resultsOfBroadcasts(d);
    return page(s, 'broadcasts', 'Broadcast results', resultsBody(results, '/api/admin/sequences/broadcast/results.csv', 'Results: broadcasts'), 200, CHART_SCRIPTS);
  },
  'GET /admin/preview': (r) => previewPage(r, { ...(r.event.queryStringParameters ?? {}) } as Record<string, string>, r.notice ? { notice: r.notice } : {}),
  'POST /admin/preview/test': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        await sendTestMessage(r.d, r.s.actor, parseOrInvalid(TestSendBody, f), config().staff.testRecipients);
        return seeOther(`/admin/preview?${new URLSearchParams({ template: f.template ?? '', channel: f.channel ?? '', language: f.language ?? '', done: 'test-sent' })}`);
      },
      (fields, _m, status) => previewPage(r, f, { fields }, status),
    );
  },
  'GET /admin/subscribers/{id}/consent.json': async ({ d, s, id }) => consentExportResponse(await exportConsentRecord(d, s.actor, id)),
  'GET /admin/subscribers': async ({ s }) => page(s, 'subscribers', 'Subscribers', lookupForm(s.csrf)),
  'POST /admin/subscribers': async ({ event, d, s }) => {
    const f = formOf(event);
    const query = { ...(optional(f.email) ? { email: f.email } : {}), ...(optional(f.phone) ? { phone: f.phone } : {}) };
    try {
      const view = await lookupSubscriber(d, s.actor, parseOrInvalid(LookupBody, query));
      return page(s, 'subscribers', 'Subscriber', subscriberBody(view, { csrf: s.csrf, isAdmin: s.actor.role === 'admin' }));
    } catch (err) {
      if (err instanceof InvalidInput) return page(s, 'subscribers', 'Subscribers', lookupForm(s.csrf, f, err.fields), 400);
      if (err instanceof NotFound) return page(s, 'subscribers', 'Subscribers', lookupForm(s.csrf, f, { [f.email ? 'email' : 'phone']: 'Nobody with that address' }), 404);
      throw err;
    }
  },
  'POST /admin/subscribers/{id}/revoke': async (r) => {
    const f = formOf(r.event);
    const channels = (['email', 'sms'] as const).filter((c) => f[`channel.${c}`] === 'on');
    const changed = await revokeForSubscriber(r.d, r.s.actor, r.id, parseOrInvalid(RevokeBody, { channels }).channels);
    return subscriberPage(r, revokedNotice(changed));
  },
  'POST /admin/subscribers/{id}/delete': async (r) => {
    const f = formOf(r.event);
    parseOrInvalid(DeleteSubscriberBody, { confirm: f.confirm === 'on' });
    await deleteSubscriberByStaff(r.d, r.s.actor, r.id);
    return subscriberPage(r, DELETED_NOTICE);
  },
  'GET /admin/audit': async ({ d, s }) => page(s, 'audit', 'Audit log', auditBody(await readAuditLog(d, 200))),
  'POST /admin/logout': async () => ({
    statusCode: 303,
    headers: { location: staffLogoutLocation(config()), 'set-cookie': clearedSessionCookie(config().mode), 'cache-control': 'no-store' },
    body: '',
  }),
  ...messagePageActions,
};

/** The `?done=` notice of a page, in words. */
export const noticeOf = (event: APIGatewayProxyEventV2): string | undefined => NOTICES[event.queryStringParameters?.done ?? ''];
