/**
 * How AWS hands provider events to a Lambda, in local mode (issue 16): asynchronously, a moment
 * after the fact, and again with backoff when the handler fails (SNS for SES events; CloudWatch
 * Logs for SNS SMS delivery-status records). `drain()` lets simulated time wait for them: in AWS
 * they take seconds, while simulated time jumps by hours.
 */
export interface AsyncDelivery<T> {
  publish(event: T): void;
  /** Waits until every event published so far was delivered or given up. */
  drain(): Promise<void>;
}

/** Attempts per event (AWS retries many more times over hours; local mode stops early). */
const ATTEMPTS = 8;

export const asyncDelivery = <T>(deliverOnce: (event: T) => Promise<void>, sleep: (ms: number) => Promise<void>): AsyncDelivery<T> => {
  const pending = new Set<Promise<void>>();
  const deliver = async (event: T) => {
    // Events arrive a moment after the send is accepted, as AWS's do.
    await sleep(25);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await deliverOnce(event);
        return;
      } catch {
        await sleep(Math.random() * Math.min(2_000, 50 * 2 ** attempt));
      }
    }
  };
  return {
    publish: (event) => {
      const p = deliver(event).finally(() => pending.delete(p));
      pending.add(p);
    },
    drain: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
  };
};
