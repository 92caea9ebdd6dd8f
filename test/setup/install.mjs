// @ts-check
/**
 * Installs what the test layers need outside npm's dependencies, idempotently: `awscli` (Debian's AWS CLI,
 * for the endpoint tests) and `vscode` (Debian's chromium plus code-server, a real VS Code, in the ignored
 * cache folder `.code-server/`). `node test/setup/install.mjs awscli vscode` ensures both; what is present is
 * skipped, and every step prints what it does. Runs as root on Debian 12 (or through sudo).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * code-server 4.100.3 is VS Code 1.100.3, the last release that runs on Node 20 (4.103+ need Node 22);
 * `engines.vscode` in package.json must not ask for more.
 */
export const codeServerVersion = '4.100.3';
export const codeServerFolder = join(repoRoot, '.code-server');
export const codeServerEntry = join(codeServerFolder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = '/usr/bin/chromium';

/**
 * The ripgrep that VS Code's `@vscode/ripgrep` postinstall would download from GitHub: the package version
 * pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json and the release tag its postinstall.js asks for.
 */
const vscodeRipgrep = { packageVersion: '1.15.11', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' };

/** Debian packages each target needs. */
const debianPackages = {
  awscli: ['awscli'],
  // chromium drives the workbench; code-server's native modules (kerberos, node-pty, argon2, spdlog...)
  // build from source with node-gyp, which needs a compiler, make, python3 and Kerberos headers;
  // Debian's ripgrep stands in for the one @vscode/ripgrep downloads.
  vscode: ['chromium', 'libkrb5-dev', 'ripgrep', 'build-essential', 'python3'],
};

/**
 * Runs a command with inherited output; throws on failure.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
function run(command, args, options = {}) {
  console.log(`[install] $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.signal ?? `exit ${result.status}`})`);
}

/**
 * Whether dpkg records the package as installed.
 * @param {string} name
 */
function isInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'install ok installed';
}

/**
 * Installs the missing Debian packages, with one `apt-get update` and only when something is missing.
 * @param {string[]} names
 */
function ensureDebianPackages(names) {
  const missing = names.filter((name) => !isInstalled(name));
  if (!missing.length) {
    console.log(`[install] Debian packages present: ${names.join(', ')}`);
    return;
  }
  // As root (CI, containers) apt-get runs as is; otherwise through sudo, which passes VAR=value arguments on.
  const apt = (/** @type {string[]} */ args) => (process.getuid?.() === 0
    ? run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    : run('sudo', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]));
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', ...missing]);
}

/** The marker written after a complete code-server install; a partial install lacks it and is redone. */
const installedMarker = join(codeServerFolder, `installed-${codeServerVersion}`);

/** Installs code-server into `.code-server/` with npm, handling the traps of installing it as root offline. */
function ensureCodeServer() {
  if (existsSync(installedMarker) && existsSync(codeServerEntry)) {
    console.log(`[install] code-server ${codeServerVersion} present in ${codeServerFolder}`);
    return;
  }
  const started = Date.now();
  console.log(`[install] installing code-server ${codeServerVersion} into ${codeServerFolder}`);
  rmSync(join(codeServerFolder, 'node_modules'), { recursive: true, force: true });
  const tmp = join(codeServerFolder, 'tmp');
  mkdirSync(tmp, { recursive: true });

  // A project of its own, so that npm neither touches the extension's node_modules nor needs its lockfile.
  // npm 11 warns about install scripts that `allowScripts` does not cover (npm 10 ignores the field); the
  // nested `npm install` runs of code-server's postinstall have no policy of their own and run with a notice.
  writeFileSync(join(codeServerFolder, 'package.json'), JSON.stringify({
    name: 'code-server-cache',
    private: true,
    description: 'code-server for the tests that run the extension in a real VS Code; installed by test/setup/install.mjs.',
    dependencies: { 'code-server': codeServerVersion },
    allowScripts: { 'code-server': true, argon2: true },
  }, null, 2) + '\n');

  // @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache (under os.tmpdir()) holds the
  // release tarball already: put Debian's rg there.
  const ripgrepCache = join(tmp, `vscode-ripgrep-cache-${vscodeRipgrep.packageVersion}`);
  mkdirSync(ripgrepCache, { recursive: true });
  run('tar', ['-czf', join(ripgrepCache, vscodeRipgrep.asset), '-C', '/usr/bin', 'rg']);

  run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts'], {
    cwd: codeServerFolder,
    env: {
      ...process.env,
      TMPDIR: tmp,
      // code-server's postinstall refuses to run as root without it.
      npm_config_unsafe_perm: 'true',
      // node-pty's postinstall runs `npx node-gyp`, which would stop to ask before installing it.
      npm_config_yes: 'true',
    },
  });
  const version = JSON.parse(readFileSync(join(codeServerFolder, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  // It runs at all (XDG folders in tmp: code-server writes a default config file there on its first run).
  run('node', [codeServerEntry, '--version'], { env: { ...process.env, XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp } });
  writeFileSync(installedMarker, `${version}\n`);
  rmSync(tmp, { recursive: true, force: true });
  console.log(`[install] code-server ${version} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Ensures each named target: `awscli`, `vscode`.
 * @param {string[]} targets
 */
export function ensure(targets) {
  for (const target of targets) {
    if (!(target in debianPackages)) throw new Error(`unknown target ${target}; known: ${Object.keys(debianPackages).join(', ')}`);
  }
  ensureDebianPackages(targets.flatMap((target) => debianPackages[/** @type {keyof typeof debianPackages} */ (target)]));
  if (targets.includes('vscode')) ensureCodeServer();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    ensure(process.argv.slice(2));
  } catch (error) {
    console.error(`[install] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
