/**
 * The OpenAPI 3.1 document of the public and staff HTTP APIs, generated, never hand-written:
 * paths, methods, summaries and security come from routes.ts; request and response bodies are
 * the very zod schemas the handlers parse with (z.toJSONSchema, JSON Schema 2020-12, which is
 * OpenAPI 3.1's own dialect). Served at GET /api/openapi.json.
 */
import * as z from 'zod';
import { BookingBody } from '../domain/recipientActions/BookingForm.js';
import { SequenceSchema } from '../domain/scheduling/SequenceDefinition.js';
import { SignupBody } from '../domain/signup/SignupForm.js';
import * as S from './consoleSchemas.js';
import * as M from './messageSchemas.js';
import { type Route, routes } from './routes.js';

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()) }),
});

/** Named component schemas; operations refer to them by name. */
const NAMED = {
  Error: ErrorBody,
  Signup: SignupBody,
  Booking: BookingBody,
  Sequence: SequenceSchema,
  SequenceEdit: S.SequenceEditBody,
  CreateSequence: S.CreateSequenceBody,
  ArchiveSequence: S.ArchiveSequenceBody,
  EntryPointRequest: S.EntryPointBody,
  EntryPoint: S.EntryPointSchema,
  MessageChoice: S.MessageChoiceSchema,
  MoveEnrollments: S.MoveEnrollmentsBody,
  ScheduleSequence: S.ScheduleSequenceBody,
  BroadcastRequest: S.BroadcastBody,
  AudienceRequest: S.AudienceBody,
  ClinicEdit: S.ClinicEditBody,
  ClosedDayChange: S.ClosedDayBody,
  PreviewRequest: S.PreviewBody,
  TestSendRequest: S.TestSendBody,
  SubscriberLookup: S.LookupBody,
  RevokeConsent: S.RevokeBody,
  DeleteSubscriber: S.DeleteSubscriberBody,
  StaffLogin: S.LoginBody,
  SequenceHead: S.SequenceHeadSchema,
  SequenceVersion: S.SequenceVersionSchema,
  SequenceDetail: S.SequenceDetailSchema,
  Broadcast: S.BroadcastSchema,
  Results: S.ResultsSchema,
  AuditEntry: S.AuditEntrySchema,
  SubscriberView: S.SubscriberViewSchema,
  Preview: S.PreviewSchema,
  MessageCreate: M.CreateMessageBody,
  MessageSave: M.SaveMessageBody,
  MessageContent: M.MessageContentBody,
  MessageSubmit: M.SubmitMessageBody,
  MessageApprove: M.ApproveMessageBody,
} as const;
type SchemaName = keyof typeof NAMED;

type Produces = { json: SchemaName | { array: SchemaName } | 'object' } | 'html' | 'csv' | 'javascript' | 'redirect-or-html';

interface OperationDoc {
  body?: SchemaName;
  /** The no-JavaScript forms post the same fields urlencoded. */
  form?: boolean;
  produces: Produces;
}

/** What each route key takes and answers (routes not listed answer HTML, or `object` for JSON APIs). */
const OPERATIONS: Record<string, OperationDoc> = {
  'POST /api/subscribe': { body: 'Signup', form: true, produces: { json: 'object' } },
  'POST /api/book': { body: 'Booking', form: true, produces: { json: 'object' } },
  'POST /api/admin/login': { body: 'StaffLogin', produces: { json: 'object' } },
  'GET /api/admin/sequences': { produces: { json: { array: 'SequenceHead' } } },
  'POST /api/admin/sequences': { body: 'CreateSequence', produces: { json: 'SequenceVersion' } },
  'GET /api/admin/sequences/{id}': { produces: { json: 'SequenceDetail' } },
  'POST /api/admin/sequences/{id}/archive': { body: 'ArchiveSequence', produces: { json: 'SequenceHead' } },
  'GET /api/admin/entry-points': { produces: { json: { array: 'EntryPoint' } } },
  'POST /api/admin/entry-points/{id}': { body: 'EntryPointRequest', produces: { json: 'object' } },
  'GET /api/admin/message-choices': { produces: { json: { array: 'MessageChoice' } } },
  'GET /api/admin/sequences/{id}/versions/{version}': { produces: { json: 'SequenceVersion' } },
  'POST /api/admin/sequences/{id}/versions': { body: 'SequenceEdit', produces: { json: 'SequenceVersion' } },
  'POST /api/admin/sequences/{id}/pause': { produces: { json: 'SequenceHead' } },
  'POST /api/admin/sequences/{id}/resume': { produces: { json: 'SequenceHead' } },
  'POST /api/admin/sequences/{id}/schedule': { body: 'ScheduleSequence', produces: { json: 'SequenceHead' } },
  'POST /api/admin/sequences/{id}/move': { body: 'MoveEnrollments', produces: { json: 'object' } },
  'GET /api/admin/sequences/{id}/results': { produces: { json: 'Results' } },
  'GET /api/admin/sequences/{id}/results.csv': { produces: 'csv' },
  'GET /admin/sequences/{id}/results.csv': { produces: 'csv' },
  'GET /api/admin/broadcasts': { produces: { json: { array: 'Broadcast' } } },
  'POST /api/admin/broadcasts': { body: 'BroadcastRequest', produces: { json: 'Broadcast' } },
  'POST /api/admin/broadcasts/{id}/cancel': { produces: { json: 'Broadcast' } },
  'POST /api/admin/preview': { body: 'PreviewRequest', produces: { json: 'Preview' } },
  'POST /api/admin/test-sends': { body: 'TestSendRequest', produces: { json: 'object' } },
  'POST /api/admin/subscribers/lookup': { body: 'SubscriberLookup', produces: { json: 'SubscriberView' } },
  'POST /api/admin/subscribers/{id}/revoke': { body: 'RevokeConsent', produces: { json: 'object' } },
  'POST /api/admin/subscribers/{id}/delete': { body: 'DeleteSubscriber', produces: { json: 'object' } },
  'GET /api/admin/audit': { produces: { json: { array: 'AuditEntry' } } },
  'GET /api/admin/messages': { produces: { json: 'object' } },
  'POST /api/admin/messages': { body: 'MessageCreate', produces: { json: 'object' } },
  'POST /api/admin/messages/{id}/draft': { body: 'MessageSave', produces: { json: 'object' } },
  'POST /api/admin/messages/{id}/preview': { body: 'MessageContent', produces: { json: 'object' } },
  'POST /api/admin/messages/{id}/submit': { body: 'MessageSubmit', produces: { json: 'object' } },
  'POST /api/admin/messages/{id}/approve': { body: 'MessageApprove', produces: { json: 'object' } },
  'POST /api/admin/messages/{id}/withdraw': { body: 'MessageSubmit', produces: { json: 'object' } },
  'POST /api/admin/broadcasts/audience': { body: 'AudienceRequest', produces: { json: 'object' } },
  'POST /api/admin/clinic': { body: 'ClinicEdit', produces: { json: 'object' } },
  'POST /api/admin/clinic/closed-days': { body: 'ClosedDayChange', produces: { json: 'object' } },
  'GET /api/openapi.json': { produces: { json: 'object' } },
  'GET /admin/assets/{file}': { produces: 'javascript' },
};

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

const componentSchemas = (): Record<string, unknown> => {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED)) registry.add(schema as z.ZodType, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema, $id, ...rest } = s as Record<string, unknown>;
      return [id, rest];
    }),
  );
};

const responseFor = (route: Route, doc: OperationDoc | undefined): Record<string, unknown> => {
  const page = route.path.startsWith('/admin');
  const produces: Produces = doc?.produces ?? (page ? 'html' : { json: 'object' });
  const body = (() => {
    if (produces === 'html' || produces === 'redirect-or-html') return { 'text/html': { schema: { type: 'string' } } };
    if (produces === 'csv') return { 'text/csv': { schema: { type: 'string' } } };
    if (produces === 'javascript') return { 'text/javascript': { schema: { type: 'string' } } };
    const j = produces.json;
    return { 'application/json': { schema: j === 'object' ? { type: 'object' } : typeof j === 'string' ? ref(j) : { type: 'array', items: ref(j.array) } } };
  })();
  const error = page ? { 'text/html': { schema: { type: 'string' } } } : { 'application/json': { schema: ref('Error') } };
  const ok =
    page && route.method === 'POST'
      ? { '303': { description: 'Done: see the page it leads to (post/redirect/get)' } }
      : { [route.path === '/api/subscribe' || route.path === '/api/book' ? '202' : '200']: { description: 'OK', content: body } };
  return {
    ...ok,
    ...(route.method === 'POST' ? { '400': { description: 'Invalid input (JSON: `fields` names each bad field)', content: error } } : {}),
    ...(route.auth !== 'public'
      ? { '401': { description: 'No valid staff token', content: error }, '403': { description: 'Missing role, or a cookie POST without the CSRF token', content: error } }
      : {}),
  };
};

const operation = (route: Route) => {
  const key = `${route.method} ${route.path}`;
  const doc = OPERATIONS[key];
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  return {
    operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
    summary: route.summary,
    tags: [route.auth === 'public' ? 'public' : 'staff'],
    ...(params.length ? { parameters: params } : {}),
    ...(doc?.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: ref(doc.body) },
              ...(doc.form ? { 'application/x-www-form-urlencoded': { schema: ref(doc.body) } } : {}),
            },
          },
        }
      : {}),
    responses: responseFor(route, doc),
    ...(route.auth === 'public' ? { security: [] } : { security: [{ staffJwt: [] }, { staffSession: [] }], 'x-carecast-role': route.auth }),
    ...(route.localOnly ? { 'x-carecast-local-only': true } : {}),
  };
};

/** Every route but the local developer tools (outbox, clock, simulated inbound). */
const documented = (): Route[] => routes.filter((r) => !r.localOnly || r.handler === 'adminLogin');

export const openApiDocument = (serverUrl?: string): Record<string, unknown> => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of documented()) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Carecast API',
      version: '1',
      description: 'Patient signup, recipient actions and the staff console. Staff routes need a staff JWT (Cognito in AWS) as a Bearer token; the console pages use a session cookie plus a CSRF token.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID or access token with cognito:groups staff or admin' },
        staffSession: { type: 'apiKey', in: 'cookie', name: '__Host-carecast-staff', description: 'Console session (carecast-staff in local mode); POSTs also need the CSRF token' },
      },
    },
  };
};
