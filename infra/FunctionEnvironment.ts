/**
 * The environment every Carecast Lambda gets, checked against functions/config.ts at synth.
 *
 * Variable names are the ones functions/config.ts parses. The stack proves it with
 * `parseConfig` before deploying: if config.ts gains a required variable the stack does not
 * set, or a value the stack sets is malformed, synthesis fails here instead of the first
 * invocation failing in AWS. Values that are CloudFormation tokens (table name, queue URL, ARNs)
 * pass as opaque strings.
 */
import { Token } from 'aws-cdk-lib';
import { parseConfig } from '../functions/config.js';
import type { DeployConfig } from './DeployConfig.js';
import { addressOf, smsMessagesPerSecond } from './DeployConfig.js';
import { sendWorkerConcurrency } from './Dispatch.js';

/** Variables infra sets that functions/config.ts does not parse (none today). */
export const INFRA_ONLY_VARIABLES = [] as const;

export interface DeployedResources {
  tableName: string;
  sendQueueUrl: string;
  configurationSetName: string;
  signingSecretArn: string;
  /** The origin-verify header value (a deploy-time dynamic reference, infra/OriginVerify.ts). */
  originVerify: string;
}

/** The origin secret resolves at deploy time; a stand-in of its length takes its place for the checks. */
const withOriginStandIn = (env: Readonly<Record<string, string>>): Record<string, string> => ({
  ...env,
  ...(env.CARECAST_ORIGIN_VERIFY && Token.isUnresolved(env.CARECAST_ORIGIN_VERIFY) ? { CARECAST_ORIGIN_VERIFY: 'x'.repeat(48) } : {}),
});

/** The confirmation ceilings the deploy config sets (issue 12), as functions/config.ts's variables. */
const ceilingVariables = (config: DeployConfig): Record<string, string> => {
  const c = config.confirmationCeilings ?? {};
  const vars: Record<string, number | string[] | undefined> = {
    CARECAST_CONFIRM_SMS_PER_HOUR: c.smsPerHour,
    CARECAST_CONFIRM_SMS_PER_COUNTRY_PER_HOUR: c.smsPerCountryPerHour,
    CARECAST_CONFIRM_SMS_PER_AREA_CODE_PER_HOUR: c.smsPerAreaCodePerHour,
    CARECAST_CONFIRM_EMAIL_PER_HOUR: c.emailPerHour,
    CARECAST_CONFIRM_EMAIL_PER_DOMAIN_PER_HOUR: c.emailPerDomainPerHour,
    CARECAST_SMS_COUNTRIES: c.smsCountries,
  };
  return Object.fromEntries(Object.entries(vars).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(',') : String(v)]])));
};

/** Builds the shared Lambda environment from the deploy config and the stack's resources. */
export const functionEnvironment = (config: DeployConfig, resources: DeployedResources): Record<string, string> => {
  const env: Record<string, string> = {
    CARECAST_MODE: 'aws',
    CARECAST_TABLE_NAME: resources.tableName,
    CARECAST_SEND_QUEUE_URL: resources.sendQueueUrl,
    CARECAST_PUBLIC_BASE_URL: config.site.publicBaseUrl.replace(/\/$/, ''),
    CARECAST_ALLOWED_ORIGINS: new URL(config.site.publicBaseUrl).origin,
    CARECAST_FROM_ADDRESS: config.fromAddress,
    CARECAST_REPLY_TO: config.replyTo,
    CARECAST_SES_CONFIGURATION_SET: resources.configurationSetName,
    CARECAST_BOOKING_INBOX: config.bookingInbox,
    CARECAST_SIGNING_SECRET_ARN: resources.signingSecretArn,
    CARECAST_SIGNING_KEY_ID: config.signingKeyId,
    CARECAST_ORIGIN_VERIFY: resources.originVerify,
    CARECAST_CLINIC: JSON.stringify(config.clinic),
    // O8: each worker instance keeps to its share of 90 % of the account's sending rate.
    CARECAST_SES_MAX_SEND_RATE: String(config.sendingRatePerSecond),
    CARECAST_WORKER_CONCURRENCY: String(sendWorkerConcurrency(config.sendingRatePerSecond)),
    CARECAST_LINK_ALLOWLIST: config.linkAllowList.join(','),
    ...(config.unsubscribeMailto ? { CARECAST_UNSUBSCRIBE_MAILTO: config.unsubscribeMailto } : {}),
    // Email-only launches have no number (issue 17); the texter's rate follows the number type.
    ...(config.sms ? { CARECAST_SMS_ORIGINATION: config.sms.originationNumber, CARECAST_SMS_MAX_SEND_RATE: String(smsMessagesPerSecond(config.sms)) } : {}),
    ...(config.sms?.senderId ? { CARECAST_SMS_SENDER_ID: config.sms.senderId } : {}),
    ...(config.defaultSequence ? { CARECAST_DEFAULT_SEQUENCE: config.defaultSequence } : {}),
    ...ceilingVariables(config),
    ...(config.rateLimitPerMinute ? { CARECAST_RATE_LIMIT_PER_MINUTE: String(config.rateLimitPerMinute) } : {}),
  };
  try {
    const parsed = parseConfig(withOriginStandIn(env));
    if (parsed.mode !== 'aws' || addressOf(parsed.fromAddress) !== addressOf(config.fromAddress)) throw new Error('round trip changed values');
  } catch (e) {
    throw new Error(`functions/config.ts rejects the Lambda environment the stack builds (infra/FunctionEnvironment.ts): ${(e as Error).message}`, { cause: e });
  }
  return env;
};

/**
 * The staff user pool's variables (StaffAuth.environment()), added to the functions that need
 * them (`staffAuth` in FunctionCatalog.ts), checked with the shared environment by parseConfig.
 * Their values are CloudFormation tokens; a stand-in URL takes their place for the check.
 */
export const checkedStaffEnvironment = (shared: Readonly<Record<string, string>>, staff: Readonly<Record<string, string>>): Record<string, string> => {
  const probe = Object.fromEntries(Object.entries(staff).map(([k, v]) => [k, Token.isUnresolved(v) ? 'https://resolved-at-deploy.invalid' : v]));
  try {
    parseConfig({ ...withOriginStandIn(shared), ...probe });
  } catch (e) {
    throw new Error(`functions/config.ts rejects the staff variables the stack builds (infra/StaffAuth.ts): ${(e as Error).message}`, { cause: e });
  }
  return { ...staff };
};
