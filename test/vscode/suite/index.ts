/**
 * The in-VS Code test runner: VS Code loads this module into the real extension host (through
 * `extensionTestsPath`) and calls `run()`, which runs every `*.test.js` beside it with mocha, or only those whose
 * name contains one of the comma-separated words in AWS_ORGANIZATIONS_SUITE (for working on one area).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // The output reaches the runner through the workbench's console forwarding, which shows no colours.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  const only = (process.env.AWS_ORGANIZATIONS_SUITE ?? '').split(',').filter(Boolean);
  const chosen = (file: string) => file.endsWith('.test.js') && (!only.length || only.some((word) => file.includes(word)));
  // The walkthrough runs first, as in a person's first session: VS Code creates its walkthroughs service only when a
  // walkthrough is first shown, ignores the commands run before, and never completes a step whose context key was
  // already set then (as earlier suites' hovers and connections would have done).
  const order = (file: string) => (file.startsWith('walkthrough.') ? 0 : 1);
  const files = fs.readdirSync(__dirname).filter(chosen).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const name of files) {
    mocha.addFile(path.join(__dirname, name));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed`);
}
