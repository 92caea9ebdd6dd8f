/** Paths the tests share: the repository root and its fixtures, wherever the compiled test runs from. */
import * as path from 'node:path';

/** The repository root (tests run compiled from out/test/...). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** A path inside test/fixtures. */
export function fixture(...parts: string[]): string {
  return path.join(repoRoot, 'test', 'fixtures', ...parts);
}
