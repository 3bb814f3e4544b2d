/**
 * Local mode's stand-in for SES configuration-set event publishing → SNS → the sesFeedback
 * Lambda (issue 16): each message the local SES endpoint accepts produces its `Send` event, which
 * is delivered asynchronously through the same handler, and redelivered with backoff when the
 * handler fails, as SNS does for a Lambda subscriber. Without it an UNKNOWN email could never be
 * reconciled locally, and the resend after the wait would be a duplicate.
 */
import { asHandler } from '../functions/adapters/aws/sdkCallRecorder.js';
import { snsNotification } from './snsNotification.js';

type SnsHandler = (event: ReturnType<typeof snsNotification>) => Promise<void>;

/** Attempts per event (SNS retries many more times over hours; local mode stops early). */
const ATTEMPTS = 8;

export const sesEventPublisher = (handler: () => Promise<SnsHandler>, sleep: (ms: number) => Promise<void>) => {
  const pending = new Set<Promise<void>>();
  const deliver = async (sesEvent: Record<string, unknown>) => {
    const event = snsNotification('carecast-ses-events', JSON.stringify(sesEvent));
    const h = await handler();
    // Events arrive a moment after the send is accepted, as SES's do.
    await sleep(25);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await asHandler('sesFeedback', () => h(event));
        return;
      } catch {
        await sleep(Math.random() * Math.min(2_000, 50 * 2 ** attempt));
      }
    }
  };
  return {
    publish: (sesEvent: Record<string, unknown>): void => {
      const p = deliver(sesEvent).finally(() => pending.delete(p));
      pending.add(p);
    },
    /** Waits until every event published so far was delivered or given up. */
    drain: async (): Promise<void> => {
      while (pending.size) await Promise.all([...pending]);
    },
  };
};
