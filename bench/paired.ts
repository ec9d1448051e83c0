/**
 * Ratios from interleaved runs. On a shared machine the load drifts within a benchmark, so the medians of
 * the two series can come from different moments: a start-up row moved by ±10 % from one run to the next,
 * enough to flip a goal's verdict. Each subject run is paired with the baseline run beside it, and the
 * ratio reported is the median of those per-pair ratios, with the middle half of them as its spread.
 */

export interface PairedRatio {
  readonly median: number;
  /** First and third quartiles of the per-pair ratios. */
  readonly low: number;
  readonly high: number;
}

/** NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/** Linear interpolation between the closest ranks of a sorted, non-empty list. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (at - below);
}

export function pairedRatio(subject: readonly number[], baseline: readonly number[]): PairedRatio {
  if (subject.length === 0 || subject.length !== baseline.length) throw new Error("paired runs must be as many on both sides, and at least one");
  const ratios = subject.map((value, index) => value / (baseline[index] as number)).sort((a, b) => a - b);
  return { median: quantile(ratios, 0.5), low: quantile(ratios, 0.25), high: quantile(ratios, 0.75) };
}
