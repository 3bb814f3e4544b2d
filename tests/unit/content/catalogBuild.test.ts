import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { catalogInputHash } from '../../../functions/rendering/build/inputHash.js';
import { templatePaths } from '../../../functions/rendering/build/templatePaths.js';

describe('the built catalog', () => {
  it('matches the current template sources (run npm run build:templates)', () => {
    expect(existsSync(templatePaths.catalog)).toBe(true);
    expect(readFileSync(templatePaths.catalogHash, 'utf8').trim()).toBe(catalogInputHash());
  });

  it('has the documented shape: email[id][lang] with subject, preheader, html, text, facts, sources; sms[id][lang].body', () => {
    const catalog = JSON.parse(readFileSync(templatePaths.catalog, 'utf8'));

    expect(Object.keys(catalog).sort()).toEqual(['email', 'sms']);
    expect(Object.keys(catalog.email.welcome.en).sort()).toEqual(['facts', 'html', 'preheader', 'sources', 'subject', 'text']);
    expect(Object.keys(catalog.sms.welcome.es)).toEqual(['body']);
  });
});

describe('the send-time renderer bundle', () => {
  it('contains neither mjml nor html-to-text and stays small (issue 3: worker under 1 MB)', async () => {
    const entry = fileURLToPath(new URL('../../../functions/rendering/index.ts', import.meta.url));

    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });

    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('liquidjs'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/(mjml|html-to-text|htmlparser2|sms-segments-calculator|yaml)\//.test(p))).toEqual([]);
    const bytes = result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
    expect(bytes).toBeLessThan(600 * 1024);
  });
});
