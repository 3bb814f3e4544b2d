/**
 * Local mode on one machine: DynamoDB Local, the local SES and SMS endpoints, the in-process
 * send queue, the simulated clock, and an HTTP server mounting the same handlers Lambda runs.
 * `npm start` uses it through local/server.ts; integration and browser tests start it too.
 */
import { tableInspector } from './tableInspector.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Duration } from 'luxon';
import { routes } from '../functions/contract/routes.js';
import { handlerModule } from '../functions/contract/handlerModules.js';
import { tableDefinition } from '../functions/contract/table.js';
import { config, reloadConfig } from '../functions/config.js';
import { corsHeaders, corsPolicy } from '../functions/contract/cors.js';
import { loadDefaultClinicProfile } from '../functions/rendering/clinicProfile.js';
import { domainContext, type SdkClients, setRuntimeOverrides } from '../functions/wiring.js';
import { installFaults } from './faults/faultMiddleware.js';
import { asHandler } from '../functions/adapters/aws/sdkCallRecorder.js';
import { logger, setBaseLogLevel } from '../functions/logger.js';
import { freePort } from './freePort.js';
import { listenGated } from './readinessGate.js';
import { keptEmailEvents } from './keptEmailEvents.js';
import { sesEventPublisher } from './sesEventPublisher.js';
import { keptTexts, smsDeliveryLogPublisher } from './smsDeliveryLogs.js';
import { ensureTable, type RunningDynamo, startDynamoDbLocal } from './dynamoDbLocal.js';
import { type LambdaHttpHandler, type MountedRoute, routePattern, serveRoute } from './httpGateway.js';
import { InProcessQueue } from './InProcessQueue.js';
import { type SesInterceptor, startLocalSes } from './localSesEndpoint.js';
import { type LocalStaff, prepareLocalStaff } from './localStaffAccounts.js';
import { type SmsInterceptor, startLocalSms } from './localSmsEndpoint.js';
import { Outbox } from './Outbox.js';
import { setLocalRuntime } from './runtime.js';
import { SimulatedClock } from './SimulatedClock.js';
import { localLambdaContext } from './localLambdaContext.js';

export interface LocalStackOptions {
  port?: number;
  /** Throwaway store: nothing under .data is read or written. */
  memory?: boolean;
  dataDir?: string;
  /** Reuse a running DynamoDB Local (tests share one); otherwise one is started. */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Start the background dispatcher tick (npm start); tests drive time explicitly. */
  tick?: boolean;
  env?: Record<string, string>;
  /** Called once the port is bound, before the routes are mounted (tests of the start-up window). */
  onListening?: (baseUrl: string) => Promise<void>;
}

export interface LocalStack {
  baseUrl: string;
  outbox: Outbox;
  clock: SimulatedClock;
  queue: InProcessQueue;
  tableName: string;
  dynamoEndpoint: string;
  sesUrl: string;
  smsUrl: string;
  /** The local staff user and token key (staff console, issue 6). */
  staff: LocalStaff & { issuer: string; audience: string };
  /** Fault hooks for tests and the chaos harness (never wired in AWS). */
  faults: { ses: { current?: SesInterceptor }; sms: { current?: SmsInterceptor } };
  runDispatcher(): Promise<{ dispatched: number; contended: number }>;
  /** Advances simulated time, running the dispatcher at every due time on the way. */
  advance(isoDuration: string): Promise<void>;
  /** Waits until the send queue is empty. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

interface LocalSecrets {
  signingKeys: Record<string, string>;
  addressHashKey: string;
}

const freshSecrets = (): LocalSecrets => ({
  signingKeys: { k1: randomBytes(32).toString('base64url') },
  addressHashKey: randomBytes(32).toString('base64url'),
});

/** Local signing keys persist with the data, so links in old local emails keep working. */
const localSecrets = (dataDir: string | undefined): LocalSecrets => {
  if (!dataDir) return freshSecrets();
  const file = join(dataDir, 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const s = freshSecrets();
  writeFileSync(file, JSON.stringify(s), { mode: 0o600 });
  return s;
};

export const startLocalStack = async (opts: LocalStackOptions = {}): Promise<LocalStack> => {
  const dataDir = opts.memory ? undefined : resolve(opts.dataDir ?? '.data');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const clockFile = dataDir ? join(dataDir, 'clock.json') : undefined;
  const savedOffset = clockFile && existsSync(clockFile) ? (JSON.parse(readFileSync(clockFile, 'utf8')) as { offsetMs: number }).offsetMs : 0;
  const clock = new SimulatedClock(savedOffset, (offsetMs) => clockFile && writeFileSync(clockFile, JSON.stringify({ offsetMs })));
  const outbox = new Outbox(dataDir ? join(dataDir, 'outbox.jsonl') : undefined);

  let dynamo: RunningDynamo | undefined;
  const dynamoEndpoint = opts.dynamoEndpoint ?? (dynamo = await startDynamoDbLocal(await freePort(), dataDir && join(dataDir, 'dynamodb'))).endpoint;
  const tableName = opts.tableName ?? `carecast-local-${tableDefinition.logicalName}`;
  await ensureTable(dynamoEndpoint, tableName);

  const faults: LocalStack['faults'] = { ses: {}, sms: {} };
  // SES event publishing (Send events to the sesFeedback handler), as the configuration set does in AWS.
  const sesEvents = sesEventPublisher(
    async () => ((await import('../functions/handlers/events/sesFeedback.js')) as { handler: Parameters<typeof sesEventPublisher>[0] extends () => Promise<infer H> ? H : never }).handler,
    (ms) => new Promise((r) => setTimeout(r, ms)),
  );
  // Always on (issues 14, 16): Send and Delivery for every accepted message, and the mailbox
  // simulator's bounces and complaints, through the same SNS-shaped path as in AWS.
  const ses = await startLocalSes(outbox, clock, { intercept: faults.ses, publishEvent: (e: Record<string, unknown>) => sesEvents.publish(e) });
  // SNS SMS delivery-status logging → CloudWatch Logs → the smsDeliveryStatus handler (issue 16).
  const smsStatus = smsDeliveryLogPublisher(
    async () => ((await import('../functions/handlers/events/smsDeliveryStatus.js')) as { handler: Parameters<typeof smsDeliveryLogPublisher>[0] extends () => Promise<infer H> ? H : never }).handler,
    (ms) => new Promise((r) => setTimeout(r, ms)),
  );
  const sms = await startLocalSms(outbox, clock, { from: '+18885550100', intercept: faults.sms, publishDeliveryStatus: (t) => smsStatus.publish(t) });

  // Bound now (the base URL is configuration), serving only when ready: 503 + Retry-After until then.
  const gated = await listenGated(opts.port ?? 3000);
  const { server, port } = gated;
  await opts.onListening?.(`http://localhost:${port}`);
  const baseUrl = `http://localhost:${port}`;
  // Staff console (issue 6): local tokens carry the claims a Cognito ID token would.
  const staff = { ...prepareLocalStaff(dataDir), issuer: `${baseUrl}/local-staff`, audience: 'carecast-console-local' };

  Object.assign(process.env, {
    CARECAST_MODE: 'local',
    AWS_REGION: 'us-west-2',
    CARECAST_TABLE_NAME: tableName,
    CARECAST_DYNAMODB_ENDPOINT: dynamoEndpoint,
    CARECAST_SES_ENDPOINT: ses.url,
    CARECAST_SNS_ENDPOINT: sms.url,
    CARECAST_PUBLIC_BASE_URL: baseUrl,
    CARECAST_ALLOWED_ORIGINS: `${baseUrl},http://127.0.0.1:${port}`,
    CARECAST_FROM_ADDRESS: 'SoCal Pain Center <education@carecast.local>',
    CARECAST_REPLY_TO: 'frontdesk@carecast.local',
    CARECAST_UNSUBSCRIBE_MAILTO: 'unsubscribe@carecast.local',
    CARECAST_SES_CONFIGURATION_SET: 'carecast-local',
    CARECAST_BOOKING_INBOX: 'bookings@carecast.local',
    CARECAST_SMS_ORIGINATION: '+18885550100',
    CARECAST_SIGNING_KEYS: JSON.stringify(localSecrets(dataDir)),
    CARECAST_SIGNING_KEY_ID: 'k1',
    CARECAST_CLINIC: JSON.stringify(loadDefaultClinicProfile()),
    CARECAST_STAFF_ISSUER: staff.issuer,
    CARECAST_STAFF_AUDIENCE: staff.audience,
    CARECAST_STAFF_LOCAL_KEY: staff.signingKey,
    CARECAST_STAFF_TEST_RECIPIENTS: 'staff@carecast.local,+17145550100',
    ...(opts.env ?? {}),
  });
  reloadConfig();
  // The logger was built when the wiring was imported, before this env was set.
  if (process.env.CARECAST_LOG_LEVEL) setBaseLogLevel(process.env.CARECAST_LOG_LEVEL);

  const queue = new InProcessQueue();
  // The chaos harness's fault plan (CARECAST_FAULTS, issue 8; config refuses it in AWS), installed when the wiring builds its clients.
  const instrumentClients = (clients: SdkClients) => {
    const plan = config().faults;
    if (plan) installFaults(clients, plan);
  };
  setRuntimeOverrides({ queue, clock, instrumentClients });
  const workerModule = (await import('../functions/handlers/events/sendWorker.js')) as {
    handler: (e: SQSEvent, c: Context) => Promise<SQSBatchResponse>;
  };
  queue.worker = (event) => asHandler('sendWorker', () => workerModule.handler(event, localLambdaContext('sendWorker')));
  const dispatchModule = (await import('../functions/handlers/events/dispatch.js')) as {
    handler: (event?: unknown, context?: Context) => Promise<{ dispatched: number; contended: number }>;
  };

  const mounted: MountedRoute[] = [];
  for (const route of routes) {
    const specifier = route.localOnly ? `./handlers/${route.handler}.js` : `../functions/handlers/${handlerModule(route.handler)}.js`;
    const mod = (await import(specifier)) as { handler: LambdaHttpHandler };
    mounted.push({ route, pattern: routePattern(route.path), handler: mod.handler });
  }
  const { renderPreviewGallery } = (await import('../functions/rendering/previewGallery.js').catch(() => ({
    renderPreviewGallery: undefined,
  }))) as { renderPreviewGallery?: () => Promise<Map<string, { contentType: string; body: string }>> };

  let busy: Promise<void> = Promise.resolve();
  /** Serialises dispatcher runs and time jumps so simulated time never moves under a run. */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = busy.then(fn, fn);
    busy = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  const runDispatcherNow = async () => {
    const report = await asHandler('dispatch', () => dispatchModule.handler(undefined, localLambdaContext('dispatch')));
    await queue.drain();
    // SES's events arrive within seconds of a send; simulated time jumps by hours: deliver them
    // before the clock moves on, or a resend wait could run out before an event that was on its way.
    await sesEvents.drain();
    await smsStatus.drain();
    return report;
  };

  const stack: LocalStack = {
    baseUrl,
    outbox,
    clock,
    queue,
    tableName,
    dynamoEndpoint,
    sesUrl: ses.url,
    smsUrl: sms.url,
    staff,
    faults,
    runDispatcher: () => exclusive(runDispatcherNow),
    settle: async () => {
      await queue.drain();
      await sesEvents.drain();
      await smsStatus.drain();
    },
    advance: (iso) =>
      exclusive(async () => {
        const d = Duration.fromISO(iso);
        if (!d.isValid || d.as('milliseconds') < 0) throw new Error(`Not a forward ISO-8601 duration: ${iso}`);
        const target = new Date(clock.now().getTime() + d.as('milliseconds'));
        const store = (await domainContext()).store;
        await runDispatcherNow();
        for (let i = 0; i < 100_000; i++) {
          const next = await tableInspector().earliestDue();
          if (!next || new Date(next) > target) break;
          clock.jumpTo(new Date(next));
          await runDispatcherNow();
        }
        clock.jumpTo(target);
        await runDispatcherNow();
      }),
    stop: async () => {
      clearInterval(ticker);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await queue.drain().catch(() => undefined);
      await sesEvents.drain().catch(() => undefined);
      await smsStatus.drain().catch(() => undefined);
      await ses.stop();
      await sms.stop();
      await dynamo?.stop();
    },
  };
  setLocalRuntime(stack);
  // SES's event publishing is durable (SNS retries a Lambda subscriber for hours); local mode's is
  // in memory, so a process killed between an accepted send and its events lost them, and the
  // resend after the wait then doubled the email (crashRestart.test.ts). On a start over kept data,
  // publish again the events of every email accepted before: built from the outbox entry's own
  // time, each has the same idempotency key as the first (sesEventKey), so one already handled
  // changes nothing.
  for (const e of keptEmailEvents(outbox.all())) sesEvents.publish(e);
  // The same for SNS's SMS delivery-status records (CloudWatch Logs keeps them; local mode's were in memory).
  for (const t of keptTexts(outbox.all())) smsStatus.publish(t);

  gated.ready((req, res) => {
    void (async () => {
      try {
        const path = new URL(req.url ?? '/', 'http://local').pathname;
        if (req.method === 'GET' && path === '/preview') {
          // The gallery's iframes use relative paths: serve it under the trailing slash.
          res.writeHead(301, { location: '/preview/' }).end();
          return;
        }
        if (req.method === 'GET' && path.startsWith('/preview/') && renderPreviewGallery) {
          const gallery = await renderPreviewGallery();
          const key = path === '/preview/' ? 'index.html' : decodeURIComponent(path.slice('/preview/'.length));
          const file = gallery.get(key);
          if (file) {
            res.writeHead(200, { 'content-type': file.contentType, 'x-content-type-options': 'nosniff' }).end(file.body);
            return;
          }
        }
        // CORS as the HTTP API applies it (functions/contract/cors.ts): preflights never reach a handler.
        const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
        const cors = path.startsWith(corsPolicy.pathPrefix) ? corsHeaders(origin, config().allowedOrigins) : undefined;
        if (req.method === 'OPTIONS' && path.startsWith(corsPolicy.pathPrefix)) {
          res.writeHead(cors ? 204 : 403, cors ?? {}).end();
          return;
        }
        if (await serveRoute(mounted, req, res, cors)) return;
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'No such route', fields: {} } }));
      } catch (err) {
        // As API Gateway's own 500 would show in the function's log: the route and the error, with
        // path segments that may be tokens (/u/…, /c/…) left out. Before this a 500 here said nothing.
        logger.error('local route failed', { method: req.method, path: redactedPath(req.url), error: err as Error });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong', fields: {} } }));
      }
    })();
  });

  const ticker = setInterval(() => {
    if (opts.tick) void stack.runDispatcher().catch(() => undefined);
  }, 5_000);
  if (!opts.tick) clearInterval(ticker);
  return stack;
};

/** A request path with every segment that could be a token or an id (over 16 characters) shown as `{…}`. */
const redactedPath = (url: string | undefined): string =>
  new URL(url ?? '/', 'http://local').pathname
    .split('/')
    .map((segment) => (segment.length > 16 ? '{…}' : segment))
    .join('/');
