/**
 * The one typed configuration module: parses `process.env` once with zod.
 *
 * Every environment variable name lives here. CDK sets them on each Lambda, local mode sets
 * the same names before it loads the handlers, and tests set them in `tests/support`.
 * A missing or malformed value fails loudly at first use; there are no `|| ''` fallbacks.
 */
import type { ConfirmationCeilings } from './domain/signup/confirmationCeilings.js';
import * as z from 'zod';
import { ClinicProfile } from './contract/ClinicProfile.js';
import { type FaultPlan, parseFaultPlan } from './contract/FaultPlan.js';

export { ClinicProfile } from './contract/ClinicProfile.js';

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const EnvSchema = z.object({
  CARECAST_MODE: z.enum(['aws', 'local']).default('aws'),
  AWS_REGION: z.string().default('us-west-2'),
  CARECAST_TABLE_NAME: z.string().min(1),
  CARECAST_DYNAMODB_ENDPOINT: z.string().url().optional(),
  CARECAST_SES_ENDPOINT: z.string().url().optional(),
  CARECAST_SNS_ENDPOINT: z.string().url().optional(),
  CARECAST_SEND_QUEUE_URL: z.string().optional(),
  CARECAST_PUBLIC_BASE_URL: z.string().url(),
  CARECAST_ALLOWED_ORIGINS: csv.optional(),
  CARECAST_FROM_ADDRESS: z.string().min(3),
  CARECAST_REPLY_TO: z.string().email().optional(),
  CARECAST_UNSUBSCRIBE_MAILTO: z.string().email().optional(),
  CARECAST_SES_CONFIGURATION_SET: z.string().min(1),
  CARECAST_BOOKING_INBOX: z.string().email(),
  CARECAST_SMS_ORIGINATION: z.string().optional(),
  CARECAST_SMS_SENDER_ID: z.string().optional(),
  /** JSON `{ "<kid>": "<secret>" }`; local mode and tests. In AWS the secret comes from Secrets Manager. */
  CARECAST_SIGNING_KEYS: z.string().optional(),
  CARECAST_SIGNING_SECRET_ARN: z.string().optional(),
  /** Key id used to sign new tokens; older ids still verify (rotation, W9). */
  CARECAST_SIGNING_KEY_ID: z.string().default('k1'),
  CARECAST_CLINIC: z.string().min(2),
  /** Origins (or hosts) tracked links may redirect to (W10). */
  CARECAST_LINK_ALLOWLIST: csv.optional(),
  CARECAST_DEFAULT_SEQUENCE: z.string().default('cervical-dystonia'),
  CARECAST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** How long a provider call may take before its outcome is treated as unknown (R4). */
  CARECAST_PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Minutes an UNKNOWN email waits for an SES event of its sendId before it is sent again (issue
   * 16); 0 = never (at most once). Default 30: SES publishes the Send event when it accepts the
   * message, and SNS delivers to a Lambda subscriber at once, retrying failures (AWS-managed
   * endpoints: immediate retries, then backoff to 20 s) for days. AWS documents no latency bound,
   * so the wait is orders of magnitude above the seconds this takes, and short enough that a
   * patient's step is at most half an hour late. See docs/sending-state-machine.md.
   */
  CARECAST_UNKNOWN_EMAIL_RESEND_MINUTES: z.coerce.number().min(0).max(24 * 60).default(30),
  // 72 h: the only bound AWS states for SMS delivery-status logs (docs/sending-state-machine.md).
  CARECAST_UNKNOWN_TEXT_RESEND_MINUTES: z.coerce.number().min(0).max(7 * 24 * 60).default(72 * 60),
  /** DynamoDB attempts per request, first included (issue 16): standard retry mode, full-jitter backoff. */
  CARECAST_DYNAMODB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  /** The account's SES MaxSendRate (msgs/s) and the worker's reserved concurrency (O8); unset = no limit (local). */
  CARECAST_SES_MAX_SEND_RATE: z.coerce.number().positive().optional(),
  /** Messages per second the origination number may send (toll-free 3); shared by the worker instances. */
  CARECAST_SMS_MAX_SEND_RATE: z.coerce.number().positive().optional(),
  CARECAST_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(1),
  /** Transient (soft) bounces of one address before it is suppressed (O3). */
  CARECAST_TRANSIENT_BOUNCE_LIMIT: z.coerce.number().int().min(1).max(100).default(3),
  /** Staff console (issue 6): issuer and audience (app client id) staff JWTs must carry (Cognito in AWS). */
  CARECAST_STAFF_ISSUER: z.string().url().optional(),
  CARECAST_STAFF_AUDIENCE: z.string().min(1).optional(),
  /** Where the issuer's signing keys are; Cognito's `<issuer>/.well-known/jwks.json` when absent. */
  CARECAST_STAFF_JWKS_URL: z.string().url().optional(),
  /** Local mode only: the HS256 key local staff tokens are signed with (refused in AWS). */
  CARECAST_STAFF_LOCAL_KEY: z.string().min(43).optional(),
  /**
   * AWS browser sign-in (Cognito managed login, authorization code + PKCE): the user pool
   * domain's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`), the public app
   * client's id (defaults to CARECAST_STAFF_AUDIENCE) and the registered callback URL (defaults
   * to `<public base URL>/admin/callback`). Without a login URL, AWS has no browser sign-in.
   */
  CARECAST_STAFF_LOGIN_URL: z.string().url().optional(),
  CARECAST_STAFF_CLIENT_ID: z.string().min(1).optional(),
  CARECAST_STAFF_CALLBACK_URL: z.string().url().optional(),
  /** Addresses and numbers staff test messages may go to (besides the signed-in user's own email). */
  CARECAST_STAFF_TEST_RECIPIENTS: csv.optional(),
  /** Local mode only: a fault plan (JSON, functions/contract/FaultPlan.ts) for the chaos harness (issue 8). */
  CARECAST_FAULTS: z.string().min(2).optional(),
  /**
   * The secret CloudFront adds as x-carecast-origin-verify (issue 12, functions/http/clientIp.ts).
   * The stack always sets it (tests/infra/edge.test.ts); without it no viewer address is trusted.
   */
  CARECAST_ORIGIN_VERIFY: z.string().min(32).optional(),
  /** Confirmation-message ceilings per clock hour (issue 12, functions/domain/confirmationCeilings.ts). */
  CARECAST_CONFIRM_SMS_PER_HOUR: z.coerce.number().int().min(0).default(100),
  CARECAST_CONFIRM_SMS_PER_COUNTRY_PER_HOUR: z.coerce.number().int().min(0).default(80),
  CARECAST_CONFIRM_SMS_PER_AREA_CODE_PER_HOUR: z.coerce.number().int().min(0).default(10),
  CARECAST_CONFIRM_EMAIL_PER_HOUR: z.coerce.number().int().min(0).default(500),
  CARECAST_CONFIRM_EMAIL_PER_DOMAIN_PER_HOUR: z.coerce.number().int().min(0).default(200),
  /** ISO 3166 countries signup texts may go to (default US and Canada: SMS pumping targets premium routes). */
  CARECAST_SMS_COUNTRIES: csv.default(['US', 'CA']),
});

export type Config = Readonly<{
  mode: 'aws' | 'local';
  region: string;
  tableName: string;
  endpoints: { dynamodb?: string; ses?: string; sns?: string };
  sendQueueUrl?: string;
  publicBaseUrl: string;
  allowedOrigins: string[];
  fromAddress: string;
  replyTo?: string;
  unsubscribeMailto?: string;
  sesConfigurationSet: string;
  bookingInbox: string;
  smsOrigination?: string;
  smsSenderId?: string;
  signingKeysJson?: string;
  signingSecretArn?: string;
  signingKeyId: string;
  clinic: ClinicProfile;
  defaultSequenceId: string;
  linkAllowList?: string[];
  rateLimitPerMinute: number;
  providerTimeoutMs: number;
  /** DynamoDB attempts per request (SDK standard retry mode: full-jitter exponential backoff, retry quota). */
  dynamoMaxAttempts: number;
  /** Milliseconds an UNKNOWN email waits for its SES event before a resend; undefined = never. */
  unknownEmailResendAfterMs?: number;
  /** Milliseconds an UNKNOWN text waits for its SNS delivery-status record before a resend; undefined = never. */
  unknownTextResendAfterMs?: number;
  sesMaxSendRate?: number;
  /** The origination number's messages per second (issue 17: toll-free numbers take 3). */
  smsMaxSendRate?: number;
  workerConcurrency: number;
  transientBounceLimit: number;
  staff: {
    issuer?: string;
    audience?: string;
    jwksUrl?: string;
    localKey?: string;
    testRecipients: string[];
    /** Cognito managed login (AWS only): user pool domain base URL, app client id, callback URL. */
    loginUrl?: string;
    clientId?: string;
    callbackUrl: string;
  };
  /** Faults to inject at the SDK clients; local mode only (issue 8). */
  faults?: FaultPlan;
  /** CloudFront's secret origin header value; absent in local mode (no viewer header is trusted). */
  originVerify?: string;
  confirmationCeilings: ConfirmationCeilings;
}>;

/** Parses an environment into a frozen Config; throws with every problem listed. */
export const parseConfig = (env: NodeJS.ProcessEnv): Config => {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid Carecast configuration: ${problems}`);
  }
  const e = parsed.data;
  const clinic = ClinicProfile.parse(JSON.parse(e.CARECAST_CLINIC));
  // RFC 8058: List-Unsubscribe must carry an https URI; only local mode may serve plain http.
  if (e.CARECAST_MODE === 'aws' && !e.CARECAST_PUBLIC_BASE_URL.startsWith('https://')) {
    throw new Error('Invalid Carecast configuration: CARECAST_PUBLIC_BASE_URL must be https in AWS');
  }
  // A local HS256 staff key must never stand in for Cognito in AWS (issue 6).
  if (e.CARECAST_MODE === 'aws' && e.CARECAST_STAFF_LOCAL_KEY) {
    throw new Error('Invalid Carecast configuration: CARECAST_STAFF_LOCAL_KEY is for local mode only');
  }
  // Fault injection exists for the chaos harness; it must never be switched on in AWS (issue 8).
  if (e.CARECAST_MODE === 'aws' && e.CARECAST_FAULTS) {
    throw new Error('Invalid Carecast configuration: CARECAST_FAULTS is for local mode only');
  }
  const faults = e.CARECAST_FAULTS ? parseFaultPlan(e.CARECAST_FAULTS) : undefined;
  const base = e.CARECAST_PUBLIC_BASE_URL.replace(/\/$/, '');
  return Object.freeze({
    mode: e.CARECAST_MODE,
    region: e.AWS_REGION,
    tableName: e.CARECAST_TABLE_NAME,
    endpoints: {
      ...(e.CARECAST_DYNAMODB_ENDPOINT ? { dynamodb: e.CARECAST_DYNAMODB_ENDPOINT } : {}),
      ...(e.CARECAST_SES_ENDPOINT ? { ses: e.CARECAST_SES_ENDPOINT } : {}),
      ...(e.CARECAST_SNS_ENDPOINT ? { sns: e.CARECAST_SNS_ENDPOINT } : {}),
    },
    ...(e.CARECAST_SEND_QUEUE_URL ? { sendQueueUrl: e.CARECAST_SEND_QUEUE_URL } : {}),
    publicBaseUrl: base,
    allowedOrigins: e.CARECAST_ALLOWED_ORIGINS ?? [new URL(base).origin],
    fromAddress: e.CARECAST_FROM_ADDRESS,
    ...(e.CARECAST_REPLY_TO ? { replyTo: e.CARECAST_REPLY_TO } : {}),
    ...(e.CARECAST_UNSUBSCRIBE_MAILTO ? { unsubscribeMailto: e.CARECAST_UNSUBSCRIBE_MAILTO } : {}),
    sesConfigurationSet: e.CARECAST_SES_CONFIGURATION_SET,
    bookingInbox: e.CARECAST_BOOKING_INBOX,
    ...(e.CARECAST_SMS_ORIGINATION ? { smsOrigination: e.CARECAST_SMS_ORIGINATION } : {}),
    ...(e.CARECAST_SMS_SENDER_ID ? { smsSenderId: e.CARECAST_SMS_SENDER_ID } : {}),
    ...(e.CARECAST_SIGNING_KEYS ? { signingKeysJson: e.CARECAST_SIGNING_KEYS } : {}),
    ...(e.CARECAST_SIGNING_SECRET_ARN ? { signingSecretArn: e.CARECAST_SIGNING_SECRET_ARN } : {}),
    signingKeyId: e.CARECAST_SIGNING_KEY_ID,
    clinic,
    defaultSequenceId: e.CARECAST_DEFAULT_SEQUENCE,
    ...(e.CARECAST_LINK_ALLOWLIST ? { linkAllowList: e.CARECAST_LINK_ALLOWLIST.map((h) => (h.includes('://') ? h : `https://${h}`)) } : {}),
    rateLimitPerMinute: e.CARECAST_RATE_LIMIT_PER_MINUTE,
    providerTimeoutMs: e.CARECAST_PROVIDER_TIMEOUT_MS,
    dynamoMaxAttempts: e.CARECAST_DYNAMODB_MAX_ATTEMPTS,
    ...(e.CARECAST_UNKNOWN_EMAIL_RESEND_MINUTES > 0 ? { unknownEmailResendAfterMs: e.CARECAST_UNKNOWN_EMAIL_RESEND_MINUTES * 60_000 } : {}),
    ...(e.CARECAST_UNKNOWN_TEXT_RESEND_MINUTES > 0 ? { unknownTextResendAfterMs: e.CARECAST_UNKNOWN_TEXT_RESEND_MINUTES * 60_000 } : {}),
    ...(e.CARECAST_SES_MAX_SEND_RATE ? { sesMaxSendRate: e.CARECAST_SES_MAX_SEND_RATE } : {}),
    ...(e.CARECAST_SMS_MAX_SEND_RATE ? { smsMaxSendRate: e.CARECAST_SMS_MAX_SEND_RATE } : {}),
    workerConcurrency: e.CARECAST_WORKER_CONCURRENCY,
    transientBounceLimit: e.CARECAST_TRANSIENT_BOUNCE_LIMIT,
    staff: {
      ...(e.CARECAST_STAFF_ISSUER ? { issuer: e.CARECAST_STAFF_ISSUER } : {}),
      ...(e.CARECAST_STAFF_AUDIENCE ? { audience: e.CARECAST_STAFF_AUDIENCE } : {}),
      ...(e.CARECAST_STAFF_JWKS_URL || e.CARECAST_STAFF_ISSUER
        ? { jwksUrl: e.CARECAST_STAFF_JWKS_URL ?? `${e.CARECAST_STAFF_ISSUER}/.well-known/jwks.json` }
        : {}),
      ...(e.CARECAST_STAFF_LOCAL_KEY ? { localKey: e.CARECAST_STAFF_LOCAL_KEY } : {}),
      testRecipients: e.CARECAST_STAFF_TEST_RECIPIENTS ?? [],
      ...(e.CARECAST_STAFF_LOGIN_URL ? { loginUrl: e.CARECAST_STAFF_LOGIN_URL.replace(/\/$/, '') } : {}),
      ...(e.CARECAST_STAFF_CLIENT_ID || e.CARECAST_STAFF_AUDIENCE ? { clientId: e.CARECAST_STAFF_CLIENT_ID ?? e.CARECAST_STAFF_AUDIENCE } : {}),
      callbackUrl: e.CARECAST_STAFF_CALLBACK_URL ?? `${base}/admin/callback`,
    },
    ...(faults ? { faults } : {}),
    ...(e.CARECAST_ORIGIN_VERIFY ? { originVerify: e.CARECAST_ORIGIN_VERIFY } : {}),
    confirmationCeilings: {
      smsPerHour: e.CARECAST_CONFIRM_SMS_PER_HOUR,
      smsPerCountryPerHour: e.CARECAST_CONFIRM_SMS_PER_COUNTRY_PER_HOUR,
      smsPerAreaCodePerHour: e.CARECAST_CONFIRM_SMS_PER_AREA_CODE_PER_HOUR,
      emailPerHour: e.CARECAST_CONFIRM_EMAIL_PER_HOUR,
      emailPerDomainPerHour: e.CARECAST_CONFIRM_EMAIL_PER_DOMAIN_PER_HOUR,
      smsCountries: e.CARECAST_SMS_COUNTRIES.map((c) => c.toUpperCase()),
    },
  });
};

let cached: Config | undefined;
/** The process-wide Config, parsed on first use (cold start). */
export const config = (): Config => (cached ??= parseConfig(process.env));
/** Local mode (at start) and tests re-read the environment after changing it. */
export const reloadConfig = (): void => {
  cached = undefined;
};
