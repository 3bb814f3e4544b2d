/**
 * Builds the CDK app: reads the deploy config from context, creates the two stacks (Carecast in
 * the caller's Region, CarecastEdge in us-east-1), and registers the cdk-nag AwsSolutions and
 * HIPAA.Security packs as synthesis-time validation plugins.
 *
 * infra/app.ts calls this with the CLI's context; tests call it with their own.
 */
import { Annotations, App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { Route } from '../functions/contract/routes.js';
import { CarecastStack } from './CarecastStack.js';
import { type DeployConfig, loadDeployConfig, webAclRequirement } from './DeployConfig.js';
import { EdgeProtectionStack } from './EdgeProtection.js';

export interface CreateAppOptions {
  appProps?: AppProps;
  /** Register the cdk-nag packs as validation plugins (default true). */
  nag?: boolean;
  entryFor?: (handler: string) => string;
  routes?: readonly Route[];
}

export interface CarecastApp {
  app: App;
  stack: CarecastStack;
  /** The us-east-1 web ACL stack (deploy it first; its WebAclArn output is site.webAclArn). */
  edge: EdgeProtectionStack;
  config: DeployConfig;
}

export const createApp = (options: CreateAppOptions = {}): CarecastApp => {
  const app = new App(options.appProps);
  const config = loadDeployConfig({ context: app.node.getAllContext() as Record<string, unknown> });
  const stack = new CarecastStack(app, config.stackName, {
    config,
    ...(options.entryFor ? { entryFor: options.entryFor } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  });
  const edge = new EdgeProtectionStack(app, `${config.stackName}Edge`, { resourcePrefix: config.resourcePrefix, logRetentionDays: config.logRetentionDays });
  // On the Carecast stack only: the CLI stops on errors of the stacks it selected, so the edge
  // stack that creates the web ACL synthesises and deploys first (docs/deployment.md).
  const missingWebAcl = webAclRequirement(config.site);
  if (missingWebAcl) Annotations.of(stack).addError(missingWebAcl);
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  }
  return { app, stack, edge, config };
};
