/**
 * Every HTTP route of the product, declared once.
 *
 * `handler` names a module in `functions/handlers/<group>/` (handlerModules.ts) that exports `handler` (an API Gateway
 * v2 Lambda handler). CDK builds the HTTP API from this list; local mode mounts the same
 * handlers; tests check both against it. `localOnly` routes exist only in local mode (the
 * developer outbox, clock and simulated inbound SMS) and are never deployed.
 */
import { messageRoutes } from './messageRoutes.js';

export type RouteAuth = 'public' | 'staff' | 'admin';

export interface Route {
  /** HEAD only where a route must answer it (the tracked link: mail scanners send HEAD); elsewhere API Gateway answers 404. */
  method: 'GET' | 'HEAD' | 'POST';
  path: string;
  handler: string;
  auth: RouteAuth;
  localOnly?: boolean;
  summary: string;
}

/**
 * The staff console (issue 6): HTML pages under /admin (handler adminPages) and the same actions
 * as JSON under /api/admin (handler adminApi). `auth` is the role each needs: the API Gateway
 * JWT authorizer checks the Bearer token of /api/admin routes, and the handlers check token and
 * role again (staffRoute.ts). Console pages (`isConsolePage`) carry the token in the session
 * cookie, which the gateway's JWT authorizer cannot read: there the handler's check is the only one.
 */
const staffConsoleRoutes = [
  { method: 'GET', path: '/admin', handler: 'adminPages', auth: 'staff', summary: 'Console: sequences' },
  { method: 'GET', path: '/admin/sequences/new', handler: 'adminPages', auth: 'admin', summary: 'Console: new sequence form (blank or a copy)' },
  { method: 'POST', path: '/admin/sequences', handler: 'adminPages', auth: 'admin', summary: 'Console: create a sequence' },
  { method: 'GET', path: '/admin/sequences/{id}', handler: 'adminPages', auth: 'staff', summary: 'Console: one sequence' },
  { method: 'GET', path: '/admin/sequences/{id}/edit', handler: 'adminPages', auth: 'admin', summary: 'Console: sequence builder' },
  { method: 'POST', path: '/admin/sequences/{id}/edit', handler: 'adminPages', auth: 'admin', summary: 'Console: sequence builder (add, move, remove steps; save a new version)' },
  { method: 'POST', path: '/admin/sequences/{id}/archive', handler: 'adminPages', auth: 'admin', summary: 'Console: archive or restore a sequence' },
  { method: 'GET', path: '/admin/entry-points', handler: 'adminPages', auth: 'staff', summary: 'Console: which entry point enrolls into which sequence' },
  { method: 'POST', path: '/admin/entry-points/{id}', handler: 'adminPages', auth: 'admin', summary: 'Console: choose the sequence an entry point enrolls into' },
  { method: 'POST', path: '/admin/sequences/{id}/pause', handler: 'adminPages', auth: 'admin', summary: 'Console: pause' },
  { method: 'POST', path: '/admin/sequences/{id}/resume', handler: 'adminPages', auth: 'admin', summary: 'Console: resume' },
  { method: 'POST', path: '/admin/sequences/{id}/schedule', handler: 'adminPages', auth: 'admin', summary: 'Console: opening date' },
  { method: 'POST', path: '/admin/sequences/{id}/move', handler: 'adminPages', auth: 'admin', summary: 'Console: move enrollments' },
  { method: 'GET', path: '/admin/sequences/{id}/results', handler: 'adminPages', auth: 'staff', summary: 'Console: results' },
  { method: 'GET', path: '/admin/sequences/{id}/results.csv', handler: 'adminPages', auth: 'staff', summary: 'Console: results as CSV' },
  { method: 'GET', path: '/admin/broadcasts', handler: 'adminPages', auth: 'staff', summary: 'Console: broadcasts' },
  { method: 'POST', path: '/admin/broadcasts', handler: 'adminPages', auth: 'admin', summary: 'Console: schedule a broadcast' },
  { method: 'POST', path: '/admin/broadcasts/{id}/cancel', handler: 'adminPages', auth: 'admin', summary: 'Console: cancel a broadcast' },
  { method: 'GET', path: '/admin/broadcasts/results', handler: 'adminPages', auth: 'staff', summary: 'Console: broadcast results' },
  { method: 'GET', path: '/admin/preview', handler: 'adminPages', auth: 'staff', summary: 'Console: preview a template' },
  { method: 'POST', path: '/admin/preview/test', handler: 'adminPages', auth: 'staff', summary: 'Console: send a test' },
  { method: 'GET', path: '/admin/subscribers', handler: 'adminPages', auth: 'staff', summary: 'Console: subscriber look-up' },
  { method: 'POST', path: '/admin/subscribers', handler: 'adminPages', auth: 'staff', summary: 'Console: look up a subscriber' },
  { method: 'GET', path: '/admin/subscribers/{id}/consent.json', handler: 'adminPages', auth: 'staff', summary: 'Console: export the consent record (audited)' },
  { method: 'POST', path: '/admin/subscribers/{id}/revoke', handler: 'adminPages', auth: 'staff', summary: 'Console: record a revocation (S7)' },
  { method: 'POST', path: '/admin/subscribers/{id}/delete', handler: 'adminPages', auth: 'admin', summary: 'Console: delete a subscriber\'s data (P8)' },
  { method: 'GET', path: '/admin/audit', handler: 'adminPages', auth: 'admin', summary: 'Console: audit log' },
  { method: 'GET', path: '/admin/clinic', handler: 'adminPages', auth: 'admin', summary: 'Console: clinic profile and closed days' },
  { method: 'POST', path: '/admin/clinic', handler: 'adminPages', auth: 'admin', summary: 'Console: save the clinic profile' },
  { method: 'POST', path: '/admin/clinic/closed-days', handler: 'adminPages', auth: 'admin', summary: 'Console: close or re-open a date' },
  { method: 'POST', path: '/admin/broadcasts/audience', handler: 'adminPages', auth: 'staff', summary: 'Console: count a broadcast audience (changes nothing)' },
  { method: 'POST', path: '/admin/logout', handler: 'adminPages', auth: 'staff', summary: 'Console: sign out' },
  { method: 'GET', path: '/admin/assets/{file}', handler: 'adminAssets', auth: 'public', summary: 'Console scripts (Chart.js and the chart script), same origin' },
  { method: 'GET', path: '/admin/login', handler: 'adminSignIn', auth: 'public', summary: 'Staff sign-in: Cognito managed login in AWS (code + PKCE), the local form in local mode' },
  { method: 'GET', path: '/admin/callback', handler: 'adminSignIn', auth: 'public', summary: 'Staff sign-in callback: checks state, redeems the code, verifies the token, sets the session cookie' },
  { method: 'POST', path: '/admin/login', handler: 'adminLogin', auth: 'public', localOnly: true, summary: 'Local staff sign-in (sets the session cookie)' },
  { method: 'POST', path: '/api/admin/login', handler: 'adminLogin', auth: 'public', localOnly: true, summary: 'Local staff token for API clients' },
  { method: 'GET', path: '/api/admin/sequences', handler: 'adminApi', auth: 'staff', summary: 'List sequences' },
  { method: 'POST', path: '/api/admin/sequences', handler: 'adminApi', auth: 'admin', summary: 'Create a sequence (blank or a copy of another)' },
  { method: 'GET', path: '/api/admin/sequences/{id}', handler: 'adminApi', auth: 'staff', summary: 'A sequence: run state, current definition, versions' },
  { method: 'POST', path: '/api/admin/sequences/{id}/archive', handler: 'adminApi', auth: 'admin', summary: 'Archive or restore a sequence' },
  { method: 'GET', path: '/api/admin/entry-points', handler: 'adminApi', auth: 'staff', summary: 'Entry points and the sequence each enrolls into' },
  { method: 'POST', path: '/api/admin/entry-points/{id}', handler: 'adminApi', auth: 'admin', summary: 'Choose the sequence an entry point enrolls into' },
  { method: 'GET', path: '/api/admin/message-choices', handler: 'adminApi', auth: 'staff', summary: 'Messages a sequence step may send' },
  { method: 'GET', path: '/api/admin/sequences/{id}/versions/{version}', handler: 'adminApi', auth: 'staff', summary: 'One version of a sequence' },
  { method: 'POST', path: '/api/admin/sequences/{id}/versions', handler: 'adminApi', auth: 'admin', summary: 'Create a version (an edit)' },
  { method: 'POST', path: '/api/admin/sequences/{id}/pause', handler: 'adminApi', auth: 'admin', summary: 'Pause a sequence' },
  { method: 'POST', path: '/api/admin/sequences/{id}/resume', handler: 'adminApi', auth: 'admin', summary: 'Resume a sequence' },
  { method: 'POST', path: '/api/admin/sequences/{id}/schedule', handler: 'adminApi', auth: 'admin', summary: 'Open a sequence for enrollment from a date' },
  { method: 'POST', path: '/api/admin/sequences/{id}/move', handler: 'adminApi', auth: 'admin', summary: 'Move running enrollments to a version' },
  { method: 'GET', path: '/api/admin/sequences/{id}/results', handler: 'adminApi', auth: 'staff', summary: 'Results per step, funnel and per day' },
  { method: 'GET', path: '/api/admin/sequences/{id}/results.csv', handler: 'adminApi', auth: 'staff', summary: 'Results as CSV' },
  { method: 'GET', path: '/api/admin/broadcasts', handler: 'adminApi', auth: 'staff', summary: 'List broadcasts' },
  { method: 'POST', path: '/api/admin/broadcasts', handler: 'adminApi', auth: 'admin', summary: 'Schedule a broadcast' },
  { method: 'POST', path: '/api/admin/broadcasts/{id}/cancel', handler: 'adminApi', auth: 'admin', summary: 'Cancel a broadcast before it starts' },
  { method: 'POST', path: '/api/admin/preview', handler: 'adminApi', auth: 'staff', summary: 'Render a template' },
  { method: 'POST', path: '/api/admin/test-sends', handler: 'adminApi', auth: 'staff', summary: 'Send a test message to a staff address' },
  { method: 'POST', path: '/api/admin/subscribers/lookup', handler: 'adminApi', auth: 'staff', summary: 'Look up a subscriber by email or phone' },
  { method: 'GET', path: '/api/admin/subscribers/{id}/consent', handler: 'adminApi', auth: 'staff', summary: 'Export a subscriber\'s whole consent record as proof (audited)' },
  { method: 'POST', path: '/api/admin/subscribers/{id}/revoke', handler: 'adminApi', auth: 'staff', summary: 'Record a revocation (S7)' },
  { method: 'POST', path: '/api/admin/subscribers/{id}/delete', handler: 'adminApi', auth: 'admin', summary: 'Delete a subscriber\'s data (P8)' },
  { method: 'GET', path: '/api/admin/audit', handler: 'adminApi', auth: 'admin', summary: 'Audit log, newest first' },
  { method: 'GET', path: '/api/admin/clinic', handler: 'adminApi', auth: 'staff', summary: 'The clinic profile in force, its version and the closed days ahead' },
  { method: 'POST', path: '/api/admin/clinic', handler: 'adminApi', auth: 'admin', summary: 'Save the clinic profile (a new version)' },
  { method: 'POST', path: '/api/admin/clinic/closed-days', handler: 'adminApi', auth: 'admin', summary: 'Close or re-open a date of the clinic calendar' },
  { method: 'POST', path: '/api/admin/broadcasts/audience', handler: 'adminApi', auth: 'staff', summary: 'Count the recipients of a broadcast audience (changes nothing)' },
  { method: 'GET', path: '/api/openapi.json', handler: 'openApi', auth: 'public', summary: 'OpenAPI 3.1 document of the public and staff APIs' },
  ...messageRoutes,
] as const satisfies readonly Route[];

/** `METHOD /path` of the console routes served by handler `H`: the keys of its action table (a route without an action fails to compile). */
export type StaffRouteKey<H extends 'adminPages' | 'adminApi'> =
  Extract<(typeof staffConsoleRoutes)[number], { handler: H }> extends infer R
    ? R extends { method: infer M extends string; path: infer P extends string }
      ? `${M} ${P}`
      : never
    : never;

export const routes: readonly Route[] = [
  { method: 'GET', path: '/', handler: 'signupPage', auth: 'public', summary: 'Signup page' },
  { method: 'POST', path: '/api/subscribe', handler: 'subscribe', auth: 'public', summary: 'Subscribe (JSON or form)' },
  { method: 'GET', path: '/api/confirm', handler: 'confirmEmail', auth: 'public', summary: 'Confirmation page: one button, changes nothing (mail scanners)' },
  { method: 'POST', path: '/api/confirm', handler: 'confirmEmail', auth: 'public', summary: 'Confirm the email address a link was sent to (form or JSON token)' },
  { method: 'GET', path: '/terms', handler: 'legalPage', auth: 'public', summary: 'SMS program terms' },
  { method: 'GET', path: '/privacy', handler: 'legalPage', auth: 'public', summary: 'Privacy notice' },
  { method: 'GET', path: '/u/{token}', handler: 'preferences', auth: 'public', summary: 'Preferences page behind an unsubscribe link (changes nothing)' },
  { method: 'POST', path: '/u/{token}', handler: 'preferences', auth: 'public', summary: 'One-click unsubscribe (RFC 8058) and preference changes' },
  { method: 'GET', path: '/c/{token}', handler: 'click', auth: 'public', summary: 'Tracked link: record the click, redirect to an allow-listed target' },
  { method: 'HEAD', path: '/c/{token}', handler: 'click', auth: 'public', summary: 'Tracked link fetched with HEAD (mail scanners, link checkers): the same redirect, counted as a machine click only' },
  { method: 'GET', path: '/book', handler: 'bookingPage', auth: 'public', summary: 'Consultation request page' },
  { method: 'POST', path: '/api/book', handler: 'book', auth: 'public', summary: 'Request a consultation (JSON or form)' },
  { method: 'GET', path: '/outbox', handler: 'devOutbox', auth: 'public', localOnly: true, summary: 'Local outbox viewer' },
  { method: 'GET', path: '/api/dev/outbox', handler: 'devOutbox', auth: 'public', localOnly: true, summary: 'Local outbox as JSON' },
  { method: 'GET', path: '/api/dev/metrics', handler: 'devMetrics', auth: 'public', localOnly: true, summary: 'Operational metrics counted in this process (the EMF metrics AWS would get)' },
  { method: 'GET', path: '/api/dev/clock', handler: 'devClock', auth: 'public', localOnly: true, summary: 'Simulated clock' },
  { method: 'POST', path: '/api/dev/clock', handler: 'devClock', auth: 'public', localOnly: true, summary: 'Advance the simulated clock' },
  { method: 'POST', path: '/api/dev/sms/inbound', handler: 'devSmsInbound', auth: 'public', localOnly: true, summary: 'Simulate an inbound text' },
  { method: 'POST', path: '/api/dev/ses/notification', handler: 'devSesNotification', auth: 'public', localOnly: true, summary: 'Replay an SES notification' },
  ...staffConsoleRoutes,
] as const;

/** Non-HTTP Lambdas: what triggers each. */
export const workers = {
  dispatcher: { handler: 'dispatch', trigger: 'schedule', everyMinutes: 1 },
  sendWorker: { handler: 'sendWorker', trigger: 'sqs', batchSize: 10, maxReceiveCount: 5, timeoutSeconds: 30 },
  smsInbound: { handler: 'smsInbound', trigger: 'sns' },
} as const;

export const deployedRoutes = routes.filter((r) => !r.localOnly);

/** A browser page of the staff console (/admin…): authenticated by the session cookie, not a Bearer token. */
export const isConsolePage = (r: Pick<Route, 'path'>): boolean => r.path === '/admin' || r.path.startsWith('/admin/');
