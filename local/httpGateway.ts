/**
 * Serves the route table through API Gateway v2-shaped events: the same handler functions
 * Lambda runs, mounted on one Node HTTP server.
 */
import { asHandler } from '../functions/adapters/aws/sdkCallRecorder.js';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Route } from '../functions/contract/routes.js';
import { localLambdaContext } from './localLambdaContext.js';

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined>;

export interface MountedRoute {
  route: Route;
  pattern: RegExp;
  handler: LambdaHttpHandler;
}

/** `/u/{token}` → a RegExp with named groups. */
export const routePattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);


export const toApiEvent = (req: IncomingMessage, body: Buffer, routeKey: string, pathParameters: Record<string, string>): APIGatewayProxyEventV2 => {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const binary = body.length > 0 && !/^(application\/(json|x-www-form-urlencoded)|text\/)/.test(headers['content-type'] ?? '');
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: (process.env.CARECAST_TRUST_TEST_IP === '1' ? headers['x-carecast-test-ip'] : undefined) ?? req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...(body.length ? { body: binary ? body.toString('base64') : body.toString('utf8'), isBase64Encoded: binary } : { isBase64Encoded: false }),
  };
};

export const serveRoute = async (
  mounted: MountedRoute[],
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: Record<string, string> = {},
): Promise<boolean> => {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  const match = mounted.find((m) => m.route.method === req.method && m.pattern.test(path));
  if (!match) return false;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    // API Gateway refuses payloads over 10 MB; the handlers enforce their own, smaller, limits.
    if (size > 10 * 1024 * 1024) {
      res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":{"code":"payload_too_large","message":"Request body too large","fields":{}}}');
      return true;
    }
    chunks.push(c as Buffer);
  }
  const params = match.pattern.exec(path)?.groups ?? {};
  const event = toApiEvent(req, Buffer.concat(chunks), `${match.route.method} ${match.route.path}`, { ...params });
  // Local-only routes (dev stand-ins) run outside any function; the handlers they call name themselves.
  const invoke = () => match.handler(event, localLambdaContext(match.route.handler));
  const result = await (match.route.localOnly ? invoke() : asHandler(match.route.handler, invoke));
  const r: APIGatewayProxyStructuredResultV2 = typeof result === 'string' || result === undefined ? { statusCode: 200, body: result ?? '' } : result;
  const headers: Record<string, string | number | boolean> = { ...(r.headers ?? {}), ...extraHeaders };
  res.writeHead(r.statusCode ?? 200, headers as Record<string, string>);
  res.end(r.isBase64Encoded ? Buffer.from(r.body ?? '', 'base64') : (r.body ?? ''));
  return true;
};
