/**
 * Several send-worker instances for the chaos run, as SQS scales a Lambda out (issue 8). Each
 * instance is its own import of functions/handlers/events/sendWorker.ts (its own batch processor) and
 * runs one batch at a time; each batch runs as a killable invocation (WorkerCrash.ts), and an
 * instance killed by a fault is replaced by a fresh import, like a cold start after a crash.
 */
import { asHandler } from '../../functions/adapters/aws/sdkCallRecorder.js';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { runCrashable, WorkerCrashed } from '../../local/faults/WorkerCrash.js';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export class SendWorkerPool {
  crashes = 0;
  private imported = 0;
  private readonly idle: Handler[] = [];
  private readonly waiting: ((h: Handler) => void)[] = [];

  private constructor(readonly size: number) {}

  static async start(size: number): Promise<SendWorkerPool> {
    const pool = new SendWorkerPool(size);
    for (let i = 0; i < size; i++) pool.idle.push(await pool.coldStart());
    return pool;
  }

  private async coldStart(): Promise<Handler> {
    // A query string makes a distinct module instance (tsx and vitest alike).
    const specifier = `../../functions/handlers/events/sendWorker.js?instance=${++this.imported}`;
    const mod = (await import(/* @vite-ignore */ specifier)) as { handler: Handler };
    return mod.handler;
  }

  private acquire(): Promise<Handler> {
    const h = this.idle.pop();
    return h ? Promise.resolve(h) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(h: Handler): void {
    const next = this.waiting.shift();
    if (next) next(h);
    else this.idle.push(h);
  }

  /** The queue's worker: one batch on a free instance; a killed invocation rejects like a dead Lambda. */
  readonly invoke = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const handler = await this.acquire();
    try {
      const result = await runCrashable(() => asHandler('sendWorker', () => handler(event, {} as Context)));
      this.release(handler);
      return result;
    } catch (err) {
      if (err instanceof WorkerCrashed) {
        this.crashes++;
        this.release(await this.coldStart());
      } else this.release(handler);
      throw err;
    }
  };
}
