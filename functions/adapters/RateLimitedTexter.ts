/**
 * A Texter that waits for a token before each text (issue 17): the 08:00 burst must stay under
 * the origination number's rate (a US toll-free number takes 3 messages per second; more are
 * refused or queued and dropped by carriers). Each worker instance holds its share of the rate.
 */
import type { OutgoingText, Texter } from '../domain/ports/providers.js';
import type { TokenBucket } from './TokenBucket.js';

export class RateLimitedTexter implements Texter {
  constructor(
    private readonly inner: Texter,
    private readonly bucket: TokenBucket,
  ) {}

  /** Slots taken by awaitSendSlot and not yet used by a send. */
  private held = 0;

  async awaitSendSlot(): Promise<void> {
    await this.bucket.take();
    this.held++;
  }

  async send(text: OutgoingText): Promise<{ providerMessageId: string }> {
    // A slot taken by awaitSendSlot is used now; a send without one (a staff test send) waits here.
    if (this.held > 0) this.held--;
    else await this.bucket.take();
    return this.inner.send(text);
  }

  optIn(phone: string): Promise<boolean> {
    return this.inner.optIn(phone);
  }
}
