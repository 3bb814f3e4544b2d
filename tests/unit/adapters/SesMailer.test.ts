import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../../functions/adapters/aws/SesMailer.js';
import {
  ProviderHalted,
  ProviderOutcomeUnknown,
  ProviderRejected,
  ProviderThrottled,
  ProviderUnavailable,
} from '../../../functions/domain/core/errors.js';
import type { OutgoingEmail } from '../../../functions/domain/ports/providers.js';

const ses = mockClient(SESClient);
const email: OutgoingEmail = {
  to: 'patient@example.com',
  from: 'SoCal Pain Center <education@clinic.example>',
  replyTo: 'frontdesk@clinic.example',
  subject: 'Cervical dystonia: common signs and symptoms',
  html: '<p>Hello <a href="https://clinic.example/u/tok">Unsubscribe</a></p>',
  text: 'Hello\nUnsubscribe: https://clinic.example/u/tok',
  headers: { 'List-Unsubscribe': '<https://clinic.example/u/tok>, <mailto:unsub@clinic.example>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  tags: { sendId: 'abc123_-xyz', sequence: 'cervical-dystonia', step: 'symptoms' },
};
const err = (name: string, status?: number, code?: string) =>
  Object.assign(new Error(name), { name, ...(code ? { code } : {}), ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('SES mailer', () => {
  beforeEach(() => ses.reset());

  it('sends one recipient per call with the configuration set, tags and one-click headers (E8, O1, O8, O10)', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-1' });
    const r = await new SesMailer(new SESClient({ region: 'us-west-2' }), 'carecast-prod').send(email);
    expect(r.providerMessageId).toBe('ses-1');
    const input = ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input;
    expect(input?.Destinations).toEqual(['patient@example.com']);
    expect(input?.ConfigurationSetName).toBe('carecast-prod');
    expect(input?.Tags).toEqual([
      { Name: 'sendId', Value: 'abc123_-xyz' },
      { Name: 'sequence', Value: 'cervical-dystonia' },
      { Name: 'step', Value: 'symptoms' },
    ]);
    const mime = await simpleParser(Buffer.from(input?.RawMessage?.Data as Uint8Array));
    expect(mime.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(String(mime.headerLines.find((h) => h.key === 'list-unsubscribe')?.line)).toContain('<https://clinic.example/u/tok>');
    expect(mime.text).toContain('Unsubscribe');
    expect(mime.html).toContain('Unsubscribe');
    expect(mime.cc).toBeUndefined();
    expect(mime.bcc).toBeUndefined();
  });

  it('refuses to exist without a configuration set (O1)', () => {
    expect(() => new SesMailer(new SESClient({ region: 'us-west-2' }), '')).toThrow(/configuration set/);
  });

  it.each([
    { case: 'v1 Throttling (rate)', error: err('Throttling', 400), expected: ProviderThrottled },
    { case: 'MaxSendRateExceeded', error: err('MaxSendRateExceeded', 400), expected: ProviderThrottled },
    { case: 'v2 TooManyRequestsException', error: err('TooManyRequestsException', 429), expected: ProviderThrottled },
    { case: 'MessageRejected', error: err('MessageRejected', 400), expected: ProviderRejected },
    { case: 'account sending paused', error: err('AccountSendingPausedException', 400), expected: ProviderHalted },
    { case: 'a 503 from SES', error: err('ServiceUnavailable', 503), expected: ProviderUnavailable },
    { case: 'connection refused before sending', error: err('Error', undefined, 'ECONNREFUSED'), expected: ProviderUnavailable },
    { case: 'a timeout after sending', error: err('TimeoutError'), expected: ProviderOutcomeUnknown },
    { case: 'a reset connection', error: err('Error', undefined, 'ECONNRESET'), expected: ProviderOutcomeUnknown },
  ])('classifies $case (O7, R4)', async ({ error, expected }) => {
    ses.on(SendRawEmailCommand).rejects(error);
    await expect(new SesMailer(new SESClient({ region: 'us-west-2' }), 'cs').send(email)).rejects.toBeInstanceOf(expected);
  });

  it('rejects a header value carrying a line break before it reaches SES (O9)', async () => {
    const { composeEmail } = await import('../../../functions/domain/sending/composeMessage.js');
    expect(composeEmail).toBeTypeOf('function');
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'x' });
    await new SesMailer(new SESClient({ region: 'us-west-2' }), 'cs').send({ ...email, subject: 'Hi\r\nBcc: victim@example.com' });
    const raw = Buffer.from(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.RawMessage?.Data as Uint8Array).toString();
    expect(raw).not.toMatch(/^Bcc:/m);
  });
});
