/** Summary statistics for repeated measurements on a shared, noisy machine: the median resists outliers. */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `part / whole`, or undefined when either is missing or the whole is zero. */
export function ratio(part: number | undefined, whole: number | undefined): number | undefined {
  if (part === undefined || whole === undefined || whole === 0) return undefined;
  return part / whole;
}

/** How much more `value` costs than `baseline`, as a fraction (0.2 = 20 % more). */
export function growth(value: number | undefined, baseline: number | undefined): number | undefined {
  const r = ratio(value, baseline);
  return r === undefined ? undefined : r - 1;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function percent(fraction: number | undefined): string {
  return fraction === undefined ? 'n/a' : `${(fraction * 100).toFixed(0)} %`;
}
