/** Median and tail of a set of timings (nearest-rank percentiles: no interpolation to argue about). */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
};

export const summarize = (samples: readonly number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
};

/** Milliseconds with a precision that suits the magnitude (0.0421, 3.14, 1250). */
export const ms = (value: number): string =>
  value < 1 ? value.toFixed(4) : value < 100 ? value.toFixed(2) : value.toFixed(0);

export const ratio = (value: number): string => `${value < 10 ? value.toFixed(2) : value.toFixed(0)}×`;
