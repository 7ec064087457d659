/**
 * Small statistics for side-by-side runs on a noisy machine.
 */

/** Median of `values` (mean of the middle two for an even count); 0 for none. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Ratio of two sides measured in alternating runs: the median of the ratios of runs taken next to each other
 * (A's i-th run ÷ B's i-th run), so a burst of load from elsewhere skews one pair, not the result.
 */
export function pairedRatio(a: number[], b: number[]): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const denominator = b[i] ?? 0;
    if (denominator > 0) ratios.push((a[i] ?? 0) / denominator);
  }
  return median(ratios);
}
