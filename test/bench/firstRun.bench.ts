/**
 * The first run's budgets, measured as a newcomer meets them: the size of the `.vsix` that `npm run package`
 * writes; the time from `npm start` to a usable workbench (the page open in chromium and the Organization view
 * showing its first node); and the extension's activation time in that real VS Code, read from the
 * "Activated in N ms" line of its log (code-server keeps it in its user data folder). Each figure is printed with its limit (the README lists the same limits).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/paths';
import { elapsedMs, type Figure } from './support';

/** A first-run budget: the figure's name, its unit and its limit. */
export interface Budget {
  name: string;
  unit: string;
  limit: number;
}

export const budgets = {
  vsixSize: { name: 'firstRun.vsix_mb', unit: 'MB', limit: 5 },
  startToWorkbench: { name: 'firstRun.npm_start_to_workbench_ms', unit: 'ms', limit: 60_000 },
  activation: { name: 'firstRun.activation_ms', unit: 'ms', limit: 3_000 },
} as const satisfies Record<string, Budget>;

/** What this module uses of test/vscode/codeServer.mjs (an ES module, loaded at run time). */
interface CodeServerModule {
  poll<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, intervalMs?: number): Promise<T>;
  openBrowser(server: { profilePath(name: string): string }): Promise<{ page: Page; close(): Promise<void> }>;
}

/** The `--user-data-dir` of the first process under `rootPid` (at any depth) that has one on its command line. */
function userDataFolderOf(rootPid: number): string | undefined {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The fields after the command's name, which is in parentheses: state, then the parent's pid.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process has gone meanwhile.
    }
  }
  for (const queue = [rootPid]; queue.length;) {
    const pid = queue.shift()!;
    const args = fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') : [];
    const index = args.indexOf('--user-data-dir');
    if (index >= 0) return args[index + 1];
    queue.push(...(children.get(pid) ?? []));
  }
  return undefined;
}

function figure(budget: Budget, value: number): Figure {
  const rounded = budget.unit === 'MB' ? Math.round(value * 100) / 100 : Math.round(value);
  console.log(`  budget ${budget.name}: ${rounded} ${budget.unit} (limit ${budget.limit} ${budget.unit}) ${rounded <= budget.limit ? 'within' : 'OVER'}`);
  return { name: budget.name, value: rounded, unit: budget.unit };
}

/** Packages the extension as a release does and reports the .vsix's size in MB (10^6 bytes, as the Marketplace shows). */
function vsixSize(): Figure {
  const vsix = path.join(repoRoot, 'aws-organizations-vscode.vsix');
  const result = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run package failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return figure(budgets.vsixSize, fs.statSync(vsix).size / 1e6);
}

/**
 * Runs `npm start` in its own process group, opens the URL it prints in headless chromium and waits for the
 * Organization view's first node; then opens the extension's log and reads its activation time. Stops everything.
 */
async function startToWorkbench(): Promise<Figure[]> {
  const { openBrowser, poll } = (await import(pathToFileURL(path.join(repoRoot, 'test', 'vscode', 'codeServer.mjs')).href)) as CodeServerModule;
  const browserProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-organizations-first-run-'));
  const started = process.hrtime.bigint();
  const npmStart = spawn('npm', ['start'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [npmStart.stdout, npmStart.stderr]) stream.setEncoding('utf8').on('data', (chunk: string) => { output = (output + chunk).slice(-8192); });
  const exited = new Promise<void>((resolve) => npmStart.once('exit', () => resolve()));
  let browser: Awaited<ReturnType<CodeServerModule['openBrowser']>> | undefined;
  try {
    const url = await poll('npm start to print the workbench URL', () => {
      if (npmStart.exitCode !== null) throw new Error(`npm start exited with ${npmStart.exitCode}:\n${output}`);
      return /^Open (http:\/\/127\.0\.0\.1:\d+\/\S+) /m.exec(output)?.[1];
    }, 180_000);
    browser = await openBrowser({ profilePath: (name) => path.join(browserProfile, name) });
    const { page } = browser;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.activitybar').getByRole('tab', { name: 'AWS Organizations' }).click({ timeout: 120_000 });
    const firstNode = page.getByRole('tree', { name: 'Organization', exact: true }).getByRole('treeitem').first();
    await firstNode.waitFor({ timeout: 120_000 });
    const usable = figure(budgets.startToWorkbench, elapsedMs(started));

    // The extension's log, in the user data folder of the code-server that npm start started.
    const userData = userDataFolderOf(npmStart.pid!);
    if (!userData) throw new Error('found no code-server with --user-data-dir under npm start');
    const activation = await poll('the "Activated in N ms" line of the extension\'s log', () => {
      const logs = path.join(userData, 'logs');
      const file = fs.existsSync(logs) && (fs.readdirSync(logs, { recursive: true }) as string[]).find((name) => name.endsWith(`${path.sep}AWS Organizations.log`));
      const match = file ? /Activated in (\d+) ms/.exec(fs.readFileSync(path.join(logs, file), 'utf8')) : null;
      return match ? Number(match[1]) : undefined;
    }, 60_000, 500);
    return [usable, figure(budgets.activation, activation)];
  } finally {
    await browser?.close();
    // npm start stops code-server on SIGTERM; the group goes entirely if anything outlives it.
    try {
      process.kill(-npmStart.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await exited;
    // start.mjs stops code-server (its own process group) before it exits: wait for the whole group to go.
    await poll('npm start to stop', () => {
      try {
        process.kill(-npmStart.pid!, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 30_000).catch(() => undefined);
    try {
      process.kill(-npmStart.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    fs.rmSync(browserProfile, { recursive: true, force: true });
  }
}

export async function run(): Promise<Figure[]> {
  return [vsixSize(), ...await startToWorkbench()];
}
