/**
 * The extension inside a real VS Code (code-server), on the demo workspace: it activates when a policy file
 * opens, its view and commands are there, and its language server answers hovers through VS Code's API.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { repoRoot } from '../../support/paths';
import { poll } from '../../support/poll';
import { extensionId } from './support';

/** The demo workspace's service control policy, opened in an editor. */
async function openPolicy(): Promise<vscode.TextDocument> {
  const [file] = await vscode.workspace.findFiles('deny-leaving-organization.scp.json');
  assert.ok(file, 'the demo workspace holds deny-leaving-organization.scp.json');
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  return document;
}

suite('AWS Organizations in VS Code', () => {
  test('opening a policy file activates the extension', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    const document = await openPolicy();
    assert.equal(document.languageId, 'json');
    await poll('the extension to activate', () => extension.isActive || undefined);
    // Once activated, this settles at once; it rejects with the error if activate() threw.
    await extension.activate();
    assert.equal(extension.extensionPath, repoRoot, 'the extension under development runs, from the repository');
  });

  test('the Organization view and its container are contributed and open', async () => {
    // Each command exists only if the view container and the view were registered from package.json.
    await vscode.commands.executeCommand('workbench.view.extension.awsOrganizations');
    await vscode.commands.executeCommand('awsOrganizations.organization.focus');
  });

  test('the commands are registered and run', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('awsOrganizations.refresh'));
    assert.ok(commands.includes('awsOrganizations.showLog'));
    await vscode.commands.executeCommand('awsOrganizations.refresh');
    await vscode.commands.executeCommand('awsOrganizations.showLog');
    // The log is an output channel: showing it opens its document.
    await poll('the AWS Organizations log to show', () =>
      vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'output' && document.uri.path.includes('AWS Organizations')));
  });

  test('the language server answers a hover on "Version" with the policy language version', async () => {
    const document = await openPolicy();
    const position = document.positionAt(document.getText().indexOf('"Version"') + 2);
    const text = await poll('a hover that documents Version', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      const text = hovers.flatMap((hover) => hover.contents).map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
      return text.includes('2012-10-17') ? text : undefined;
    });
    assert.match(text, /Version/);
  });
});
