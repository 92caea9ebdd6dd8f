/**
 * What the in-VS Code suites share: the extension's API, requests to its language server, and `[page]` requests to
 * the runner (test/vscode/run.mjs), which clicks and reads the workbench's page.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import { poll } from './poll';

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

let pageRequests = 0;

/** Asks the runner to click the first visible element matching `click` (and `hasText`), then answers every element matching `read`. */
export async function page(options: { click?: string; hasText?: string; read?: string }): Promise<PageElement[]> {
  // The runner answers in page-<id>.json: ids of this module's own, apart from those other suites count.
  const id = `support-${++pageRequests}`;
  console.log(`[page] ${JSON.stringify({ id, ...options })}`);
  const file = path.join(process.env.AWS_ORGANIZATIONS_KEYBOARD!, `page-${id}.json`);
  const answer = await poll(`the runner to answer ${JSON.stringify(options)}`, () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined), 60_000);
  const { error, elements } = JSON.parse(answer) as { error: string; elements: PageElement[] };
  assert.equal(error, '', `the page request ${JSON.stringify(options)}`);
  return elements;
}
