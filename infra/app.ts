/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). Environment-agnostic: synthesises offline
 * with no AWS credentials; `cdk deploy` takes account and region from the caller's profile.
 */
import { createApp } from './createApp.js';

createApp();
