/**
 * AWS list prices the cost table multiplies the measured units by: us-east-1, on-demand, USD,
 * as of PRICES_AS_OF. Sources and caveats are in docs/benchmarks.md ("Prices"); change both
 * together when AWS changes a price.
 */
export const PRICES_AS_OF = '2026-12-01';

export const PRICES = {
  /** DynamoDB on-demand, per read request unit (4 KB strongly consistent read; since 2024-11-01). */
  dynamoReadUnit: 0.125 / 1e6,
  /** DynamoDB on-demand, per write request unit (1 KB write; transactional items count twice). */
  dynamoWriteUnit: 0.625 / 1e6,
  /** Lambda, per request. */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda on Arm (the stack's architecture), per GB-second. */
  lambdaGbSecond: 0.0000133334,
  /** SQS standard queue, per request (each 64 KB chunk; a job is far below). */
  sqsRequest: 0.4 / 1e6,
  /** SES outbound email, per message (EC2-hosted senders get a free tier; not counted). */
  sesEmail: 0.1 / 1000,
  /** End User Messaging / SNS SMS to a US number from a toll-free number: AWS fee plus the typical carrier fee, per segment. */
  smsUs: 0.00581 + 0.0025,
} as const;

/**
 * What the cost model assumes for Lambda time (the bench measures DynamoDB requests, not AWS
 * latency): each DynamoDB request ~5 ms and the provider call ~40 ms, billed one message after
 * another at the send worker's memory (no credit for a batch's records running in parallel, so
 * this overstates Lambda).
 */
export const LAMBDA_MODEL = { dynamoRequestMs: 5, providerCallMs: 40, memoryGb: 1 } as const;
