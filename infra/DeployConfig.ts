/**
 * Deployment configuration: what a clinic must decide before `npm run deploy`.
 *
 * Read from CDK context. `carecast:config` names a JSON file (cdk.json points it at
 * infra/config.example.json); any field can be set or overridden with an individual context
 * key, `-c carecast:<field>=<value>`, dotted for nested fields (`-c carecast:sms.monthlySpendLimitUsd=5`).
 * Everything is validated with zod once, and every problem is reported in one error that
 * names the field and where to set it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { ClinicProfile } from '../functions/config.js';
import { defaultClinicProfilePath } from '../functions/rendering/clinicProfile.js';
import { loadClinicProfileFile, refuseUnshippableClinicProfile } from './deployClinicProfile.js';
import { INITIAL_SIGNING_KEY_ID } from './LinkSigningKey.js';

/** Context key naming the JSON config file. */
export const CONFIG_FILE_CONTEXT_KEY = 'carecast:config';
/** Prefix of the individual context keys (`carecast:senderDomain`). */
export const CONTEXT_PREFIX = 'carecast:';

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name such as example-clinic.org');

/** `someone@domain` or `Display Name <someone@domain>`; the part inside <> is what SES checks. */
const mailbox = z
  .string()
  .regex(/^(?:[^<>\r\n]+ )?<?[^\s<>@]+@[^\s<>@]+>?$/, 'must be an address, optionally with a display name: "Clinic <news@example.org>"');

/** The bare address of a mailbox. */
export const addressOf = (m: string): string => (m.match(/<([^>]+)>/)?.[1] ?? m).trim();

const csvList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(hostname).min(1, 'list at least one host that email links may point to (W10)'),
);

const positiveNumber = z.coerce.number().positive();

/**
 * Origination number for US texts (S11): a +1 E.164 10DLC or toll-free number. SNS Publish sends
 * it as AWS.MM.SMS.OriginationNumber, which takes a phone number (not a pool or ARN).
 */
const smsOrigination = z
  .string()
  .regex(/^\+1[2-9]\d{9}$/, 'must be a +1 E.164 number (the 10DLC or toll-free number registered for the program, S11/S12)')
  // NANP reserves 555-0100..0199 for fiction: the example's number must never pass for a real one.
  .refine((n) => !/^\+1\d{3}55501\d{2}$/.test(n), 'is a fictional 555-01XX placeholder; set the number End User Messaging gave you, or remove "sms" to launch email-only');

/** Boolean context values arrive as strings from `-c carecast:x=true`. */
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

const ClinicSource = ClinicProfile.optional();

/** End User Messaging number types Carecast sends from (US). */
export const SMS_NUMBER_TYPES = ['TOLL_FREE', 'TEN_DLC', 'SHORT_CODE'] as const;
export type SmsNumberType = (typeof SMS_NUMBER_TYPES)[number];

/**
 * Default messages per second by number type (AWS End User Messaging SMS quotas for US
 * numbers): toll-free 3; 10DLC depends on the campaign's vetting (1 is the safe floor, set
 * `sms.messagesPerSecond` to the granted rate); short code 100.
 */
export const SMS_DEFAULT_MPS: Readonly<Record<SmsNumberType, number>> = { TOLL_FREE: 3, TEN_DLC: 1, SHORT_CODE: 100 };

/** The number's messages per second: the configured rate, else the type's default. */
export const smsMessagesPerSecond = (sms: { numberType: SmsNumberType; messagesPerSecond?: number | undefined }): number =>
  sms.messagesPerSecond ?? SMS_DEFAULT_MPS[sms.numberType];

export const DeployConfigSchema = z
  .object({
    /** CloudFormation stack name. */
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/).default('Carecast'),
    /** Prefix of physical names (table, configuration set): `carecast-prod-main`. */
    resourcePrefix: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes').default('carecast-prod'),
    /** The domain SES verifies with Easy DKIM (E9, E11). */
    senderDomain: hostname,
    /** Custom MAIL FROM subdomain of senderDomain, for SPF alignment (E11). */
    mailFromSubdomain: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/).default('bounce'),
    /** From header; its address must be on senderDomain (E6). */
    fromAddress: mailbox,
    /** A monitored Reply-To address (E6). */
    replyTo: z.email(),
    /**
     * Refused (issue 17): nothing in the stack receives mail, so a mailto: in List-Unsubscribe
     * would be a dead address. One-click https unsubscribe (RFC 8058) is the path mailbox providers use.
     */
    unsubscribeMailto: z.email().optional(),
    /**
     * Use an SES identity for senderDomain that already exists in the account (created in the
     * console, e.g. by the production-access wizard) instead of creating AWS::SES::EmailIdentity,
     * which would fail with AlreadyExists.
     */
    existingSesIdentity: flag.default(false),
    /**
     * Reserve Lambda concurrency for the dispatcher and send worker (off by default: a new
     * account's quota is too low for any reservation; Lambda keeps 100 unreserved).
     */
    reserveConcurrency: flag.default(false),
    /** Where consultation requests go. */
    bookingInbox: z.email(),
    /** Clinic profile inline; if absent it is read from clinicProfilePath (default templates/clinic.yaml, as local mode). */
    clinic: ClinicSource,
    clinicProfilePath: z.string().min(1).optional(),
    /** Absent: an email-only launch, no number and no SMS resources. */
    sms: z
      .object({
        /** Origination number (S11), in the stack's Region (End User Messaging numbers are Regional). */
        originationNumber: smsOrigination,
        /** The number's type: sets the send rate (toll-free 3 messages/s) and the keywords. */
        numberType: z.enum(SMS_NUMBER_TYPES),
        /** Messages per second the number may send; defaults by type (SMS_DEFAULT_MPS). Set a 10DLC campaign's granted rate. */
        messagesPerSecond: positiveNumber.max(1000).optional(),
        /**
         * Declare the number as AWS::SMSVOICE::PhoneNumber (keywords, opt-out list, self-managed
         * opt-outs, two-way) to adopt with `cdk import` once the registration provisioned it.
         * Off: the same settings are applied with the CLI commands in docs/deployment.md.
         */
        manageNumber: flag.default(false),
        /** Optional sender id (not used for US destinations). */
        senderId: z.string().regex(/^[A-Za-z0-9-]{1,11}$/).optional(),
        /** The account's SNS SMS monthly spend limit; the alarm fires at 80 % of it (S12). */
        monthlySpendLimitUsd: positiveNumber.default(1),
      })
      .strict()
      .optional(),
    /** Hosts that tracked click redirects may lead to (W10). */
    linkAllowList: csvList,
    /**
     * SES sandbox only (O6): verified recipient addresses the send role may also name. In the
     * sandbox SES authorizes the recipient identity too; leave empty once production access is granted.
     */
    sandboxRecipients: z
      .preprocess((v) => (typeof v === 'string' ? v.replace(/^\[\]$/, '').split(',').map((x) => x.trim()).filter(Boolean) : v), z.array(z.email()))
      .default([]),
    /** The account's SES maximum send rate (messages per second); workers stay under 90 % of it (O8). */
    sendingRatePerSecond: positiveNumber.max(1000),
    site: z
      .object({
        /** Public https URL of the pages (the CloudFront alias), e.g. https://learn.example-clinic.org. */
        publicBaseUrl: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
        /** ACM certificate for the site's host name; CloudFront needs it in us-east-1. */
        certificateArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates only from there)'),
        /**
         * The AWS WAF web ACL (CLOUDFRONT scope, in us-east-1) from the CarecastEdge stack
         * (infra/EdgeProtection.ts): the distributed per-IP rate limits (W1, W2, issue 12).
         * The Carecast stack requires it unless `withoutWebAcl` is set, which only a non-production
         * stack may do (`webAclRequirement`). Not a schema rule: the config is read for both stacks,
         * and the edge stack that creates the ARN must synthesise and deploy before it exists.
         */
        webAclArn: z.string().regex(/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/).optional(),
        /** Non-production only: deploy without the web ACL (no distributed rate limits). */
        withoutWebAcl: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).default(false),
        /**
         * Host name of the HTTP API's custom domain that CloudFront uses as its origin (the
         * execute-api endpoint is disabled, issue 12), e.g. origin.learn.example-clinic.org.
         */
        originDomainName: z.string().regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i, 'must be a DNS host name'),
        /** ACM certificate for originDomainName in the stack's own Region (API Gateway custom domains are regional). */
        originCertificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'must be an ACM certificate ARN'),
      })
      .strict(),
    api: z
      .object({
        /** Steady-state requests per second across the API (W1). */
        rateLimit: positiveNumber.default(20),
        burstLimit: positiveNumber.default(40),
      })
      .strict()
      .default({ rateLimit: 20, burstLimit: 40 }),
    /**
     * Confirmation messages per clock hour before the form stops sending them (issue 12, SMS and
     * email pumping; docs/operations.md). Unset fields keep functions/config.ts's defaults.
     */
    confirmationCeilings: z
      .object({
        smsPerHour: z.coerce.number().int().min(0),
        smsPerCountryPerHour: z.coerce.number().int().min(0),
        smsPerAreaCodePerHour: z.coerce.number().int().min(0),
        emailPerHour: z.coerce.number().int().min(0),
        emailPerDomainPerHour: z.coerce.number().int().min(0),
        smsCountries: csvList,
      })
      .partial()
      .strict()
      .optional(),
    /** Optional address subscribed to the ops alarm topic. */
    opsEmail: z.email().optional(),
    logRetentionDays: z.coerce
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(365),
    /** Key id in the signing secret used for new tokens (W9); change it only after adding the key (rotation runbook). */
    signingKeyId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).default(INITIAL_SIGNING_KEY_ID),
    /**
     * Prefix of the staff sign-in domain, `https://<prefix>.auth.<region>.amazoncognito.com`
     * (Cognito managed login). Unique per Region across all AWS accounts; defaults to one derived
     * from senderDomain plus a short hash (infra/StaffLoginDomain.ts).
     */
    staffLoginDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and dashes, at most 63')
      .refine((p) => !/aws|amazon|cognito/.test(p), 'Cognito refuses domain prefixes containing aws, amazon or cognito')
      .optional(),
    defaultSequence: z.string().min(1).optional(),
    rateLimitPerMinute: z.coerce.number().int().positive().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const domain = addressOf(c.fromAddress).split('@')[1]?.toLowerCase();
    if (domain !== c.senderDomain) {
      ctx.addIssue({ code: 'custom', path: ['fromAddress'], message: `must be an address on senderDomain ${c.senderDomain} (E6)` });
    }
    if (c.unsubscribeMailto) {
      ctx.addIssue({
        code: 'custom',
        path: ['unsubscribeMailto'],
        message: 'nothing in the stack receives mail for this address, so those unsubscribes would be lost; remove it (List-Unsubscribe keeps the one-click https URL, RFC 8058)',
      });
    }
    // In the SES sandbox every recipient must be verified, the booking inbox included (O6).
    if (c.sandboxRecipients.length > 0 && !c.sandboxRecipients.includes(c.bookingInbox)) {
      ctx.addIssue({ code: 'custom', path: ['sandboxRecipients'], message: `must include bookingInbox ${c.bookingInbox}: in the SES sandbox booking notifications to an unverified inbox are refused` });
    }
  });

/**
 * Why the Carecast stack cannot deploy with this site config, or undefined when it can: a
 * production stack needs the CarecastEdge web ACL (W1, W2, issue 12). createApp reports it as an
 * error on the Carecast stack only, so `cdk synth|deploy CarecastEdge` works before the ARN exists
 * and `cdk synth|deploy Carecast` stops until it is set.
 */
export const webAclRequirement = (site: { webAclArn?: string | undefined; withoutWebAcl: boolean }): string | undefined =>
  site.webAclArn || site.withoutWebAcl
    ? undefined
    : 'site.webAclArn is required: deploy the CarecastEdge stack (us-east-1) first (npm run deploy:edge) and copy its WebAclArn output into site.webAclArn (or set site.withoutWebAcl for a non-production stack)';

/** Validated deployment configuration, with the clinic profile resolved. */
export type DeployConfig = Omit<z.infer<typeof DeployConfigSchema>, 'clinic'> & { clinic: ClinicProfile };

/** Sets `value` at a dotted path inside `target`. */
const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (node[part] = typeof next === 'object' && next !== null ? { ...(next as object) } : {}) as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
};

const formatIssues = (issues: readonly z.core.$ZodIssue[], source: string): string =>
  issues
    .map((i) => {
      const path = i.path.join('.') || '(root)';
      return `  - ${path}: ${i.message} (set "${path}" in ${source} or pass -c ${CONTEXT_PREFIX}${path}=...)`;
    })
    .join('\n');

export interface LoadDeployConfigOptions {
  /** All CDK context (`app.node.getAllContext()`). */
  context: Record<string, unknown>;
  /** Relative paths resolve from here (the project root, where cdk.json lives). */
  baseDir?: string;
}

/**
 * Merges the config file with individual context keys and validates the result.
 *
 * @throws Error listing every missing or malformed value, each with the key that sets it.
 * @example loadDeployConfig({ context: app.node.getAllContext() })
 */
export const loadDeployConfig = ({ context, baseDir = process.cwd() }: LoadDeployConfigOptions): DeployConfig => {
  const file = context[CONFIG_FILE_CONTEXT_KEY];
  let raw: Record<string, unknown> = {};
  let source = 'CDK context';
  if (typeof file === 'string' && file.length > 0) {
    const path = resolve(baseDir, file);
    if (!existsSync(path)) throw new Error(`Invalid Carecast deployment config: ${CONFIG_FILE_CONTEXT_KEY} points at ${file}, which does not exist.`);
    try {
      raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`Invalid Carecast deployment config: ${file} is not valid JSON`, { cause: e });
    }
    source = file;
  }
  for (const [key, value] of Object.entries(context)) {
    if (key.startsWith(CONTEXT_PREFIX) && key !== CONFIG_FILE_CONTEXT_KEY) setPath(raw, key.slice(CONTEXT_PREFIX.length), value);
  }
  delete raw.$comment;

  const parsed = DeployConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid Carecast deployment config:\n${formatIssues(parsed.error.issues, source)}`);
  }
  const { clinic: inline, ...rest } = parsed.data;
  const clinicPath = rest.clinicProfilePath ? resolve(baseDir, rest.clinicProfilePath) : defaultClinicProfilePath;
  const clinic = inline ?? loadClinicProfileFile(clinicPath);
  refuseUnshippableClinicProfile(clinic, inline ? source : clinicPath);
  return { ...rest, clinic };
};
