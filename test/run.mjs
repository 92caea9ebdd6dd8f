// @ts-check
/**
 * The whole test suite, as `npm test` runs it: type check, lint, build, then the layers in order:
 * unit and LSP tests (node:test on the compiled output), endpoint tests (real SDK and AWS CLI over HTTP),
 * and the in-VS Code suite (code-server + chromium), then the check that no test secret is in its logs.
 * `npm test -- unit lsp` runs only the layers named.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const layers = ['unit', 'lsp', 'endpoint', 'vscode'];
const asked = process.argv.slice(2).filter((arg) => layers.includes(arg));
const selected = asked.length ? asked : layers;

/** Runs a command in the foreground, inheriting stdio; exits the suite on failure. */
function run(command, args, options = {}) {
  console.log(`\n> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (${result.signal ?? `exit ${result.status}`})`);
    process.exit(result.status || 1);
  }
}

/** Every `*.test.js` below a compiled folder. */
function testFiles(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.test.js')).map((name) => join(folder, name)).sort();
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
if (!asked.length) {
  // The check for leaked secrets reads every log in test-results/: only this run's.
  rmSync(join('test-results', 'logs'), { recursive: true, force: true });
  run(npx, ['tsc', '-p', '.', '--noEmit']);
  run(npx, ['eslint', '.']);
}
run(npx, ['tsc', '-p', '.']);
run('node', ['esbuild.mjs']);

const nodeLayers = selected.filter((layer) => layer !== 'vscode');
if (nodeLayers.includes('endpoint')) run('node', ['test/setup/install.mjs', 'awscli']);
const files = nodeLayers.flatMap((layer) => testFiles(join('out', 'test', layer)));
// The report goes to the terminal and to test-results/, where the check for leaked secrets reads it too.
mkdirSync('test-results', { recursive: true });
if (files.length) {
  run('node', ['--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=spec', '--test-reporter-destination=test-results/node-layers.log', ...files]);
}

if (selected.includes('vscode')) {
  run('node', ['test/vscode/run.mjs']);
  // Last: no secret given to the tests may show in any log, trace or artifact they left.
  run('node', ['test/vscode/leakedSecrets.mjs']);
}
