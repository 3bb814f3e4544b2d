/**
 * Every Lambda function of the product, one per handler module in the catalog.
 *
 * Each function: esbuild bundle built locally (no Docker) as minified ESM with a source map,
 * Node 22 on arm64, JSON logs into its own KMS-encrypted log group with retention, its own role
 * holding only what FunctionCatalog grants, reserved concurrency, and the shared Carecast
 * environment. Asynchronously invoked functions (schedule, SNS) get a KMS-encrypted DLQ.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, type ICommandHooks, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundledFiles, type CatalogEntry } from './FunctionCatalog.js';
import { acknowledge } from './nag.js';

/** The one runtime of every function (engines: node >= 20; Node 20 left Lambda support in 2026). */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_22_X;
const ESBUILD_TARGET = 'node22';

const requireFromHere = createRequire(import.meta.url);

/** Lambda caps all environment variables of a function at 4 KB. */
const LAMBDA_ENV_LIMIT_BYTES = 4096;

/** Esbuild ESM output needs `require` for the few CommonJS dependencies that call it. */
const ESM_REQUIRE_SHIM = "import { createRequire as __carecastRequire } from 'node:module'; const require = __carecastRequire(import.meta.url);";

export interface FunctionSizing {
  timeout: Duration;
  memorySize: number;
  /** Reserved concurrency, only where it bounds something (infra/ConcurrencyPlan.ts); none by default. */
  reservedConcurrency?: number;
  /** Invoked asynchronously (EventBridge, SNS): failed events go to the async DLQ. */
  asyncInvoked: boolean;
  /** A DLQ of its own for failed async events (compliance events), instead of the shared one. */
  deadLetterQueue?: sqs.IQueue;
  /** Async events older than this are dropped to the DLQ (the dispatcher's ticks go stale). */
  maxEventAge?: Duration;
  retryAttempts?: number;
}

export interface FunctionsProps {
  entries: readonly CatalogEntry[];
  /** Handler name to absolute module path. */
  entryFiles: ReadonlyMap<string, string>;
  sizing: (entry: CatalogEntry) => FunctionSizing;
  environment: Readonly<Record<string, string>>;
  key: kms.IKey;
  logRetentionDays: number;
}

export class Functions extends Construct {
  readonly byHandler = new Map<string, NodejsFunction>();
  readonly logGroups = new Map<string, logs.LogGroup>();
  /** Failed asynchronous invocations of schedule- and SNS-triggered functions. */
  readonly asyncFailureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    assertEnvironmentFits(props.environment);

    this.asyncFailureQueue = new sqs.Queue(this, 'AsyncFailures', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    for (const entry of props.entries) {
      const fn = this.createFunction(entry, props);
      this.byHandler.set(entry.handler, fn);
    }
  }

  /** The function of a handler; throws if the catalog has none. */
  get(handler: string): NodejsFunction {
    const fn = this.byHandler.get(handler);
    if (!fn) throw new Error(`Functions: no function for handler "${handler}"`);
    return fn;
  }

  private createFunction(entry: CatalogEntry, props: FunctionsProps): NodejsFunction {
    const scope = new Construct(this, entry.handler);
    const sizing = props.sizing(entry);
    const logGroup = new logs.LogGroup(scope, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logGroups.set(entry.handler, logGroup);

    // A role per function, without AWSLambdaBasicExecutionRole: logs go to this group only.
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Carecast ${entry.handler}: only what infra/FunctionCatalog.ts grants`,
    });
    role.addToPolicy(new iam.PolicyStatement({ sid: 'OwnLogGroup', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    const fn = new NodejsFunction(scope, 'Function', {
      entry: props.entryFiles.get(entry.handler) as string,
      handler: 'handler',
      // Lambda descriptions stop at 256 characters; the console handlers serve dozens of routes.
      description: `Carecast ${entry.handler} (${entry.routeKeys.join(', ') || 'worker'})`.replace(/^(.{252}).{4,}$/s, '$1…)'),
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: sizing.memorySize,
      timeout: sizing.timeout,
      ...(sizing.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: sizing.reservedConcurrency } : {}),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      ...(sizing.asyncInvoked
        ? { deadLetterQueue: sizing.deadLetterQueue ?? this.asyncFailureQueue, retryAttempts: sizing.retryAttempts ?? 2, ...(sizing.maxEventAge ? { maxEventAge: sizing.maxEventAge } : {}) }
        : {}),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        charset: Charset.UTF8,
        logLevel: LogLevel.WARNING,
        // Bundle the pinned AWS SDK v3 rather than the runtime's copy: AWS and local mode run the same code.
        // `typescript` only: mjml (the console compiles messages at save time, issue 14) loads its config
        // through cosmiconfig, which requires typescript lazily for `.ts` config files we never have;
        // bundled, it would add 3.5 MB to the console handlers.
        externalModules: ['typescript'],
        ...shippedFiles(entry.handler),
      },
    });

    if (sizing.asyncInvoked) {
      // Lambda writes failed events to the DLQ with the function's role; the queue is KMS-encrypted.
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'AsyncDlqKey',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [props.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${Aws.REGION}.amazonaws.com` } },
        }),
      );
    } else {
      acknowledge(
        fn,
        'HIPAA.Security-LambdaDLQ',
        entry.kind === 'http'
          ? 'Invoked synchronously by API Gateway: the caller receives the error, and a function DLQ only ever receives asynchronous events.'
          : 'Invoked by an SQS event source mapping: failed messages are redriven to the send queue DLQ (maxReceiveCount from routes.ts), not a function DLQ.',
      );
    }
    if (sizing.reservedConcurrency === undefined) {
      acknowledge(
        fn,
        'HIPAA.Security-LambdaConcurrency',
        'Reserved concurrency only where it bounds something (the send worker and the dispatcher, infra/ConcurrencyPlan.ts): HTTP handlers are throttled at the API stage and edge, and reservations on every function fail the deploy in accounts below the quota (Lambda keeps 100 unreserved).',
      );
    }
    acknowledge(
      fn,
      'HIPAA.Security-LambdaInsideVPC',
      'The function reaches only AWS public service endpoints (DynamoDB, SES, SNS, SQS, Secrets Manager) over TLS with IAM auth and has no VPC resources to reach; a VPC would add NAT or endpoint cost without narrowing exposure.',
    );
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Pinned to nodejs22.x (supported until 2027), the newest runtime the project has verified; nodejs24.x is newer but unverified with the Powertools/MJML dependency set. Change FUNCTION_RUNTIME to move.',
    );
    return fn;
  }
}

/** Copies a handler's `bundledFiles` (FunctionCatalog.ts) from their packages into its bundle. */
const shippedFiles = (handler: string): { commandHooks?: ICommandHooks } => {
  const files = bundledFiles[handler] ?? [];
  if (files.length === 0) return {};
  const sources = files.map(({ module, file }) => {
    const path = join(dirname(requireFromHere.resolve(module)), file);
    if (!existsSync(path)) throw new Error(`Functions: ${handler} ships ${file} from ${module}, but ${path} does not exist`);
    return { path, file };
  });
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => sources.map(({ path, file }) => `cp "${path}" "${join(outputDir, file)}"`),
    },
  };
};

const assertEnvironmentFits = (env: Readonly<Record<string, string>>): void => {
  // Tokens render longer once resolved; leave head-room for ARNs and URLs.
  const bytes = Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + (v.includes('${Token[') ? 200 : Buffer.byteLength(v)), 0);
  if (bytes > LAMBDA_ENV_LIMIT_BYTES - 256) {
    throw new Error(`Functions: the Lambda environment is about ${bytes} bytes, over Lambda's 4 KB limit; shorten the clinic profile (CARECAST_CLINIC).`);
  }
};
