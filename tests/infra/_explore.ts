import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../infra/createApp.js';
const t0 = Date.now();
const { app, stack } = createApp({
  nag: false,
  appProps: { context: { 'carecast:config': 'infra/config.example.json' }, outdir: '/tmp/cc/out' },
  entryFor: (h) => { const p = resolve(`functions/handlers/${h}.ts`); return resolve('tests/infra/fixtures/placeholderHandler.ts'); },
});
const t1 = Date.now();
const template = Template.fromStack(stack);
const t2 = Date.now();
console.log('construct', t1 - t0, 'synth', t2 - t1);
for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()]) {
  const r = pack.validateScope(app);
  for (const v of r.violations) console.log(v.severity, v.ruleName, v.violatingResources.map((x) => x.constructPath).join(' | '));
}
const res = template.toJSON().Resources;
const types: Record<string, number> = {};
for (const r of Object.values<any>(res)) types[r.Type] = (types[r.Type] ?? 0) + 1;
console.log(types);
