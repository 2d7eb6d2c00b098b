// The one set of summary statistics every bench figure uses (the machine is noisy: medians and
// nearest-rank percentiles of many runs, never a single sample).

/** Nearest-rank quantile: the smallest sample with at least q of the samples at or below it. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** The median (the mean of the two middle samples when their count is even). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export function percentiles(xs: readonly number[]): Percentiles {
  return { p50: median(xs), p99: quantile(xs, 0.99), max: quantile(xs, 1), n: xs.length };
}
