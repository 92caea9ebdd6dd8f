// @ts-check
/**
 * The in-host suite (out/test/vscode/suite) under desktop VS Code, with @vscode/test-electron: for machines that
 * can download VS Code (it caches the build in .vscode-test/). CI cannot download it and runs the same suite in
 * code-server instead (run.mjs). Usage: `npx tsc -p . && node esbuild.mjs && node test/vscode/runElectron.mjs`;
 * on a machine without a display, run it under `xvfb-run -a`. `VSCODE_VERSION` picks the build (default: the
 * lowest version that package.json's `engines.vscode` accepts, so the extension is tested where it claims to run).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../setup/install.mjs';

const engine = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.vscode;
const version = process.env.VSCODE_VERSION ?? engine.replace(/^[\^~>=]+/, '');
const profile = mkdtempSync(join(tmpdir(), 'aws-organizations-vscode-'));
let status = 0;
try {
  await runTests({
    version,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js'),
    // A hermetic window: the demo workspace, a throw-away profile and an empty extensions folder. (Not
    // --disable-extensions: it would disable the built-in JSON language too, which activates this extension.)
    launchArgs: [join(repoRoot, 'test', 'fixtures', 'workspace'), `--user-data-dir=${join(profile, 'user-data')}`,
      `--extensions-dir=${join(profile, 'extensions')}`],
  });
} catch (error) {
  console.error(`the in-host suite failed: ${error instanceof Error ? error.message : error}`);
  status = 1;
} finally {
  rmSync(profile, { recursive: true, force: true });
}
process.exit(status);
