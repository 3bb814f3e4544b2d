/** handlerModules.ts names every handler module where it really is, and every route's handler has one. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlerGroups, handlerModule } from '../../../functions/contract/handlerModules.js';
import { routes, workers } from '../../../functions/contract/routes.js';

const HANDLERS = 'functions/handlers';
const exportsHandler = (file: string) => /export\s+(const|async function|function)\s+handler\b/.test(readFileSync(file, 'utf8'));

describe('handlerModules', () => {
  it('lists exactly the modules under functions/handlers/<group>/ that export a Lambda handler', () => {
    const onDisk = readdirSync(HANDLERS, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(HANDLERS, d.name)).map((f) => `${d.name}/${f}`))
      .filter((f) => f.endsWith('.ts') && exportsHandler(join(HANDLERS, f)))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const listed = Object.values(handlerGroups).flat().map(handlerModule).sort();
    expect(listed).toEqual(onDisk);
  });

  it('keeps no entry point loose at the top of functions/handlers/', () => {
    expect(readdirSync(HANDLERS).filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('places the handler of every deployed route and worker', () => {
    const names = [...routes.filter((r) => !r.localOnly).map((r) => r.handler), ...Object.values(workers).map((w) => w.handler)];
    for (const name of names) expect(handlerModule(name), name).toContain('/');
  });
});
