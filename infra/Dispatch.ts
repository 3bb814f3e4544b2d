/**
 * The drip's engine: a schedule that runs the dispatcher, and the send worker on the queue.
 *
 * EventBridge invokes the dispatcher every `workers.dispatcher.everyMinutes`; the dispatcher
 * enqueues due steps; the send worker consumes the queue in batches of `workers.sendWorker.batchSize`
 * with partial batch responses (R2). The worker's concurrency is derived from the SES sending
 * rate (O8), and the event source's maximum concurrency matches it so SQS never throttles the
 * worker into the DLQ.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { workers } from '../functions/contract/routes.js';
import type { SendQueue } from './SendQueue.js';

/** O8: send at no more than 90 % of the account's SES maximum send rate. */
export const SES_RATE_HEADROOM = 0.9;
/** SQS event sources cannot cap concurrency below 2. */
const MIN_SQS_CONCURRENCY = 2;
const MAX_WORKER_CONCURRENCY = 100;

/**
 * Reserved concurrency of the send worker for an SES sending rate (messages per second).
 *
 * Each worker instance sends one message at a time, and a send (claim write, render, SES call,
 * SENT write) takes about a second, so one instance is worth about one message per second:
 * floor(0.9 × rate) instances, at least 2 (the SQS minimum), at most 100. The worker still
 * backs off on SES throttling (O7); this cap keeps that rare.
 *
 * @example sendWorkerConcurrency(14) // 12
 */
export const sendWorkerConcurrency = (ratePerSecond: number): number =>
  Math.min(MAX_WORKER_CONCURRENCY, Math.max(MIN_SQS_CONCURRENCY, Math.floor(ratePerSecond * SES_RATE_HEADROOM)));

export interface DispatchProps {
  dispatcher: lambda.IFunction;
  sendWorker: lambda.IFunction;
  sendQueue: SendQueue;
  /** Equals the worker's reserved concurrency. */
  workerConcurrency: number;
}

export class Dispatch extends Construct {
  readonly schedule: events.Rule;
  /** The send worker's queue mapping: its id is a runbook input and what haltSending disables. */
  readonly sendWorkerSource: SqsEventSource;

  constructor(scope: Construct, id: string, props: DispatchProps) {
    super(scope, id);
    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Carecast: run the dispatcher',
      schedule: events.Schedule.rate(Duration.minutes(workers.dispatcher.everyMinutes)),
      // A missed tick is made up by the next one; retries would only overlap runs.
      targets: [new targets.LambdaFunction(props.dispatcher, { retryAttempts: 0 })],
    });

    this.sendWorkerSource = new SqsEventSource(props.sendQueue.queue, {
      batchSize: workers.sendWorker.batchSize,
      reportBatchItemFailures: true,
      maxConcurrency: props.workerConcurrency,
    });
    props.sendWorker.addEventSource(this.sendWorkerSource);
  }
}
