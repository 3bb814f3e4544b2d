/** The Queue port on SQS: batches of ten, every entry checked for failure. */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SendJob } from '../../domain/core/model.js';
import type { Queue } from '../../domain/ports/providers.js';

export class SqsQueue implements Queue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(jobs: SendJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 10) {
      const batch = jobs.slice(i, i + 10);
      const r = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job) })),
        }),
      );
      // A partially failed batch throws: the dispatcher's lease will re-dispatch, and sendIds dedupe.
      if (r.Failed?.length) throw new Error(`SQS refused ${r.Failed.length} of ${batch.length} jobs`);
    }
  }
}
