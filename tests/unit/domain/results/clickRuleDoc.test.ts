/**
 * docs/click-classification.md states the rule the code applies (derive, don't hand-keep): its
 * table lists exactly the machine reasons classifyClick.ts can give, and no network rule, which
 * was removed for want of a public source (the doc says why).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MACHINE_REASONS } from '../../../../functions/domain/results/classifyClick.js';

const doc = readFileSync('docs/click-classification.md', 'utf8');

describe('the documented click rule', () => {
  it('lists exactly the reasons the classifier gives, in its order', () => {
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...MACHINE_REASONS]);
  });

  it('claims no scanner IP ranges the code would have to keep', () => {
    expect(MACHINE_REASONS).not.toContain('network');
    expect(doc).not.toMatch(/SCANNER_NETWORKS/);
    expect(doc).toMatch(/No rule on the client's network/);
  });
});
