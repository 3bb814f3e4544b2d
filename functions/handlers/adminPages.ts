/**
 * /admin: the staff console's server-rendered pages. Forms post urlencoded fields, which are
 * turned into the same objects the JSON API takes and parsed with the same schemas; a bad form
 * comes back (400) with each field's error beside it, a good one redirects (post/redirect/get).
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
import { logoutLocation } from '../auth/CognitoLogin.js';
import { recordAudit } from '../domain/auditLog.js';
import type { StaffActor } from '../domain/ConsoleStore.js';
import type { Deps } from '../domain/Deps.js';
import { campaignTemplates } from '../domain/campaignTemplates.js';
import { editSequence } from '../domain/editSequence.js';
import { Conflict, DomainError, InvalidInput, NotFound, UnsupportedMediaType } from '../domain/errors.js';
import { parseOrInvalid } from '../domain/fieldErrors.js';
import { consentExportResponse, exportConsentRecord } from '../domain/exportConsentRecord.js';
import { deleteSubscriberByStaff, lookupSubscriber, revokeForSubscriber, subscriberView } from '../domain/lookupSubscriber.js';
import { moveEnrollments } from '../domain/moveEnrollments.js';
import { pauseSequence, resumeSequence } from '../domain/pauseSequence.js';
import { previewTemplate, sendTestMessage } from '../domain/previewTemplate.js';
import { BROADCAST_SEQUENCE_ID } from '../domain/countStepEvent.js';
import { broadcastTemplates, cancelBroadcast, scheduleBroadcast } from '../domain/scheduleBroadcast.js';
import { scheduleSequence } from '../domain/scheduleSequence.js';
import { resultsOfBroadcasts, resultsOfSequence, sequenceDetail } from '../domain/sequenceDetail.js';
import { resultsCsv } from '../domain/sequenceResults.js';
import type { SafeHtml } from '../pages/html.js';
import { ADMIN_CSP, type AdminSection, adminLayout, adminMessagePage } from '../pages/admin/adminLayout.js';
import { auditBody } from '../pages/admin/auditPage.js';
import { broadcastsBody } from '../pages/admin/broadcastsPage.js';
import { previewBody } from '../pages/admin/previewPage.js';
import { resultsBody } from '../pages/admin/resultsPage.js';
import { editBody, overviewBody, sequenceBody, WEEKDAY_NAMES } from '../pages/admin/sequencePages.js';
import { lookupForm, subscriberBody } from '../pages/admin/subscriberPage.js';
import { readBody } from '../http/readBody.js';
import { type HttpResult, htmlPage } from '../http/responses.js';
import { clearedSessionCookie } from '../http/staffSession.js';
import { type StaffSession, staffRoute } from '../middleware/staffRoute.js';
import { emailTemplateIds, smsTemplateIds } from '../rendering/index.js';
import { deps } from '../wiring.js';

const CHART_SCRIPTS = ['/admin/assets/chart.umd.min.js', '/admin/assets/console.js'];

const NOTICES: Record<string, string> = {
  saved: 'Saved as a new version. New enrollments use it; running ones stay on theirs until you move them.',
  paused: 'Paused. Nothing in this sequence is sent until you resume it.',
  resumed: 'Resumed. Waiting steps go out at their next send window.',
  scheduled: 'Opening date saved.',
  moved: 'Running enrollments moved.',
  broadcast: 'Broadcast scheduled.',
  cancelled: 'Broadcast cancelled.',
  'test-sent': 'Test message sent.',
};

const page = (s: StaffSession, section: AdminSection, title: string, body: SafeHtml, status = 200, scripts?: string[]): HttpResult =>
  htmlPage(status, adminLayout({ title, section, actor: s.actor, csrf: s.csrf, body, ...(scripts ? { scripts } : {}) }), { 'content-security-policy': ADMIN_CSP });

const seeOther = (location: string): HttpResult => ({ statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' });

const formOf = (event: APIGatewayProxyEventV2): Record<string, string> => {
  const b = readBody(event, 64 * 1024);
  if (b.kind !== 'form') throw new UnsupportedMediaType();
  const { _csrf, ...fields } = b.value as Record<string, string>;
  return fields;
};

const optional = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
const templates = () => ({ email: campaignTemplates('email'), sms: campaignTemplates('sms') });
const allTemplates = () => ({ email: emailTemplateIds(), sms: smsTemplateIds() });
const noticeOf = (event: APIGatewayProxyEventV2) => NOTICES[event.queryStringParameters?.done ?? ''];

/** Runs a form action; on bad input renders `again` with the errors (400, or 409 for a conflict). */
const orAgain = async (action: () => Promise<HttpResult>, again: (fields: Record<string, string>, message: string, status: number) => Promise<HttpResult>) => {
  try {
    return await action();
  } catch (err) {
    if (err instanceof InvalidInput) return again(err.fields, err.message, 400);
    if (err instanceof Conflict) return again(err.fields, err.message, 409);
    throw err;
  }
};

/** The edit form's fields as the API's SequenceEdit body, on top of the version it started from. */
const editFromForm = async (d: Deps, id: string, f: Record<string, string>) => {
  const { definition } = await sequenceDetail(d, id);
  const steps = definition.steps.map((s, i) => {
    const p = `step.${i}`;
    const channel = f[`${p}.channel`] ?? s.channel;
    const window = { days: WEEKDAY_NAMES.filter((day) => f[`${p}.day.${day}`] === 'on'), start: f[`${p}.start`] ?? '', end: f[`${p}.end`] ?? '' };
    const fallback = definition.defaultWindows[channel as 'email' | 'sms'];
    const isDefault = fallback && JSON.stringify(window) === JSON.stringify({ days: fallback.days, start: fallback.start, end: fallback.end });
    return { id: s.id, after: f[`${p}.after`] ?? '', channel, template: f[`${p}.template`] ?? '', ...(isDefault ? {} : { sendWindow: window }) };
  });
  return { basedOn: Number(f.basedOn), ...(optional(f.note) ? { note: f.note } : {}), definition: { ...definition, steps } };
};

/** `definition.steps.2.after` (domain) → `step.2.after` (form field). */
const formFields = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^definition\.steps\./, 'step.'), v]));

const sequencePage = async (d: Deps, s: StaffSession, id: string, extra: { notice?: string; fields?: Record<string, string> } = {}, status = 200) => {
  const detail = await sequenceDetail(d, id);
  const versions = await d.store.listSequenceVersions(id);
  return page(s, 'overview', detail.head.name, sequenceBody({ ...detail, versions, isAdmin: s.actor.role === 'admin', csrf: s.csrf, ...extra }), status);
};

const broadcastsPage = async (d: Deps, s: StaffSession, extra: { values?: Record<string, string>; fields?: Record<string, string>; notice?: string; message?: string } = {}, status = 200) =>
  page(
    s,
    'broadcasts',
    'Broadcasts',
    broadcastsBody({
      broadcasts: await d.store.listBroadcasts(),
      counters: await d.store.listStepCounters(BROADCAST_SEQUENCE_ID),
      sequences: await d.sequences.list(),
      templates: { email: broadcastTemplates('email'), sms: broadcastTemplates('sms') },
      timeZone: d.settings.clinic.timezone,
      isAdmin: s.actor.role === 'admin',
      csrf: s.csrf,
      ...extra,
    }),
    status,
  );

const previewPage = async (d: Deps, s: StaffSession, values: Record<string, string>, extra: { fields?: Record<string, string>; notice?: string } = {}, status = 200) => {
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

const subscriberPage = async (d: Deps, s: StaffSession, subscriberId: string, notice: string) =>
  page(s, 'subscribers', 'Subscriber', subscriberBody(await subscriberView(d, subscriberId), { csrf: s.csrf, isAdmin: s.actor.role === 'admin', notice }));

/** Local: the sign-in form. AWS: Cognito's /logout (ends the managed-login session too), back to the site. */
const afterLogout = (): string => {
  const { mode, staff, publicBaseUrl } = config();
  if (mode === 'local') return '/admin/login';
  return staff.loginUrl && staff.clientId ? logoutLocation(staff.loginUrl, staff.clientId, `${publicBaseUrl}/`) : '/';
};

const route = async (event: APIGatewayProxyEventV2, s: StaffSession): Promise<HttpResult> => {
  const d = await deps();
  const actor: StaffActor = s.actor;
  const id = event.pathParameters?.id ?? '';
  const notice = noticeOf(event);
  switch (event.routeKey) {
    case 'GET /admin':
      return page(s, 'overview', 'Sequences', overviewBody(await d.sequences.list()));
    case 'GET /admin/sequences/{id}':
      return sequencePage(d, s, id, notice ? { notice } : {});
    case 'GET /admin/sequences/{id}/edit': {
      const detail = await sequenceDetail(d, id);
      return page(s, 'overview', `Edit ${detail.head.name}`, editBody({ ...detail, templates: templates(), csrf: s.csrf }));
    }
    case 'POST /admin/sequences/{id}/edit': {
      const f = formOf(event);
      return orAgain(
        async () => {
          await editSequence(d, actor, id, parseOrInvalid(SequenceEditBody, await editFromForm(d, id, f)));
          return seeOther(`/admin/sequences/${id}?done=saved`);
        },
        async (fields, message, status) => {
          const detail = await sequenceDetail(d, id);
          return page(s, 'overview', `Edit ${detail.head.name}`, editBody({ ...detail, templates: templates(), csrf: s.csrf, values: f, fields: formFields(fields), message }), status);
        },
      );
    }
    case 'POST /admin/sequences/{id}/pause':
      await pauseSequence(d, actor, id);
      return seeOther(`/admin/sequences/${id}?done=paused`);
    case 'POST /admin/sequences/{id}/resume':
      await resumeSequence(d, actor, id);
      return seeOther(`/admin/sequences/${id}?done=resumed`);
    case 'POST /admin/sequences/{id}/schedule': {
      const f = formOf(event);
      return orAgain(
        async () => {
          await scheduleSequence(d, actor, id, parseOrInvalid(ScheduleSequenceBody, { openFrom: optional(f.openFrom) ?? null }).openFrom);
          return seeOther(`/admin/sequences/${id}?done=scheduled`);
        },
        (fields, _m, status) => sequencePage(d, s, id, { fields }, status),
      );
    }
    case 'POST /admin/sequences/{id}/move': {
      const f = formOf(event);
      return orAgain(
        async () => {
          await moveEnrollments(d, actor, id, parseOrInvalid(MoveEnrollmentsBody, { toVersion: Number(f.toVersion) }));
          return seeOther(`/admin/sequences/${id}?done=moved`);
        },
        (fields, _m, status) => sequencePage(d, s, id, { fields }, status),
      );
    }
    case 'GET /admin/sequences/{id}/results': {
      const r = await resultsOfSequence(d, id);
      return page(s, 'overview', `Results: ${r.name}`, resultsBody(r, `/admin/sequences/${id}/results.csv`), 200, CHART_SCRIPTS);
    }
    case 'GET /admin/sequences/{id}/results.csv': {
      const csv = resultsCsv(await resultsOfSequence(d, id));
      await recordAudit(d, actor, 'results.export', `sequence:${id}`, { after: { format: 'csv' } });
      return { statusCode: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${id}-results.csv"` }, body: csv };
    }
    case 'GET /admin/broadcasts':
      return broadcastsPage(d, s, notice ? { notice } : {});
    case 'POST /admin/broadcasts': {
      const f = formOf(event);
      return orAgain(
        async () => {
          const req = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
          await scheduleBroadcast(d, actor, parseOrInvalid(BroadcastBody, req));
          return seeOther('/admin/broadcasts?done=broadcast');
        },
        (fields, message, status) => broadcastsPage(d, s, { values: f, fields, message }, status),
      );
    }
    case 'POST /admin/broadcasts/{id}/cancel':
      return orAgain(
        async () => {
          await cancelBroadcast(d, actor, id);
          return seeOther('/admin/broadcasts?done=cancelled');
        },
        (_f, message, status) => broadcastsPage(d, s, { message }, status),
      );
    case 'GET /admin/broadcasts/results': {
      const r = await resultsOfBroadcasts(d);
      return page(s, 'broadcasts', 'Broadcast results', resultsBody(r, '/api/admin/sequences/broadcast/results.csv', 'Results: broadcasts'), 200, CHART_SCRIPTS);
    }
    case 'GET /admin/preview':
      return previewPage(d, s, { ...(event.queryStringParameters ?? {}) } as Record<string, string>, notice ? { notice } : {});
    case 'POST /admin/preview/test': {
      const f = formOf(event);
      return orAgain(
        async () => {
          await sendTestMessage(d, actor, parseOrInvalid(TestSendBody, f), config().staff.testRecipients);
          return seeOther(`/admin/preview?${new URLSearchParams({ template: f.template ?? '', channel: f.channel ?? '', language: f.language ?? '', done: 'test-sent' })}`);
        },
        (fields, _m, status) => previewPage(d, s, f, { fields }, status),
      );
    }
    case 'GET /admin/subscribers/{id}/consent.json':
      return consentExportResponse(await exportConsentRecord(d, actor, id));
    case 'GET /admin/subscribers':
      return page(s, 'subscribers', 'Subscribers', lookupForm(s.csrf));
    case 'POST /admin/subscribers': {
      const f = formOf(event);
      const query = { ...(optional(f.email) ? { email: f.email } : {}), ...(optional(f.phone) ? { phone: f.phone } : {}) };
      try {
        const view = await lookupSubscriber(d, actor, parseOrInvalid(LookupBody, query));
        return page(s, 'subscribers', 'Subscriber', subscriberBody(view, { csrf: s.csrf, isAdmin: actor.role === 'admin' }));
      } catch (err) {
        if (err instanceof InvalidInput) return page(s, 'subscribers', 'Subscribers', lookupForm(s.csrf, f, err.fields), 400);
        if (err instanceof NotFound) return page(s, 'subscribers', 'Subscribers', lookupForm(s.csrf, f, { [f.email ? 'email' : 'phone']: 'Nobody with that address' }), 404);
        throw err;
      }
    }
    case 'POST /admin/subscribers/{id}/revoke': {
      const f = formOf(event);
      const channels = (['email', 'sms'] as const).filter((c) => f[`channel.${c}`] === 'on');
      const changed = await revokeForSubscriber(d, actor, id, parseOrInvalid(RevokeBody, { channels }).channels);
      return subscriberPage(d, s, id, changed.length ? `Revocation recorded: ${changed.join(' and ')} stopped.` : 'Nothing to change: those channels were already stopped.');
    }
    case 'POST /admin/subscribers/{id}/delete': {
      const f = formOf(event);
      parseOrInvalid(DeleteSubscriberBody, { confirm: f.confirm === 'on' });
      await deleteSubscriberByStaff(d, actor, id);
      return subscriberPage(d, s, id, 'Personal data deleted. The addresses stay suppressed; the consent ledger is kept as evidence.');
    }
    case 'GET /admin/audit':
      return page(s, 'audit', 'Audit log', auditBody(await d.store.listAudit(200, d.clock.now())));
    case 'POST /admin/logout':
      return { statusCode: 303, headers: { location: afterLogout(), 'set-cookie': clearedSessionCookie(config().mode), 'cache-control': 'no-store' }, body: '' };
  }
  throw new NotFound('page');
};

const ERROR_PAGES: Record<string, [string, string]> = {
  unauthenticated: ['Sign in required', 'You are not signed in, or your session has ended.'],
  forbidden: ['Not allowed', 'Your role does not allow this, or the form was stale. Go back, reload the page and try again.'],
  not_found: ['Not found', 'There is nothing here.'],
  origin_not_allowed: ['Not allowed', 'This form can only be sent from the console.'],
};

export const handler = staffRoute(route, {
  htmlFor: (error: DomainError | undefined, _event, status) => {
    const [title, text] = (error && ERROR_PAGES[error.code]) ?? [status >= 500 ? 'Something went wrong' : 'That did not work', error?.message ?? 'Please try again later.'];
    const signIn = error?.code === 'unauthenticated' ? { href: '/admin/login', text: 'Sign in' } : { href: '/admin', text: 'Back to the console' };
    return adminMessagePage(title, text, signIn);
  },
});
