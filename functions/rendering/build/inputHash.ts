/**
 * A SHA-256 over everything the catalog (and the console's authoring assets) is built from:
 * template files, sources, plain-language terms, the build code and the
 * versions of mjml and html-to-text. Equal hash, equal catalog: the build can skip its work.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { templatePaths } from './templatePaths.js';

const require = createRequire(import.meta.url);

const filesUnder = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });

export const catalogInputHash = (): string => {
  const hash = createHash('sha256');
  const inputs = [templatePaths.email, templatePaths.sms, templatePaths.buildCode].flatMap(filesUnder);
  for (const path of [...inputs, templatePaths.sources, templatePaths.plainLanguage]) {
    hash.update(relative(templatePaths.root, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  for (const pkg of ['mjml/package.json', 'html-to-text/package.json']) {
    hash.update(`${pkg}@${(require(pkg) as { version: string }).version}`);
  }
  return hash.digest('hex');
};
