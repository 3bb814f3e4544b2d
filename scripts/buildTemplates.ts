/**
 * `npm run build:templates`: compiles templates/ into build/templates/catalog.json, and writes
 * build/templates/authoring.json (layout partials, sources, plain-language terms) for the console.
 *
 * Runs before `npm start` and `npm test`, so it skips the work when nothing it reads has changed
 * (a SHA-256 of the inputs sits next to the catalog). `--force` rebuilds anyway.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { catalogInputHash } from '../functions/rendering/build/inputHash.js';
import { templatePaths } from '../functions/rendering/build/templatePaths.js';

const started = performance.now();
const hash = catalogInputHash();
const upToDate =
  !process.argv.includes('--force') &&
  existsSync(templatePaths.catalog) &&
  existsSync(templatePaths.catalogPacked) &&
  existsSync(templatePaths.catalogHash) &&
  existsSync(templatePaths.authoring) &&
  readFileSync(templatePaths.catalogHash, 'utf8').trim() === hash;

if (upToDate) {
  console.log(`templates: catalog up to date (${elapsed()})`);
} else {
  try {
    // Imported only when needed: mjml takes most of a second to load.
    const { buildCatalog } = await import('../functions/rendering/build/buildCatalog.js');
    const catalog = await buildCatalog();
    mkdirSync(templatePaths.outDir, { recursive: true });
    const json = JSON.stringify(catalog);
    writeFileSync(templatePaths.catalog, json);
    // The Lambdas import the packed copy: brotli at maximum quality, decompressed once per cold start.
    const packed = brotliCompressSync(Buffer.from(json), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    writeFileSync(templatePaths.catalogPacked, JSON.stringify({ brotli: packed.toString('base64') }));
    // What the console compiles messages with at save time, imported (inlined) by its handlers.
    const { readAuthoringAssets } = await import('../functions/rendering/build/authoringAssets.js');
    writeFileSync(templatePaths.authoring, JSON.stringify(readAuthoringAssets()));
    writeFileSync(templatePaths.catalogHash, `${hash}\n`);
    const emails = Object.keys(catalog.email).length;
    const texts = Object.keys(catalog.sms).length;
    console.log(
      `templates: ${emails} emails and ${texts} texts -> build/templates/catalog.json ` +
        `(${(json.length / 1024).toFixed(0)} KB, ${elapsed()})`,
    );
  } catch (error) {
    console.error(`templates: build failed\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

function elapsed(): string {
  return `${Math.round(performance.now() - started)} ms`;
}
