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

  async send(text: OutgoingText): Promise<{ providerMessageId: string }> {
    await this.bucket.take();
    return this.inner.send(text);
  }

  optIn(phone: string): Promise<boolean> {
    return this.inner.optIn(phone);
  }
}
