/**
 * Formats rows as a plain-text table with a header rule, for the bench and demo output.
 *
 * `console.table` would do, but it adds an index column and quotes strings; these tables are
 * pasted into docs/benchmarks.md, so they print as Markdown-compatible pipes.
 *
 * @example
 * console.log(formatTable([{ case: 'precompiled', 'median ms': '0.05' }]));
 */
export type Cell = string | number | boolean | undefined;

/** Numbers and right-aligned columns: anything that looks like a number or a ratio. */
const NUMERIC = /^[-+]?[\d,.]+\s*(×|%|ms|s|KB|MB|msg\/s|items\/s)?$/;

export const formatTable = (rows: readonly Record<string, Cell>[], columns?: readonly string[]): string => {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = (c: Cell) => (c === undefined ? '' : String(c));
  const widths = cols.map((col) => Math.max(col.length, ...rows.map((r) => text(r[col]).length)));
  const right = cols.map((col) => rows.length > 0 && rows.every((r) => r[col] === undefined || NUMERIC.test(text(r[col]))));
  const line = (cells: readonly string[], pad: (s: string, i: number) => string) => `| ${cells.map(pad).join(' | ')} |`;
  const fit = (s: string, i: number) => (right[i] ? s.padStart(widths[i] ?? 0) : s.padEnd(widths[i] ?? 0));
  return [
    line(cols, (s, i) => s.padEnd(widths[i] ?? 0)),
    `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...rows.map((r) => line(cols.map((c) => text(r[c])), fit)),
  ].join('\n');
};
