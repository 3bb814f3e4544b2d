/** A Mailer that waits for a token before each send (O8); wraps the SES mailer in the worker. */
import type { Mailer, OutgoingEmail } from '../domain/ports/providers.js';
import type { TokenBucket } from './TokenBucket.js';

export class RateLimitedMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly bucket: TokenBucket,
  ) {}

  /** Slots taken by awaitSendSlot and not yet used by a send. */
  private held = 0;

  async awaitSendSlot(): Promise<void> {
    await this.bucket.take();
    this.held++;
  }

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    // A slot taken by awaitSendSlot is used now; a send without one (a staff test send) waits here.
    if (this.held > 0) this.held--;
    else await this.bucket.take();
    return this.inner.send(email);
  }
}
