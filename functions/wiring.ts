/**
 * The composition root for Lambda and local mode: builds the SDK clients and adapters from
 * Config once per cold start. Local mode passes a queue and clock of its own; everything else
 * is the same code, with only the endpoints differing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createDynamoStore } from './adapters/aws/dynamo/createDynamoStore.js';
import { installCallRecorder, recordCall } from './adapters/aws/sdkCallRecorder.js';
import { SesMailer } from './adapters/aws/SesMailer.js';
import { SnsTexter } from './adapters/aws/SnsTexter.js';
import { SqsQueue } from './adapters/aws/SqsQueue.js';
import { type ClinicProfile, type Config, config } from './config.js';
import { currentClinicProfile } from './domain/clinic/clinicProfile.js';
import { AddressHasher } from './domain/core/AddressHasher.js';
import type { DomainContext } from './domain/core/domainContext.js';
import { LinkTokens } from './domain/core/LinkTokens.js';
import type { Clock, Mailer, Queue, Texter } from './domain/ports/providers.js';
import { perInstanceSendRate, TokenBucket } from './adapters/TokenBucket.js';
import { RateLimitedMailer } from './adapters/RateLimitedMailer.js';
import { RateLimitedTexter } from './adapters/RateLimitedTexter.js';
import { loadSecrets } from './secrets.js';
import { operationalMetrics } from './metrics/operationalMetrics.js';
import { traceClient } from './tracing.js';
import { storedSequenceCatalog } from './domain/scheduling/sequenceCatalog.js';
import { shippedSequences } from './sequences.js';

export const systemClock: Clock = { now: () => new Date() };

/** Wraps the mailer in a token bucket when the account's sending rate is configured (O8). */
const rateLimited = (mailer: Mailer, cfg: Config): Mailer => {
  if (!cfg.sesMaxSendRate) return mailer;
  const rate = perInstanceSendRate(cfg.sesMaxSendRate, cfg.workerConcurrency);
  const bucket = new TokenBucket(rate, Math.max(1, Math.floor(rate)), () => performance.now(), (ms) => new Promise((r) => setTimeout(r, ms)));
  return new RateLimitedMailer(mailer, bucket);
};

/** Wraps the texter in a token bucket sized to the origination number's rate (issue 17). */
const rateLimitedTexts = (texter: Texter, cfg: Config): Texter => {
  if (!cfg.smsMaxSendRate) return texter;
  const rate = cfg.smsMaxSendRate / Math.max(1, cfg.workerConcurrency);
  const bucket = new TokenBucket(rate, 1, () => performance.now(), (ms) => new Promise((r) => setTimeout(r, ms)));
  return new RateLimitedTexter(texter, bucket);
};

/** Local mode supplies these; in AWS they come from SQS and the system clock. */
export interface RuntimeOverrides {
  queue?: Queue;
  clock?: Clock;
  /** Local mode's hook on the SDK clients before first use (the chaos harness's fault injection, issue 8). */
  instrumentClients?: (clients: SdkClients) => void;
}

/** The SDK clients the adapters are built on. */
export interface SdkClients {
  dynamodb: DynamoDBClient;
  ses: SESClient;
  sns: SNSClient;
}

let overrides: RuntimeOverrides = {};
let built: Promise<DomainContext> | undefined;

export const setRuntimeOverrides = (o: RuntimeOverrides): void => {
  overrides = o;
  built = undefined;
};

/** Credentials for local endpoints, which accept any; in AWS the Lambda role provides them. */
const localCredentials = (cfg: Config) =>
  cfg.mode === 'local' ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};

const buildDomainContext = async (): Promise<DomainContext> => {
  const cfg = config();
  const secrets = await loadSecrets(cfg);
  const common = { region: cfg.region, ...localCredentials(cfg) };
  // SES and SNS take no idempotency token: the SDK must never retry a send on its own (R4);
  // the worker retries with backoff only when nothing was sent.
  const noSdkRetry = {
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ requestTimeout: cfg.providerTimeoutMs, connectionTimeout: 3_000, throwOnRequestTimeout: true }),
  };
  // DynamoDB calls are idempotent or conditional, so the SDK retries throttling and transient
  // errors inside the request (issue 16): standard mode backs off with full jitter (random up to
  // 100 ms × 2^attempt) under a process-wide retry quota; the default five attempts wait at most about 3 s in all.
  const dynamo = new DynamoDBClient({
    ...common,
    maxAttempts: cfg.dynamoMaxAttempts,
    retryMode: 'standard',
    ...(cfg.endpoints.dynamodb ? { endpoint: cfg.endpoints.dynamodb } : {}),
  });
  const ses = new SESClient({ ...common, ...noSdkRetry, ...(cfg.endpoints.ses ? { endpoint: cfg.endpoints.ses } : {}) });
  const sns = new SNSClient({ ...common, ...noSdkRetry, ...(cfg.endpoints.sns ? { endpoint: cfg.endpoints.sns } : {}) });
  // The chaos harness's faults (issue 8) come from local mode; nothing here knows about them.
  if (cfg.mode === 'local') overrides.instrumentClients?.({ dynamodb: dynamo, ses, sns });
  installCallRecorder({ dynamodb: dynamo, ses, sns });
  for (const client of [dynamo, ses, sns]) traceClient(client);
  const queue =
    overrides.queue ??
    (cfg.sendQueueUrl ? new SqsQueue(sqsClient(common), cfg.sendQueueUrl) : undefined);
  if (!queue) throw new Error('No send queue: set CARECAST_SEND_QUEUE_URL');
  // Result counters count per clinic day (staff console, issue 6).
  const store = createDynamoStore(dynamo, cfg.tableName, { statsTimeZone: cfg.clinic.timezone });
  const clock = overrides.clock ?? systemClock;
  return {
    store,
    mailer: rateLimited(new SesMailer(ses, cfg.sesConfigurationSet), cfg),
    texter: rateLimitedTexts(
      new SnsTexter(sns, {
        ...(cfg.smsOrigination ? { originationNumber: cfg.smsOrigination } : {}),
        ...(cfg.smsSenderId ? { senderId: cfg.smsSenderId } : {}),
      }),
      cfg,
    ),
    queue,
    clock,
    tokens: new LinkTokens({ currentKeyId: cfg.signingKeyId, keys: secrets.signingKeys }),
    hasher: new AddressHasher(secrets.addressHashKey),
    sequences: storedSequenceCatalog(store, shippedSequences(), () => clock.now()),
    metrics: operationalMetrics,
    settings: {
      clinic: cfg.clinic,
      publicBaseUrl: cfg.publicBaseUrl,
      fromAddress: cfg.fromAddress,
      ...(cfg.replyTo ? { replyTo: cfg.replyTo } : {}),
      ...(cfg.unsubscribeMailto ? { unsubscribeMailto: cfg.unsubscribeMailto } : {}),
      defaultSequenceId: cfg.defaultSequenceId,
      bookingInbox: cfg.bookingInbox,
      confirmationCeilings: cfg.confirmationCeilings,
      ...(cfg.linkAllowList ? { linkAllowList: cfg.linkAllowList } : {}),
      transientBounceLimit: cfg.transientBounceLimit,
      ...(cfg.unknownEmailResendAfterMs ? { unknownEmailResendAfterMs: cfg.unknownEmailResendAfterMs } : {}),
      ...(cfg.sesMaxSendRate || cfg.smsMaxSendRate
        ? { sendRates: { ...(cfg.sesMaxSendRate ? { email: cfg.sesMaxSendRate } : {}), ...(cfg.smsMaxSendRate ? { sms: cfg.smsMaxSendRate } : {}) } }
        : {}),
      ...(cfg.unknownTextResendAfterMs ? { unknownTextResendAfterMs: cfg.unknownTextResendAfterMs } : {}),
    },
  };
};

const sqsClient = (common: SQSClientConfig): SQSClient => {
  const client = new SQSClient(common);
  installCallRecorder({ sqs: client });
  return traceClient(client);
};

/**
 * The process-wide dependencies, built on first use (cold start) and cached. In AWS every
 * function that calls this reads the signing secret on its cold start (secrets.ts), so the IAM
 * recorder notes that read for each caller, although local mode takes the keys from the environment.
 */
export const domainContext = (): Promise<DomainContext> => {
  recordCall('secretsmanager', 'GetSecretValue', { secret: 'signing' });
  return (built ??= buildDomainContext());
};

let lastClinic: ClinicProfile | undefined;

/** The clinic profile in force (an admin's saved edit, else the deployment's default), for public pages. */
export const clinicInForce = async (): Promise<ClinicProfile> => {
  lastClinic = await currentClinicProfile(await domainContext());
  return lastClinic;
};

/** The profile `clinicInForce` last resolved, else the default: for error pages, which render synchronously. */
export const clinicLastResolved = (): ClinicProfile => lastClinic ?? config().clinic;
