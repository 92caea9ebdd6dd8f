/**
 * The targets issue #20 sets for figures of `npm run bench`, each printed beside its figure; the README's budgets
 * table lists each with its figure (`test/unit/readme.test.ts` checks it).
 */
import type { Figure, Target } from './support';

export const targets = {
  'effective.hover_concrete_p99': { target: { most: 10 }, unit: 'ms' },
  'permissions.summary_concrete_cold_p99': { target: { most: 25 }, unit: 'ms' },
  'effective.hover_first_after_restart_ms': { target: { most: 500 }, unit: 'ms' },
  'organizations.throttled_load_ratio': { target: { most: 1.15 }, unit: 'x least' },
  'endpoint.ceiling_ratio': { target: { least: 0.5 }, unit: 'x bare' },
} as const satisfies Record<string, { target: Target; unit: string }>;

/** A figure that has a target, with its unit and target. */
export function targeted(name: keyof typeof targets, value: number): Figure {
  return { name, value, unit: targets[name].unit, target: targets[name].target };
}
