/**
 * `npm run preview`: renders every template in both languages with sample data into preview/
 * (open preview/index.html). Uses the built catalog, so run `npm run build:templates` first.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
