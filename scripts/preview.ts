/**
 * `npm run preview`: renders every template in both languages with sample data into preview/
 * (open preview/index.html), then prints the readability of every patient email (issue 18).
 * Uses the built catalog, so run `npm run build:templates` first.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCatalogReadability, readabilityTable } from '../functions/readability/catalogReadability.js';
import { renderPreviewGallery } from '../functions/rendering/previewGallery.js';

const outDir = fileURLToPath(new URL('../preview/', import.meta.url));
const files = await renderPreviewGallery();
rmSync(outDir, { recursive: true, force: true });
for (const [path, file] of files) {
  const target = join(outDir, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.body);
}
console.log(`preview: ${files.size} files -> preview/index.html`);
const readability = await measureCatalogReadability();
console.log(`\nReadability of patient emails (body only; English FK and SMOG <= 8, Spanish INFLESZ >= 65):\n\n${readabilityTable(readability)}`);
