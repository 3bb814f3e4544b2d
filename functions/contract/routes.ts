/**
 * Every HTTP route of the product, declared once.
 *
 * `handler` names a module in `functions/handlers/` that exports `handler` (an API Gateway
 * v2 Lambda handler). CDK builds the HTTP API from this list; local mode mounts the same
 * handlers; tests check both against it. `localOnly` routes exist only in local mode (the
 * developer outbox, clock and simulated inbound SMS) and are never deployed.
 */
export type RouteAuth = 'public' | 'staff' | 'admin';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: string;
  auth: RouteAuth;
  localOnly?: boolean;
  summary: string;
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/', handler: 'signupPage', auth: 'public', summary: 'Signup page' },
  { method: 'POST', path: '/api/subscribe', handler: 'subscribe', auth: 'public', summary: 'Subscribe (JSON or form)' },
  { method: 'GET', path: '/api/confirm', handler: 'confirmEmail', auth: 'public', summary: 'Confirm the email channel' },
  { method: 'GET', path: '/terms', handler: 'legalPage', auth: 'public', summary: 'SMS program terms' },
  { method: 'GET', path: '/privacy', handler: 'legalPage', auth: 'public', summary: 'Privacy notice' },
  { method: 'GET', path: '/outbox', handler: 'devOutbox', auth: 'public', localOnly: true, summary: 'Local outbox viewer' },
  { method: 'GET', path: '/api/dev/outbox', handler: 'devOutbox', auth: 'public', localOnly: true, summary: 'Local outbox as JSON' },
  { method: 'GET', path: '/api/dev/clock', handler: 'devClock', auth: 'public', localOnly: true, summary: 'Simulated clock' },
  { method: 'POST', path: '/api/dev/clock', handler: 'devClock', auth: 'public', localOnly: true, summary: 'Advance the simulated clock' },
  { method: 'POST', path: '/api/dev/sms/inbound', handler: 'devSmsInbound', auth: 'public', localOnly: true, summary: 'Simulate an inbound text' },
] as const;

/** Non-HTTP Lambdas: what triggers each. */
export const workers = {
  dispatcher: { handler: 'dispatch', trigger: 'schedule', everyMinutes: 1 },
  sendWorker: { handler: 'sendWorker', trigger: 'sqs', batchSize: 10, maxReceiveCount: 5, timeoutSeconds: 30 },
  smsInbound: { handler: 'smsInbound', trigger: 'sns' },
} as const;

export const deployedRoutes = routes.filter((r) => !r.localOnly);
