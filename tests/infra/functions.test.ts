import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config.js';
import { deployedRoutes, routes, workers } from '../../functions/contract/routes.js';
import { deployedHandlers, FEEDBACK_HANDLER, SMS_DELIVERY_STATUS_HANDLER, functionNeeds, handlerEntryPath } from '../../infra/FunctionCatalog.js';
import { INFRA_ONLY_VARIABLES } from '../../infra/FunctionEnvironment.js';
import { functionLogicalId, logicalIdOf, PLACEHOLDER_HANDLER, realOrPlaceholder, resourcesOf, type Synthesised, synthCarecast } from './support/synthCarecast.js';
import { concurrencyPlan } from '../../infra/ConcurrencyPlan.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let s: Synthesised;
beforeAll(() => {
  // The real handler modules, bundled as `npm run synth` bundles them (placeholder only while one is missing).
  s = synthCarecast({ entryFor: realOrPlaceholder });
}, LOAD_BOUND_MS);
afterAll(() => s?.cleanup());

const expectedHandlers = [...new Set([...deployedRoutes.map((r) => r.handler), ...Object.values(workers).map((w) => w.handler), FEEDBACK_HANDLER, SMS_DELIVERY_STATUS_HANDLER])];
const fnProps = (handler: string): Record<string, any> => s.template.toJSON().Resources[functionLogicalId(s, handler)].Properties;

describe('Functions: one Lambda per handler module', () => {
  it('every handler module the stack deploys exists in functions/handlers and exports handler', () => {
    const missing = expectedHandlers.filter((h) => !existsSync(handlerEntryPath(h))).map(handlerEntryPath);
    const noExport = expectedHandlers
      .filter((h) => existsSync(handlerEntryPath(h)))
      .filter((h) => !/export\s+(const|async function|function|let)\s+handler\b|export\s*\{[^}]*\bhandler\b/.test(readFileSync(handlerEntryPath(h), 'utf8')))
      .map(handlerEntryPath);

    expect(missing, `handler modules not written yet (the stack cannot deploy without them): ${missing.join(', ')}`).toEqual([]);
    expect(noExport, `handler modules that do not export \`handler\`: ${noExport.join(', ')}`).toEqual([]);
  });

  it('deploys exactly the handlers of deployed routes, the workers, the SES feedback and SMS delivery-status consumers', () => {
    expect(deployedHandlers().map((e) => e.handler).sort()).toEqual([...expectedHandlers].sort());
    // Plus haltSending, which only a CloudWatch alarm invokes (infra/SendSafety.ts).
    expect(Object.keys(resourcesOf(s.template, 'AWS::Lambda::Function'))).toHaveLength(expectedHandlers.length + 1);
  });

  it('never deploys a handler used only by localOnly routes', () => {
    const localOnlyHandlers = routes.filter((r) => r.localOnly && !deployedRoutes.some((d) => d.handler === r.handler)).map((r) => r.handler);

    expect(localOnlyHandlers.length).toBeGreaterThan(0);
    for (const h of localOnlyHandlers) expect(s.stack.functions.byHandler.has(h), h).toBe(false);
  });

  it('declares the needs of every deployed handler, and of no handler module that does not exist', () => {
    const declared = Object.keys(functionNeeds);
    const stale = declared.filter((h) => !expectedHandlers.includes(h) && !existsSync(handlerEntryPath(h)));

    for (const h of expectedHandlers) expect(declared, h).toContain(h);
    expect(stale, 'entries in infra/FunctionCatalog.ts for handlers that neither deploy nor exist').toEqual([]);
  });

  it.each(expectedHandlers.map((handler) => ({ handler })))('$handler runs Node 22 on arm64 with JSON logs to its own encrypted log group', ({ handler }) => {
    const p = fnProps(handler);
    const logGroupId = s.stack.getLogicalId(s.stack.functions.logGroups.get(handler)?.node.defaultChild as never);

    expect(p.Runtime).toBe('nodejs22.x');
    expect(p.Architectures).toEqual(['arm64']);
    expect(p.Handler).toBe('index.handler');
    expect(p.LoggingConfig).toEqual({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: { Ref: logGroupId } });
    expect(p.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it('gives every log group a retention and the customer-managed key', () => {
    const groups = Object.values(resourcesOf(s.template, 'AWS::Logs::LogGroup'));

    expect(groups.length).toBeGreaterThanOrEqual(expectedHandlers.length);
    for (const g of groups) {
      expect(g.Properties?.RetentionInDays).toBe(s.config.logRetentionDays);
      expect(g.Properties?.KmsKeyId).toBeDefined();
    }
  });

  it('ships Chart.js inside the adminAssets bundle, beside the handler that serves it (no node_modules in Lambda)', () => {
    expect(realOrPlaceholder('adminAssets')).not.toBe(PLACEHOLDER_HANDLER);
    const asset = s.stack.functions.get('adminAssets').node.findChild('Code').node.findChild('Stage') as unknown as { absoluteStagedPath: string };
    const chart = readFileSync(`${asset.absoluteStagedPath}/chart.umd.min.js`, 'utf8');

    expect(chart).toMatch(/Chart\.js v4/);
    expect(chart).toBe(readFileSync('node_modules/chart.js/dist/chart.umd.min.js', 'utf8'));
    expect(readFileSync(`${asset.absoluteStagedPath}/index.mjs`, 'utf8')).toContain('chart.umd.min.js');
    const other = s.stack.functions.get('adminPages').node.findChild('Code').node.findChild('Stage') as unknown as { absoluteStagedPath: string };
    expect(existsSync(`${other.absoluteStagedPath}/chart.umd.min.js`)).toBe(false);
  });

  it('bundles the real handler module, minified ESM with a source map, locally (no Docker)', () => {
    expect(realOrPlaceholder('dispatch')).not.toBe(PLACEHOLDER_HANDLER);
    const fn = s.stack.functions.get('dispatch');
    const asset = fn.node.findChild('Code').node.findChild('Stage') as unknown as { absoluteStagedPath: string };
    const code = readFileSync(`${asset.absoluteStagedPath}/index.mjs`, 'utf8');

    expect(existsSync(`${asset.absoluteStagedPath}/index.mjs.map`)).toBe(true);
    expect(code).toContain('dynamodb'); // the AWS SDK is bundled with the handler, not taken from the runtime
    // Minified: whitespace is gone, so lines are long (multi-line strings keep their newlines).
    expect(code.length / code.split('\n').length).toBeGreaterThan(500);
    expect(code.startsWith("import { createRequire as __carecastRequire } from 'node:module'")).toBe(true);
  });

  it('sets every CARECAST_* variable functions/config.ts needs, and the result parses', () => {
    const env = fnProps('sendWorker').Environment.Variables as Record<string, unknown>;
    // Tokens resolve at deploy time; a stand-in long enough for the origin secret's minimum takes their place.
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : `token-${k}-${'x'.repeat(32)}`]));

    const config = parseConfig(resolved);

    expect(config.mode).toBe('aws');
    expect(config.clinic).toEqual(s.config.clinic);
    expect(config.publicBaseUrl).toBe(s.config.site.publicBaseUrl);
    expect(config.allowedOrigins).toEqual(['https://learn.example-clinic.org']);
    expect(env).toMatchObject({
      CARECAST_TABLE_NAME: { Ref: logicalIdOf(s, s.stack.data.table) },
      CARECAST_SEND_QUEUE_URL: { Ref: logicalIdOf(s, s.stack.sendQueue.queue) },
      CARECAST_SES_CONFIGURATION_SET: { Ref: logicalIdOf(s, s.stack.sending.configurationSet) },
      CARECAST_SIGNING_SECRET_ARN: { Ref: logicalIdOf(s, s.stack.signingKey.secret) },
      CARECAST_FROM_ADDRESS: s.config.fromAddress,
      CARECAST_REPLY_TO: s.config.replyTo,
      CARECAST_BOOKING_INBOX: s.config.bookingInbox,
      CARECAST_SIGNING_KEY_ID: 'k1',
      CARECAST_LINK_ALLOWLIST: s.config.linkAllowList.join(','),
    });
    expect(JSON.parse(env.CARECAST_CLINIC as string)).toEqual(s.config.clinic);
  });

  it('sets only variable names functions/config.ts parses, plus the documented infra-only ones', () => {
    const source = readFileSync('functions/config.ts', 'utf8');
    const env = fnProps('subscribe').Environment.Variables as Record<string, unknown>;
    const unknown = Object.keys(env).filter((k) => k.startsWith('CARECAST_') && !source.includes(`${k}:`) && !(INFRA_ONLY_VARIABLES as readonly string[]).includes(k));

    expect(unknown).toEqual([]);
    expect(Object.keys(env)).not.toContain('CARECAST_DYNAMODB_ENDPOINT');
    expect(Object.keys(env)).not.toContain('CARECAST_SIGNING_KEYS');
  });

  it('gives schedule- and SNS-invoked functions a KMS-encrypted DLQ; API and SQS functions none', () => {
    for (const h of ['dispatch', 'smsInbound', FEEDBACK_HANDLER]) expect(fnProps(h).DeadLetterConfig?.TargetArn, h).toBeDefined();
    for (const h of ['subscribe', 'signupPage', 'sendWorker']) expect(fnProps(h).DeadLetterConfig, h).toBeUndefined();
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionLogicalId(s, 'dispatch') },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
  });

  it('runs one dispatcher at a time when reservations are on, finishing before the next tick', () => {
    expect(concurrencyPlan(true, 2).reservations[workers.dispatcher.handler]).toBe(1);
    expect(fnProps('dispatch').Timeout).toBeLessThan(workers.dispatcher.everyMinutes * 60);
  });

  it('gives each function its own role, with no AWS managed policy', () => {
    const roles = new Set(expectedHandlers.map((h) => JSON.stringify(fnProps(h).Role)));

    expect(roles.size).toBe(expectedHandlers.length);
    for (const h of expectedHandlers) {
      const roleId = (fnProps(h).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(s.template.toJSON().Resources[roleId].Properties.ManagedPolicyArns, h).toBeUndefined();
    }
  });
});
