/**
 * A benchmark figure as `bench/results.json` records it: one measured value, its spread when
 * it is a distribution, the budget it is held to and the baseline it is compared with.
 */
export interface Figure {
  /** Stable id, e.g. `time-to-status.cached`. */
  name: string;
  /** What the figure measures, in the desk's words. */
  label: string;
  unit: string;
  value: number;
  p50?: number;
  p95?: number;
  p99?: number;
  samples?: number;
  /** Lower is better unless `higherIsBetter`. */
  higherIsBetter?: boolean;
  budget?: number;
  /**
   * A goal stricter than the budget that an issue set (issue 19's table), held to the p95 (or
   * the value), or to the ratio when `targetOn` is `'ratio'`; shown beside the budget.
   */
  target?: number;
  targetOn?: 'ratio';
  /** What the value is compared with, e.g. the pass-through baseline or bare Hono. */
  baseline?: { label: string; value: number };
  /** value / baseline.value. */
  ratio?: number;
  /** One sentence: what limits the figure, or how it was taken. */
  note?: string;
}

/** Linear-interpolated percentile of unsorted samples (`p` in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** Rounds to a sensible number of digits for a report. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * A distribution figure (p50 as the value) from raw samples.
 *
 * @example
 * ```ts
 * distribution({ name: 'adjust.latency', label: 'Apply → confirmed', unit: 'ms', budget: 500 }, samples);
 * ```
 */
export function distribution(
  base: Omit<Figure, 'value' | 'p50' | 'p95' | 'p99' | 'samples'>,
  samples: readonly number[],
): Figure {
  const p50 = round(percentile(samples, 50));
  return {
    ...base,
    value: p50,
    p50,
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    samples: samples.length,
  };
}

/** Whether a figure meets its target (true when it has none). */
export function meetsTarget(figure: Figure): boolean {
  if (figure.target === undefined) return true;
  const measured = figure.targetOn === 'ratio' ? figure.ratio : (figure.p95 ?? figure.value);
  if (measured === undefined) return false;
  return figure.higherIsBetter ? measured >= figure.target : measured <= figure.target;
}

/** Whether a figure is within its budget (true when it has none). */
export function withinBudget(figure: Figure): boolean {
  if (figure.budget === undefined) return true;
  const measured = figure.p95 ?? figure.value;
  return figure.higherIsBetter ? measured >= figure.budget : measured <= figure.budget;
}
