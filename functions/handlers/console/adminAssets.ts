/**
 * GET /admin/assets/{file}: the console's scripts from its own origin (no CDN, P10): Chart.js's
 * UMD build and the chart script. Public: they hold no data. Cached for a day; an unknown file
 * is a 404.
 *
 * In AWS the bundle has no node_modules: infra copies `chart.umd.min.js` beside the bundled
 * handler (`bundledFiles` in infra/FunctionCatalog.ts), and it is read from there. Local mode
 * reads it from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFound } from '../../domain/core/errors.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { BUILDER_SCRIPT } from '../../pages/admin/builder/builderScript.js';
import { CONSOLE_SCRIPT } from '../../pages/admin/consoleScript.js';
import { MESSAGE_EDITOR_SCRIPT } from '../../pages/admin/messages/messageEditorScript.js';

const require = createRequire(import.meta.url);
const sources: Record<string, () => string> = {
  // The package exports no UMD subpath: find it beside the main entry (dist/chart.cjs).
  'chart.umd.min.js': () => {
    const shipped = join(dirname(fileURLToPath(import.meta.url)), 'chart.umd.min.js');
    return readFileSync(existsSync(shipped) ? shipped : join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  },
  'console.js': () => CONSOLE_SCRIPT,
  'messages.js': () => MESSAGE_EDITOR_SCRIPT,
  'builder.js': () => BUILDER_SCRIPT,
};
const cache = new Map<string, string>();

export const handler = publicRoute(async (event) => {
  const file = event.pathParameters?.file ?? '';
  const load = Object.hasOwn(sources, file) ? sources[file] : undefined;
  if (!load) throw new NotFound('asset');
  let body = cache.get(file);
  if (body === undefined) cache.set(file, (body = load()));
  return { statusCode: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' }, body };
});
