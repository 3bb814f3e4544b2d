/**
 * An SNS-Publish-compatible SMS endpoint: no npm emulator handles SMS Publish, so this one
 * speaks the SNS Query protocol the SDK uses (`Action=Publish&PhoneNumber=…&Message=…`) and
 * answers the XML the SDK parses. It also answers CheckIfPhoneNumberIsOptedOut.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../functions/domain/ports/providers.js';
import type { Outbox } from './Outbox.js';
import type { RunningEndpoint } from './localSesEndpoint.js';

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A fault for one request: an answer, `hang` (never answered), `drop` (connection dropped before
 * the text is taken: it never left) or `accept-then-drop` (the text is taken, and logged as SNS
 * would, but the answer is lost: the ambiguous case whose text did leave, issue 16).
 */
export type SmsInterceptor = (params: URLSearchParams) => { status: number; body: string } | 'hang' | 'drop' | 'accept-then-drop' | undefined;

const errorXml = (code: string, message: string) =>
  `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;

export const startLocalSms = async (
  outbox: Outbox,
  clock: Clock,
  opts: {
    port?: number;
    from?: string;
    intercept?: { current?: SmsInterceptor };
    /** SNS delivery-status logging (issue 16): called for every text accepted. */
    publishDeliveryStatus?: (text: { messageId: string; to: string; at: Date }) => void;
  } = {},
): Promise<RunningEndpoint> => {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const injected = opts.intercept?.current?.(params);
    if (injected === 'hang') return;
    if (injected === 'drop') return void req.socket.destroy(); // request received, answer lost (see LocalSesEndpoint)
    if (injected && injected !== 'accept-then-drop') {
      res.writeHead(injected.status, { 'content-type': 'text/xml' }).end(injected.body);
      return;
    }
    const action = params.get('Action');
    const reply = (status: number, xml: string) => res.writeHead(status, { 'content-type': 'text/xml' }).end(xml);
    if (action === 'Publish') {
      const phone = params.get('PhoneNumber');
      const message = params.get('Message');
      if (!phone || !/^\+[1-9]\d{6,14}$/.test(phone)) return reply(400, errorXml('InvalidParameter', 'Invalid parameter: PhoneNumber'));
      if (!message) return reply(400, errorXml('InvalidParameter', 'Invalid parameter: Message'));
      const id = randomUUID();
      let from = opts.from ?? 'local-sms';
      for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i++) {
        if (params.get(`MessageAttributes.entry.${i}.Name`) === 'AWS.MM.SMS.OriginationNumber') {
          from = params.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? from;
        }
      }
      // One instant for the outbox entry and its delivery-status record: a restart rebuilds the record from the entry.
      const acceptedAt = clock.now();
      outbox.add({ id, channel: 'sms', to: phone, from, body: message, sentAt: acceptedAt.toISOString() });
      opts.publishDeliveryStatus?.({ messageId: id, to: phone, at: acceptedAt });
      if (injected === 'accept-then-drop') return void req.socket.destroy();
      return reply(200, `<PublishResponse xmlns="${NS}"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`);
    }
    if (action === 'OptInPhoneNumber') {
      return reply(200, `<OptInPhoneNumberResponse xmlns="${NS}"><OptInPhoneNumberResult/><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></OptInPhoneNumberResponse>`);
    }
    if (action === 'CheckIfPhoneNumberIsOptedOut') {
      return reply(200, `<CheckIfPhoneNumberIsOptedOutResponse xmlns="${NS}"><CheckIfPhoneNumberIsOptedOutResult><isOptedOut>false</isOptedOut></CheckIfPhoneNumberIsOptedOutResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></CheckIfPhoneNumberIsOptedOutResponse>`);
    }
    return reply(400, errorXml('InvalidAction', `The local SMS endpoint does not implement ${action ?? 'that action'}`));
  });
  const port = await new Promise<number>((r) => server.listen(opts.port ?? 0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
};
