// The one percentile rule every bench/ script reports with: the sample at rank ⌊fraction·n⌋.

/** `sorted` ascending; `fraction` in [0, 1] (0.99 for p99). */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}
