/** What every benchmark module shares: the figure it reports, timing helpers and the heap in use. */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** One figure of `npm run bench`; `name` is stable across revisions. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The p-th percentile (0..100) of samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Heap in use after a full collection (V8's gc is exposed for the measurement only). */
export function heapUsed(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
