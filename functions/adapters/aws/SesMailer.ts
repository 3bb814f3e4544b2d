/**
 * The Mailer port on SES v1 SendRawEmail: MIME from nodemailer's MailComposer, one recipient
 * per call (O8), always the configuration set (O1) and opaque tags (O10).
 */
import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Mailer, OutgoingEmail } from '../../domain/ports/providers.js';
import { classifyProviderError } from './providerErrors.js';

/** SES tag values allow only ASCII letters, digits, underscore and dash. */
const tagValue = (v: string) => v.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);

export const buildMime = async (email: OutgoingEmail): Promise<Buffer> =>
  new MailComposer({
    from: email.from,
    to: email.to,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: email.headers,
  })
    .compile()
    .build();

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly configurationSet: string,
  ) {
    if (!configurationSet) throw new Error('Every SES send needs a configuration set (O1)');
  }

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    const raw = await buildMime(email);
    try {
      const r = await this.client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: raw },
          Destinations: [email.to],
          ConfigurationSetName: this.configurationSet,
          Tags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
        }),
      );
      if (!r.MessageId) throw new Error('SES returned no MessageId');
      return { providerMessageId: r.MessageId };
    } catch (err) {
      throw classifyProviderError('SES', err, { senderDomain: email.from.replace(/^.*@/, '').replace(/>.*$/, '') });
    }
  }
}
