/** What every benchmark module shares: the figure it reports and timing helpers. */

/** One figure of `npm run bench`; `name` is stable across revisions. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The target the figure is held to (an issue's or a budget's), printed beside it. */
  target?: Target;
}

/** A figure's bound: at most (a time, a size) or at least (a rate). */
export type Target = { most: number } | { least: number };

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The p-th percentile (0..100) of samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
