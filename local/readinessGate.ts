/**
 * Local mode's HTTP server during start-up. The port must be bound early (the base URL goes into
 * the configuration the handlers read), but the routes are mounted only later; a request that
 * arrives in between used to be accepted and never answered (issue 16). This server answers it at
 * once with `503 Service Unavailable` and `Retry-After`, the way a load balancer answers while its
 * target warms up, and hands every request to the real handler once `ready()` is called.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface GatedServer {
  server: Server;
  port: number;
  /** Starts serving with `handler`; until then every request gets 503. */
  ready(handler: RequestHandler): void;
}

/** Seconds a client is told to wait during start-up (start-up takes a few seconds). */
export const startupRetryAfterSeconds = 2;

const answerStarting = (req: IncomingMessage, res: ServerResponse) => {
  const wantsHtml = (req.headers.accept ?? '').includes('text/html');
  const headers = { 'retry-after': String(startupRetryAfterSeconds), 'cache-control': 'no-store', connection: 'close' };
  if (wantsHtml) {
    res
      .writeHead(503, { ...headers, 'content-type': 'text/html; charset=utf-8', refresh: String(startupRetryAfterSeconds) })
      .end('<!doctype html><meta charset="utf-8"><title>Starting…</title><p>Carecast is starting. This page reloads in a moment.</p>');
    return;
  }
  res
    .writeHead(503, { ...headers, 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { code: 'starting', message: 'Local mode is starting; retry shortly', fields: {} } }));
};

/** Binds `port` on loopback (0: any free port) and answers 503 until `ready`. */
export const listenGated = async (port: number): Promise<GatedServer> => {
  let serve: RequestHandler | undefined;
  const server = createServer((req, res) => {
    if (serve) serve(req, res);
    else {
      // Drain the body so the client can read the answer even if it is still sending.
      req.resume();
      answerStarting(req, res);
    }
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    server,
    port: bound,
    ready: (handler) => {
      serve = handler;
    },
  };
};
