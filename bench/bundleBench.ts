/**
 * Cold start: the minified bundle of every Lambda handler, built the way infra/Functions.ts
 * has CDK build it (esbuild, ESM, node22, minified, AWS SDK v3 bundled: `externalModules: []`),
 * and again with `@aws-sdk/*` left to the runtime for comparison. Also how long a fresh Node
 * process takes to import each deployed-style bundle, the part of a cold start our code owns.
 *
 * The metafile's inputs say whether mjml or html-to-text slipped into the send worker.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { loadDefaultClinicProfile } from '../functions/rendering/clinicProfile.js';
import { handlerGroups, handlerModule } from '../functions/contract/handlerModules.js';
import { deployedHandlers } from '../infra/FunctionCatalog.js';
import { formatTable } from './formatTable.js';
import { ms, summarize } from './summarize.js';

export const SEND_WORKER_LIMIT_BYTES = 1024 * 1024;
const HANDLERS_DIR = resolve('functions/handlers');
const BUILD_TIME_ONLY = /node_modules\/(mjml[^/]*|html-to-text|htmlparser2)\//;

/** Mirrors the `bundling` block of infra/Functions.ts (keep the two in step). */
const deployedOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __carecastRequire } from 'node:module'; const require = __carecastRequire(import.meta.url);" },
  charset: 'utf8',
  metafile: true,
  logLevel: 'silent',
};

export interface BundleRow {
  handler: string;
  deployed: boolean;
  bytes: number;
  bytesSdkExternal: number;
  buildTimeLibraries: string[];
  importMs?: number;
}

/** Every handler module (functions/contract/handlerModules.ts), by handler name. */
const handlerNames = (): string[] => Object.values(handlerGroups).flat().sort();

/** One esbuild run for every handler: each output is self-contained (no splitting). */
const bundleAll = async (names: string[], external: string[], outdir: string, write: boolean) => {
  const result = await build({
    ...deployedOptions,
    entryPoints: Object.fromEntries(names.map((n) => [n, join(HANDLERS_DIR, `${handlerModule(n)}.ts`)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    external,
    write,
  });
  const metafile = result.metafile as Metafile;
  const byHandler = new Map<string, { bytes: number; inputs: string[]; byPackage: Map<string, number> }>();
  for (const [path, out] of Object.entries(metafile.outputs)) {
    const byPackage = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const key = packageOf(input);
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
    byHandler.set(basename(path, '.mjs'), { bytes: out.bytes, inputs: Object.keys(out.inputs), byPackage });
  }
  return byHandler;
};

/** `zod` for node_modules/zod/v4/core/x.js, the folder for our own files (`functions/domain`, `build/templates`). */
const packageOf = (input: string): string => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  return pkg ?? `(ours) ${input.split('/').slice(0, 2).join('/')}`;
};

/** A deployed-shaped environment: several handlers parse Config at import, as they do at cold start. */
const deployedEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-west-2',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  CARECAST_MODE: 'aws',
  CARECAST_TABLE_NAME: 'carecast-main',
  CARECAST_PUBLIC_BASE_URL: 'https://carecast.example',
  CARECAST_FROM_ADDRESS: 'SoCal Pain Center <education@carecast.example>',
  CARECAST_SES_CONFIGURATION_SET: 'carecast',
  CARECAST_BOOKING_INBOX: 'bookings@carecast.example',
  CARECAST_SEND_QUEUE_URL: 'https://sqs.us-west-2.amazonaws.com/000000000000/carecast-send',
  CARECAST_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:us-west-2:000000000000:secret:carecast-signing',
  CARECAST_CLINIC: JSON.stringify(loadDefaultClinicProfile()),
  CARECAST_LOG_LEVEL: 'WARN',
});

/** Median wall time of `import()` of a bundle in a fresh Node process (module load + top-level code). */
const importMs = (file: string, runs: number): number | undefined => {
  const samples: number[] = [];
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
  try {
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: deployedEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      samples.push(Number(out.toString()));
    }
  } catch {
    return undefined;
  }
  return summarize(samples).median;
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export const runBundleBench = async (opts: { importRuns?: number } = {}): Promise<BundleRow[]> => {
  const names = handlerNames();
  const deployed = new Set(deployedHandlers().map((e) => e.handler));
  const dir = mkdtempSync(join(tmpdir(), 'carecast-bundles-'));
  try {
    const withSdk = await bundleAll(names, [], dir, true);
    const sdkExternal = await bundleAll(names, ['@aws-sdk/*'], join(dir, 'external'), false);
    const rows: BundleRow[] = names.map((handler) => {
      const a = withSdk.get(handler);
      const b = sdkExternal.get(handler);
      if (!a || !b) throw new Error(`esbuild produced no bundle for ${handler}`);
      const buildTimeLibraries = [...new Set(a.inputs.flatMap((p) => BUILD_TIME_ONLY.exec(p)?.[1] ?? []))];
      const imported = importMs(join(dir, `${handler}.mjs`), opts.importRuns ?? 3);
      return {
        handler,
        deployed: deployed.has(handler),
        bytes: a.bytes,
        bytesSdkExternal: b.bytes,
        buildTimeLibraries,
        ...(imported === undefined ? {} : { importMs: imported }),
      };
    });

    console.log('\nCold start: minified ESM bundles (esbuild, node22, as infra/Functions.ts builds them)\n');
    console.log(
      formatTable(
        rows.map((r) => ({
          handler: r.handler,
          deployed: r.deployed ? 'yes' : 'no',
          'SDK bundled (deployed)': kb(r.bytes),
          'SDK external': kb(r.bytesSdkExternal),
          'mjml / html-to-text': r.buildTimeLibraries.length ? r.buildTimeLibraries.join(', ') : 'absent',
          'import ms (fresh node)': r.importMs === undefined ? 'failed' : ms(r.importMs),
        })),
      ),
    );
    const worker = rows.find((r) => r.handler === 'sendWorker');
    const workerPackages = withSdk.get('sendWorker')?.byPackage;
    if (workerPackages) {
      console.log('\nSend worker bundle by package (SDK bundled), largest first\n');
      const top = [...workerPackages].sort((a, b) => b[1] - a[1]);
      const rest = top.slice(12).reduce((n, [, b]) => n + b, 0);
      console.log(
        formatTable([
          ...top.slice(0, 12).map(([name, bytes]) => ({ package: name, size: kb(bytes) })),
          { package: `${top.length - 12} others`, size: kb(rest) },
        ]),
      );
    }
    if (worker) {
      const met = worker.bytes < SEND_WORKER_LIMIT_BYTES && worker.buildTimeLibraries.length === 0;
      console.log(
        `\nTarget send worker < 1 MB (as deployed, SDK bundled) without mjml/html-to-text: ` +
          `${kb(worker.bytes)} (${(worker.bytes / 1024 / 1024).toFixed(2)} MB), ` +
          `${worker.buildTimeLibraries.length ? `contains ${worker.buildTimeLibraries.join(', ')}` : 'neither library in the metafile inputs'} → ${met ? 'MET' : 'NOT MET'}`,
      );
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
