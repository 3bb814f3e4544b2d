/** A Mailer that waits for a token before each send (O8); wraps the SES mailer in the worker. */
import type { Mailer, OutgoingEmail } from '../domain/ports/providers.js';
import type { TokenBucket } from './TokenBucket.js';

export class RateLimitedMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly bucket: TokenBucket,
  ) {}

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    await this.bucket.take();
    return this.inner.send(email);
  }
}
