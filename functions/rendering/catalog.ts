/**
 * The compiled template catalog, bundled into the Lambdas brotli-compressed (about a tenth of
 * the JSON's size, issue 3: send worker bundle under 1 MB) and unpacked once per cold start.
 *
 * Built by `npm run build:templates`; if this import fails, run that first.
 */
import { brotliDecompressSync } from 'node:zlib';
import packed from '../../build/templates/catalog.packed.json' with { type: 'json' };
import type { TemplateCatalog } from './templateCatalog.js';

export const catalog: TemplateCatalog = JSON.parse(brotliDecompressSync(Buffer.from(packed.brotli, 'base64')).toString('utf8'));
