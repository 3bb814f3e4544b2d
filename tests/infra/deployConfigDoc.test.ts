/**
 * docs/deployment.md's config table is checked against the zod schema it documents
 * (DeployConfigSchema): derive, don't hand-keep. A schema field without a row, a row naming no
 * field, or a "Required" cell that contradicts the schema (required, optional, its default)
 * fails here, so the table cannot drift from what `cdk synth` really accepts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DeployConfigSchema } from '../../infra/DeployConfig.js';

const DOC = 'docs/deployment.md';
/** The clinic profile is its own schema (functions/config.ts), documented by templates/clinic.yaml. */
const OPAQUE = new Set(['clinic']);

interface FieldFact {
  path: string;
  /** "Required" must say so: yes, or "with `<parent>`" inside an optional object. */
  required: boolean;
  parentOptional: boolean;
  /** The default a cell must show, when it is a scalar. */
  defaultValue?: string;
}

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value);

/** The object schema inside optional/default/pipe wrappers, if any. */
const objectInside = (schema: z.ZodType): z.ZodObject | undefined => {
  let s: z.core.$ZodType = schema;
  for (let i = 0; i < 5; i += 1) {
    if (s instanceof z.ZodObject) return s;
    const def = (s as { _zod: { def: { innerType?: z.core.$ZodType; out?: z.core.$ZodType } } })._zod.def;
    const next = def.innerType ?? def.out;
    if (!next) return undefined;
    s = next;
  }
  return undefined;
};

const factOf = (path: string, schema: z.ZodType, parentOptional: boolean): FieldFact => {
  const empty = accepts(schema, undefined);
  const value = empty.success ? empty.data : undefined;
  return {
    path,
    required: !empty.success,
    parentOptional,
    ...(value !== undefined && typeof value !== 'object' ? { defaultValue: String(value) } : {}),
  };
};

/** Every field a clinic can set: top-level keys, and the keys of nested objects (`site.webAclArn`). */
const schemaFields = (): FieldFact[] =>
  Object.entries(DeployConfigSchema.shape as Record<string, z.ZodType>).flatMap(([key, schema]) => {
    const inner = OPAQUE.has(key) ? undefined : objectInside(schema);
    if (!inner) return [factOf(key, schema, false)];
    const parentOptional = accepts(schema, undefined).success;
    return [
      { ...factOf(key, schema, false), parent: true },
      ...Object.entries(inner.shape as Record<string, z.ZodType>).map(([child, s]) => factOf(`${key}.${child}`, s, parentOptional)),
    ];
  });

/** Rows of the table under "## Configure": the field names in the first cell, the second cell. */
const configRows = (markdown: string): Array<{ names: string[]; required: string }> => {
  const section = markdown.slice(markdown.indexOf('## Configure'), markdown.indexOf('\n## ', markdown.indexOf('## Configure') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [first = '', second = ''] = line.split('|').slice(1);
      return { names: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string), required: second.trim() };
    });
};

/** What is wrong with the table, one line a problem; empty when it matches the schema. */
const tableProblems = (markdown: string): string[] => {
  const rows = configRows(markdown);
  const fields = schemaFields();
  const known = new Set(fields.map((f) => f.path));
  const problems: string[] = [];
  for (const row of rows) for (const name of row.names) if (!known.has(name)) problems.push(`row names \`${name}\`, which is no field of DeployConfigSchema`);
  for (const f of fields) {
    const row = rows.find((r) => r.names.includes(f.path));
    if (!row) {
      // An object field is covered by the rows of its own fields.
      if (!('parent' in f) || !fields.some((c) => c.path.startsWith(`${f.path}.`) && rows.some((r) => r.names.includes(c.path)))) problems.push(`\`${f.path}\` has no row`);
      continue;
    }
    const cell = row.required.toLowerCase();
    const parent = f.path.split('.')[0];
    if (f.required && f.parentOptional && !cell.includes(`with \`${parent}\``)) problems.push(`\`${f.path}\` is required inside \`${parent}\`: its cell should say "with \`${parent}\`", not "${row.required}"`);
    if (f.required && !f.parentOptional && !cell.startsWith('yes')) problems.push(`\`${f.path}\` is required: its cell says "${row.required}"`);
    if (!f.required && (cell.startsWith('yes') || cell.startsWith('with '))) problems.push(`\`${f.path}\` is optional: its cell says "${row.required}"`);
    if (f.defaultValue !== undefined && !row.required.includes(f.defaultValue)) problems.push(`\`${f.path}\` defaults to ${f.defaultValue}: its cell says "${row.required}"`);
  }
  return problems;
};

describe('docs/deployment.md config table', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('has a row for every schema field, only rows for real fields, and "Required" cells that match the schema', () => {
    expect(schemaFields().map((f) => f.path)).toEqual(expect.arrayContaining(['site.originDomainName', 'site.originCertificateArn', 'site.withoutWebAcl', 'confirmationCeilings.smsPerHour']));
    expect(tableProblems(doc)).toEqual([]);
  });

  it('catches a missing row, a stale row and a wrong "Required" cell', () => {
    const missing = doc.replace(/^\| `site\.originCertificateArn` .*\n/m, '');
    expect(tableProblems(missing)).toEqual(['`site.originCertificateArn` has no row']);

    const stale = doc.replace('| `opsEmail` |', '| `opsEmail`, `site.cdnLogging` |');
    expect(tableProblems(stale)).toEqual(['row names `site.cdnLogging`, which is no field of DeployConfigSchema']);

    const wrong = doc.replace('| `site.webAclArn` | for production |', '| `site.webAclArn` | yes |').replace('| `sendingRatePerSecond` | yes |', '| `sendingRatePerSecond` | no |');
    expect(tableProblems(wrong)).toEqual(['`sendingRatePerSecond` is required: its cell says "no"', '`site.webAclArn` is optional: its cell says "yes"']);

    const defaults = doc.replace('| `logRetentionDays` | 365 |', '| `logRetentionDays` | 90 |');
    expect(tableProblems(defaults)).toEqual(['`logRetentionDays` defaults to 365: its cell says "90"']);
  });

  it('reads every field with its facts from the schema', () => {
    const facts = Object.fromEntries(schemaFields().map((f) => [f.path, f]));
    expect(facts['senderDomain']).toMatchObject({ required: true, parentOptional: false });
    expect(facts['sms.originationNumber']).toMatchObject({ required: true, parentOptional: true });
    expect(facts['site.webAclArn']).toMatchObject({ required: false, parentOptional: false });
    expect(facts['site.withoutWebAcl']).toMatchObject({ required: false, defaultValue: 'false' });
    expect(facts['api.burstLimit']).toMatchObject({ required: false, defaultValue: '40' });
    expect(facts['clinic']).toMatchObject({ required: false });
    expect(Object.keys(facts).some((p) => p.startsWith('clinic.'))).toBe(false);
  });
});
