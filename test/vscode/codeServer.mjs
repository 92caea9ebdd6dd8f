// @ts-check
/**
 * A real VS Code for the extension: starts code-server (from `.code-server/`, see test/setup/install.mjs) in its
 * own process group with throw-away profile folders, and opens its workbench in headless chromium. Shared by the
 * in-VS Code test runner (run.mjs) and `npm start` (start.mjs); `stop()` ends every process either started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { chromiumPath, codeServerEntry } from '../setup/install.mjs';

/**
 * Polls `check` until it returns a value other than undefined, or throws once the deadline passes.
 * @template T
 * @param {string} what
 * @param {() => T | undefined | Promise<T | undefined>} check
 * @param {number} timeoutMs
 * @param {number} [intervalMs]
 * @returns {Promise<T>}
 */
export async function poll(what, check, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {string} origin `http://127.0.0.1:<port>`
 * @property {(options?: { extensionDevelopmentPath?: string, extensionTestsPath?: string }) => string} workbenchUrl
 *   the URL that opens the workspace; the payload parameter carries what code-server refuses on its command line
 * @property {(name: string) => string} profilePath a path inside the temporary profile folder
 * @property {Promise<void>} exited settles when code-server's main process has exited
 * @property {() => Promise<void>} stop ends the whole process group and removes the profile folders
 */

/**
 * Starts code-server on 127.0.0.1 (a free port) with `--auth none` on `workspace`, after installing the given
 * `.vsix` files into its fresh extensions folder (an extension installed while the server runs is not picked up).
 * With `keepLogs`, its logs (the windows', the extension hosts' and every output channel's) are copied into that
 * folder when it stops, before the profile is deleted, so that tests can check what was logged. With `trusted: false`,
 * workspace trust is on and the workspace is not trusted (VS Code's restricted mode).
 * @param {{ workspace: string, vsix?: string[], port?: number, log?: (line: string) => void, keepLogs?: string, trusted?: boolean }} options
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer({ workspace, vsix = [], port = 0, log = (line) => console.log(line), keepLogs, trusted = true }) {
  const profile = mkdtempSync(join(tmpdir(), 'aws-organizations-code-server-'));
  const folders = {
    userData: join(profile, 'user-data'),
    extensions: join(profile, 'extensions'),
    xdgConfig: join(profile, 'xdg-config'),
    xdgData: join(profile, 'xdg-data'),
  };
  for (const folder of Object.values(folders)) mkdirSync(folder, { recursive: true });
  // Quiet, predictable workbench: no welcome page, tips, trust prompts, update checks or telemetry.
  mkdirSync(join(folders.userData, 'User'), { recursive: true });
  writeFileSync(join(folders.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': !trusted,
    // Untrusted, the workspace opens in restricted mode without asking.
    'security.workspace.trust.startupPrompt': 'never',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    // The demo workspace sits inside this repository: do not offer to open it.
    'git.openRepositoryInParentFolders': 'never',
    // Trace the language server, so that its log shows the traffic (kept in test-results/logs by the tests).
    'awsOrganizations.trace.server': 'messages',
  }, null, 2));
  const configFile = join(profile, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  // code-server writes into ~/.config and ~/.local/share unless told otherwise.
  const env = { ...process.env, XDG_CONFIG_HOME: folders.xdgConfig, XDG_DATA_HOME: folders.xdgData };
  const common = ['--config', configFile, '--extensions-dir', folders.extensions, '--user-data-dir', folders.userData];
  for (const file of vsix) {
    log(`[code-server] installing ${file}`);
    const result = spawnSync(process.execPath, [codeServerEntry, ...common, '--install-extension', file, '--force'], { env, encoding: 'utf8' });
    if (result.status !== 0) {
      rmSync(profile, { recursive: true, force: true });
      throw new Error(`installing ${file} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
    }
  }

  const args = [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', ...(trusted ? ['--disable-workspace-trust'] : []), workspace];
  // Its own process group: code-server forks extension hosts and language servers, and stopping only the
  // main process would orphan them.
  const child = spawn(process.execPath, [codeServerEntry, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  /** @type {string[]} the last lines it printed, for the error if it fails to start */
  const lastLines = [];
  let listening = 0;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (!line.trim()) return;
      log(`[code-server] ${line}`);
      lastLines.push(line);
      if (lastLines.length > 40) lastLines.shift();
      const address = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (address) listening = Number(address[1]);
    });
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child.pid, 'SIGTERM');
      const ended = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
      if (!ended) signalGroup(child.pid, 'SIGKILL');
    }
    // Children that outlived the main process (an extension host finishing its shutdown) go too.
    signalGroup(child.pid, 'SIGKILL');
    const logs = join(folders.userData, 'logs');
    if (keepLogs && existsSync(logs)) cpSync(logs, keepLogs, { recursive: true });
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const actualPort = await poll('code-server to listen', () => {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${lastLines.join('\n')}`);
      return listening || undefined;
    }, 60_000);
    const origin = `http://127.0.0.1:${actualPort}`;
    await poll(`${origin}/healthz`, async () => {
      try {
        const response = await fetch(`${origin}/healthz`);
        return response.ok ? true : undefined;
      } catch {
        return undefined;
      }
    }, 60_000);
    return {
      port: actualPort,
      origin,
      workbenchUrl({ extensionDevelopmentPath, extensionTestsPath } = {}) {
        const remote = (/** @type {string} */ path) => `vscode-remote://127.0.0.1:${actualPort}${path}`;
        /** @type {[string, string][]} */
        const payload = [];
        if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
        if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
        const query = new URLSearchParams({ folder: workspace });
        if (payload.length) query.set('payload', JSON.stringify(payload));
        return `${origin}/?${query}`;
      },
      profilePath: (name) => join(profile, name),
      exited,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Sends a signal to a whole process group, ignoring a group that is already gone.
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} signal
 */
function signalGroup(pid, signal) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ESRCH') throw error;
  }
}

/** Flags that make Debian's chromium run headless as root in a container, without reaching the network. */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-crash-reporter'];

/**
 * Opens headless chromium on a fresh profile inside the code-server's profile folder and returns its page.
 * `functions` are exposed to the page before it loads (the workbench calls `codeAutomationExit` and
 * `codeAutomationLog` when it runs extension tests).
 * @param {CodeServer} server
 * @param {{ functions?: Record<string, (...args: any[]) => unknown> }} [options]
 */
export async function openBrowser(server, { functions = {} } = {}) {
  const xdgConfig = server.profilePath('chromium-xdg-config');
  mkdirSync(xdgConfig, { recursive: true });
  const context = await chromium.launchPersistentContext(server.profilePath('chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    // Without its own XDG_CONFIG_HOME chromium writes crash reports under ~/.config.
    env: { ...process.env, XDG_CONFIG_HOME: xdgConfig },
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  for (const [name, fn] of Object.entries(functions)) await page.exposeFunction(name, fn);
  return { context, page, close: () => context.close() };
}
