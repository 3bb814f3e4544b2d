/**
 * Builds and synthesises the Carecast stack once for a test file.
 *
 * Bundling is real (local esbuild, as in `npm run synth`). Most files bundle the one-line
 * placeholder for every handler: the template does not depend on handler code, and bundling a
 * dozen real handlers per file would cost most of the suite's time. functions.test.ts bundles
 * the real modules (`realOrPlaceholder`) and fails, naming them, while any is missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { Route } from '../../../functions/contract/routes.js';
import type { CarecastStack } from '../../../infra/CarecastStack.js';
import { createApp } from '../../../infra/createApp.js';
import type { DeployConfig } from '../../../infra/DeployConfig.js';
import { handlerEntryPath } from '../../../infra/FunctionCatalog.js';
import type { App } from 'aws-cdk-lib';

export const EXAMPLE_CONFIG = 'infra/config.example.json';
/**
 * The production values docs/deployment.md lists beside the sandbox-safe example: the SES
 * production rate, no sandbox recipients, reserved concurrency, and a toll-free number.
 */
export const PRODUCTION_CONTEXT: Readonly<Record<string, unknown>> = {
  'carecast:sendingRatePerSecond': 14,
  'carecast:sandboxRecipients': [],
  'carecast:reserveConcurrency': true,
  'carecast:sms': { originationNumber: '+18332217788', numberType: 'TOLL_FREE', monthlySpendLimitUsd: 20 },
};

export const PLACEHOLDER_HANDLER = resolve('tests/infra/fixtures/placeholderHandler.ts');

/** The real handler module if it exists, otherwise the placeholder fixture. */
export const realOrPlaceholder = (handler: string): string => {
  const real = resolve(handlerEntryPath(handler));
  return existsSync(real) ? real : PLACEHOLDER_HANDLER;
};

export interface SynthOptions {
  context?: Record<string, unknown>;
  nag?: boolean;
  routes?: readonly Route[];
  entryFor?: (handler: string) => string;
}

export interface Synthesised {
  app: App;
  stack: CarecastStack;
  config: DeployConfig;
  template: Template;
  /** Removes the temporary cloud assembly. */
  cleanup: () => void;
}

/** Synthesises the stack from the example config (plus overrides) into a temporary directory. */
export const synthCarecast = (options: SynthOptions = {}): Synthesised => {
  const outdir = mkdtempSync(join(tmpdir(), 'carecast-infra-'));
  const cleanup = () => rmSync(outdir, { recursive: true, force: true });
  try {
    const { app, stack, config } = createApp({
      appProps: { outdir, context: { 'carecast:config': EXAMPLE_CONFIG, ...options.context } },
      nag: options.nag ?? false,
      entryFor: options.entryFor ?? (() => PLACEHOLDER_HANDLER),
      ...(options.routes ? { routes: options.routes } : {}),
    });
    return { app, stack, config, template: Template.fromStack(stack), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
};

type CfnResource = { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown };

/** Resources of one type, keyed by logical id. */
export const resourcesOf = (template: Template, type: string): Record<string, CfnResource> =>
  template.findResources(type) as Record<string, CfnResource>;

export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every IAM statement in the template: identity policies, inline role policies, managed policies. */
export const iamStatements = (template: Template): Array<PolicyStatementJson & { policyId: string }> => {
  const out: Array<PolicyStatementJson & { policyId: string }> = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, r] of Object.entries(resourcesOf(template, type))) {
      const doc = r.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] };
      for (const s of doc.Statement) out.push({ ...s, policyId: id });
    }
  }
  for (const [id, r] of Object.entries(resourcesOf(template, 'AWS::IAM::Role'))) {
    for (const p of asArray(r.Properties?.Policies as Array<{ PolicyDocument: { Statement: PolicyStatementJson[] } }> | undefined)) {
      for (const s of p.PolicyDocument.Statement) out.push({ ...s, policyId: id });
    }
  }
  return out;
};

/** The logical id of the Lambda function built for a handler. */
export const functionLogicalId = (s: Synthesised, handler: string): string => s.stack.getLogicalId(s.stack.functions.get(handler).node.defaultChild as never);

/** The logical id of any construct's default CFN resource. */
export const logicalIdOf = (s: Synthesised, construct: { node: { defaultChild?: unknown } }): string => s.stack.getLogicalId(construct.node.defaultChild as never);

/** IAM statements attached to the role of one handler's function. */
export const statementsOfHandler = (s: Synthesised, handler: string): PolicyStatementJson[] => {
  const role = s.stack.functions.get(handler).role;
  const roleId = s.stack.getLogicalId(role?.node.defaultChild as never);
  return Object.values(resourcesOf(s.template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
};

/** Handlers whose role allows an action, sorted. */
export const handlersAllowed = (s: Synthesised, action: string): string[] =>
  [...s.stack.functions.byHandler.keys()]
    .filter((h) => statementsOfHandler(s, h).some((st) => st.Effect === 'Allow' && asArray(st.Action).includes(action)))
    .sort();
