/** What the in-VS Code suites of the commands share: the extension's API and requests to its language server. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';

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
