/** Activation: starts the language server, then registers the views and commands that talk to it. */
import * as vscode from 'vscode';
import { createLanguageClient } from './languageClient';
import { log } from './log';
import { OrganizationTree } from './tree/organizationTree';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  try {
    const client = createLanguageClient(context);
    context.subscriptions.push(client, log);
    await client.start();

    const tree = new OrganizationTree(client);
    context.subscriptions.push(
      vscode.window.createTreeView('awsOrganizations.organization', { treeDataProvider: tree, showCollapseAll: true }),
      vscode.commands.registerCommand('awsOrganizations.refresh', () => tree.refresh()),
      vscode.commands.registerCommand('awsOrganizations.showLog', () => log.show()),
    );
  } catch (error) {
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`AWS Organizations failed to start: ${error instanceof Error ? error.message : error}`, 'Show Log')
      .then((choice) => choice && log.show());
    throw error;
  }
}

export function deactivate(): void {}
