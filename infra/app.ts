/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). Environment-agnostic: synthesises offline
 * with no AWS credentials; `cdk deploy` takes account and region from the caller's profile.
 * Prints the Lambda concurrency the account needs, so the quota is checked before a deploy.
 */
import { describeConcurrencyPlan } from './ConcurrencyPlan.js';
import { createApp } from './createApp.js';

const { stack } = createApp();
process.stderr.write(`${describeConcurrencyPlan(stack.concurrency)}\n`);
