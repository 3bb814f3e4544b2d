/**
 * The SES endpoint the SDK talks to in local mode: aws-ses-v2-local (a real SES API
 * emulator) behind a thin recorder. Every request is forwarded unchanged; accepted
 * SendRawEmail calls are also parsed (mailparser) into the outbox with the simulated time,
 * so the outbox shows the HTML, text part and every header the SDK sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { Clock } from '../functions/domain/ports/providers.js';
import type { Outbox } from './Outbox.js';
import { sesEventsFor } from './sesMailboxSimulator.js';

export interface RunningEndpoint {
  url: string;
  stop(): Promise<void>;
}

/** Test hook: lets a fault injector answer instead of the emulator. */
export type SesInterceptor = (params: URLSearchParams) => { status: number; body: string } | 'hang' | 'drop' | undefined;

const sesTags = (params: URLSearchParams): Record<string, string> => {
  const tags: Record<string, string> = {};
  for (let i = 1; params.has(`Tags.member.${i}.Name`); i++) tags[params.get(`Tags.member.${i}.Name`) as string] = params.get(`Tags.member.${i}.Value`) ?? '';
  return tags;
};

const listen = (server: Server, port: number) =>
  new Promise<number>((res) => server.listen(port, '127.0.0.1', () => res((server.address() as AddressInfo).port)));

export const startLocalSes = async (
  outbox: Outbox,
  clock: Clock,
  opts: {
    port?: number;
    intercept?: { current?: SesInterceptor };
    /** SES's configuration-set event publishing: called with each event SES would publish for an accepted message (sesMailboxSimulator.ts). */
    publishEvent?: (sesEvent: Record<string, unknown>) => void;
  } = {},
): Promise<RunningEndpoint> => {
  type Start = (c: { port: number; host: string }) => Promise<Server>;
  const mod = (await import('aws-ses-v2-local')) as unknown as { default: Start | { default: Start } };
  const startEmulator: Start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const probe = createServer();
  const emulatorPort = await listen(probe, 0);
  await new Promise((r) => probe.close(r));
  const emulator = await startEmulator({ port: emulatorPort, host: '127.0.0.1' });

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const params = new URLSearchParams(body.toString('utf8'));
    const injected = opts.intercept?.current?.(params);
    if (injected === 'hang') return; // the client times out: the ambiguous case
    // The request arrived and the connection dies before an answer: the same ambiguous case as a timeout, but
    // without waiting on a client timer, so tests that use it do not depend on how loaded the machine is.
    if (injected === 'drop') return void req.socket.destroy();
    if (injected) {
      res.writeHead(injected.status, { 'content-type': 'text/xml' }).end(injected.body);
      return;
    }
    const upstream = await fetch(`http://127.0.0.1:${emulatorPort}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers: {
        'content-type': String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded'),
        authorization: String(req.headers.authorization ?? ''),
      },
      ...(req.method === 'GET' ? {} : { body }),
    });
    const text = await upstream.text();
    if (upstream.ok && params.get('Action') === 'SendRawEmail') {
      const id = /<MessageId>([^<]+)<\/MessageId>/.exec(text)?.[1] ?? 'unknown';
      const mail = await simpleParser(Buffer.from(params.get('RawMessage.Data') ?? '', 'base64'));
      const headers: Record<string, string> = {};
      for (const line of mail.headerLines) {
        // Unfold long header lines (RFC 5322 §2.2.3) before showing them.
        headers[line.line.split(':')[0] as string] = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
      }
      // One instant for the outbox entry and its events: a restart rebuilds the events from the entry (keptEmailEvents.ts).
      const acceptedAt = clock.now();
      outbox.add({
        id,
        channel: 'email',
        to: (Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : mail.to?.text) ?? params.get('Destinations.member.1') ?? '',
        from: mail.from?.text ?? '',
        subject: mail.subject ?? '',
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.text ? { text: mail.text } : {}),
        headers,
        tags: sesTags(params),
        sentAt: acceptedAt.toISOString(),
      });
      const to = params.get('Destinations.member.1') ?? (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? '';
      const tags = Object.fromEntries(Object.entries(sesTags(params)).map(([k, v]) => [k, [v]]));
      for (const e of sesEventsFor({ messageId: id, to, tags, at: acceptedAt })) opts.publishEvent?.(e);
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' }).end(text);
  });
  const port = await listen(server, opts.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      emulator.closeAllConnections?.();
      await new Promise((r) => emulator.close(r));
    },
  };
};
