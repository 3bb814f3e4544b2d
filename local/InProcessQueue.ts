/**
 * Local mode's send queue, with SQS's contract: batches of up to ten, per-record failure
 * reports (batchItemFailures), a visibility delay before a failed record is seen again, and
 * a dead-letter list after maxReceiveCount receives.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { SendJob } from '../functions/domain/core/model.js';
import type { Queue } from '../functions/domain/ports/providers.js';
import { recordCall } from '../functions/adapters/aws/sdkCallRecorder.js';

interface Message {
  messageId: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
}

export type SqsWorker = (event: SQSEvent) => Promise<SQSBatchResponse>;

export class InProcessQueue implements Queue {
  private messages: Message[] = [];
  readonly deadLetters: Message[] = [];
  private pumping: Promise<void> | undefined;
  worker: SqsWorker | undefined;
  /** Batches delivered at once, like concurrent Lambda instances; 1 unless a harness asks for more. */
  concurrency = 1;

  constructor(
    private readonly opts: { maxReceiveCount: number; retryDelayMs: (receiveCount: number) => number } = {
      maxReceiveCount: 5,
      retryDelayMs: (n) => Math.min(5_000, 100 * 2 ** n),
    },
  ) {}

  async enqueue(jobs: SendJob[]): Promise<void> {
    // In AWS, SqsQueue sends these as SendMessageBatch; the IAM simulation checks that call.
    recordCall('sqs', 'SendMessageBatch', { queueUrl: 'send-queue' });
    for (const job of jobs) this.messages.push({ messageId: randomUUID(), body: JSON.stringify(job), receiveCount: 0, visibleAt: 0 });
    setImmediate(() => void this.pump());
  }

  get depth(): number {
    return this.messages.length;
  }

  /** Delivers visible messages until none are left visible. */
  pump(): Promise<void> {
    this.pumping ??= Promise.all(Array.from({ length: Math.max(1, this.concurrency) }, () => this.deliverVisible()))
      .then(() => undefined)
      .finally(() => {
        this.pumping = undefined;
      });
    return this.pumping;
  }

  /** Resolves once every message (including retries) has been processed or dead-lettered. */
  async drain(): Promise<void> {
    while (this.messages.length > 0 || this.pumping) {
      await this.pump();
      if (this.messages.length > 0) {
        const next = Math.min(...this.messages.map((m) => m.visibleAt));
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      }
    }
  }

  private async deliverVisible(): Promise<void> {
    if (!this.worker) return;
    for (;;) {
      const now = Date.now();
      const batch = this.messages.filter((m) => m.visibleAt <= now).slice(0, 10);
      if (batch.length === 0) return;
      this.messages = this.messages.filter((m) => !batch.includes(m));
      for (const m of batch) m.receiveCount++;
      let failed: Set<string>;
      try {
        const r = await this.worker(toSqsEvent(batch));
        failed = new Set(r.batchItemFailures.map((f) => f.itemIdentifier));
      } catch {
        failed = new Set(batch.map((m) => m.messageId)); // a crashed invocation fails the whole batch
      }
      for (const m of batch.filter((x) => failed.has(x.messageId))) {
        if (m.receiveCount >= this.opts.maxReceiveCount) this.deadLetters.push(m);
        else this.messages.push({ ...m, visibleAt: Date.now() + this.opts.retryDelayMs(m.receiveCount) });
      }
    }
  }
}

const toSqsEvent = (batch: Message[]): SQSEvent => ({
  Records: batch.map((m) => ({
    messageId: m.messageId,
    receiptHandle: m.messageId,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:carecast-send',
    awsRegion: 'local',
  })),
});
