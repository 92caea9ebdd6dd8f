/**
 * What the in-VS Code suites share: the extension's API, requests to its language server and its process, and
 * `[keyboard]` and `[page]` requests to the runner (test/vscode/run.mjs), which types into prompts and clicks and
 * reads the workbench's page.
 */
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import { poll } from '../../support/poll';

export const extensionId = 'aws-organizations-vscode.aws-organizations-vscode';

/** Activates the extension and answers its API. */
export async function activateExtension(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(extensionId);
  assert.ok(extension, `${extensionId} is installed`);
  return extension.activate();
}

/** Sends a request by method name: the bundled client does not know the suites' copy of the protocol's request types. */
export function request<R>(api: ExtensionApi, type: { method: string }, params?: unknown): Promise<R> {
  return params === undefined ? api.explorer.client.sendRequest<R>(type.method) : api.explorer.client.sendRequest<R>(type.method, params);
}

/** An element of the workbench's page as the runner reads it. */
export interface PageElement {
  text: string;
  attributes: Record<string, string>;
}

let runnerRequests = 0;

/** Logs a request for the runner and waits for its answer, the file `<kind>-<id><suffix>` in AWS_ORGANIZATIONS_KEYBOARD. */
async function askRunner(kind: 'keyboard' | 'page', request: object, suffix: string): Promise<string> {
  // Ids of this module's own, apart from those other suites count.
  const id = `support-${++runnerRequests}`;
  console.log(`[${kind}] ${JSON.stringify({ id, ...request })}`);
  const file = path.join(process.env.AWS_ORGANIZATIONS_KEYBOARD!, `${kind}-${id}${suffix}`);
  return poll(`the runner to answer ${JSON.stringify(request)}`, () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined), 60_000);
}

/** What the runner does on the keyboard: type text, press a key, wait for a list row, or type a secret of testCredentials.json by name. */
export type KeyboardAction = ['type' | 'press' | 'row' | 'typeSecret', string];

/** Asks the runner to type into the prompt once it shows `waitFor`, and waits until it has. */
export async function keyboard(waitFor: string, ...actions: KeyboardAction[]): Promise<void> {
  assert.equal(await askRunner('keyboard', { waitFor, actions }, '.done'), '', `typing into "${waitFor}"`);
}

/**
 * Asks the runner to click the first visible element matching `click` (and `hasText`), or to move the mouse over
 * the one matching `hover`, then answers every element matching `read`.
 */
export async function page(options: { click?: string; hover?: string; hasText?: string; read?: string }): Promise<PageElement[]> {
  const { error, elements } = JSON.parse(await askRunner('page', options, '.json')) as { error: string; elements: PageElement[] };
  assert.equal(error, '', `the page request ${JSON.stringify(options)}`);
  return elements;
}

/**
 * Asks the runner for a screenshot of the workbench as it is now, and waits until it is saved as
 * `<AWS_ORGANIZATIONS_SCREENSHOTS>/<name>.png` (does nothing when the suite runs without that runner).
 */
export async function screenshot(name: string): Promise<void> {
  const folder = process.env.AWS_ORGANIZATIONS_SCREENSHOTS;
  if (!folder) return;
  const file = path.join(folder, `${name}.png`);
  fs.rmSync(file, { force: true });
  console.log(`[screenshot] ${name}`);
  await poll(`the runner to save ${file}`, () => (fs.existsSync(file) ? true : undefined));
}

/** The language server's process, as the language client started it. */
export function serverProcess(api: ExtensionApi): ChildProcess | undefined {
  return (api.explorer.client as unknown as { serverProcess?: ChildProcess }).serverProcess;
}

/** Kills the language server (SIGKILL); answers its process ID once it has exited. */
export async function killServer(api: ExtensionApi): Promise<number> {
  const killed = serverProcess(api);
  assert.ok(killed?.pid, 'the language server runs in its own process');
  const exited = new Promise((resolve) => killed.once('exit', resolve));
  process.kill(killed.pid, 'SIGKILL');
  await exited;
  return killed.pid;
}

/** A check for `poll`: the running server's process ID once it is another than `pid`. */
export function restartedAfter(api: ExtensionApi, pid: number): () => number | undefined {
  return () => {
    const current = serverProcess(api)?.pid;
    return current && current !== pid && api.explorer.client.isRunning() ? current : undefined;
  };
}
