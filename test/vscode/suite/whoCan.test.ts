/**
 * Who Can...? inside a real VS Code, over the embedded organization's sample, on the real keyboard: the command
 * found in the palette, the action picked from the catalog's completion as typed, and the answer shown as a
 * read-only Markdown document in preview. Skipped when the suite runs without the keyboard runner.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import { connectionRequest, resetEmbeddedRequest, type ConnectionInfo } from '../../../server/src/protocol';
import { poll } from '../../support/poll';
import { activateExtension, keyboard, request, screenshot } from './support';

suite('Who Can...?', () => {
  let api: ExtensionApi;

  suiteSetup(async function () {
    if (!process.env.AWS_ORGANIZATIONS_KEYBOARD) this.skip();
    api = await activateExtension();
    await request(api, resetEmbeddedRequest, { seed: 'sample' });
    await poll('the sample organization', async () => ((await request<ConnectionInfo>(api, connectionRequest)).organization?.FeatureSet === 'ALL' ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('from the palette: the action completed from the catalog, the answer in a read-only preview', async function () {
    // The answer reads the IAM of every account of the sample (26 of them) through the SDK: slow on a loaded machine.
    this.timeout(240_000);
    void vscode.commands.executeCommand('workbench.action.quickOpen', '>Who Can');
    await keyboard('Who Can...?', ['row', 'AWS Organizations: Who Can...?'], ['press', 'Enter']);
    await keyboard('wildcards allowed', ['type', 'organizations:LeaveOrg'], ['row', 'organizations:LeaveOrganization'], ['press', 'Enter']);
    const report = await poll('the answer of Who Can', async () => vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'aws-organizations-report'), 180_000);
    const text = report.getText();
    assert.match(text, /^# Who can perform `organizations:LeaveOrganization`\?/);
    const may = text.slice(text.indexOf('## May perform it'), text.indexOf("## Denied only by the organization's policies"));
    assert.match(may, /- user `break-glass` in 111111111111: `AdministratorAccess \(group Emergency\)` Statement\[0\]/);
    assert.doesNotMatch(may, /`ReadOnly`/);
    assert.match(text, /\*\*\d+ accounts could not be read\*\*/);
    await poll('the Markdown preview of the answer', async () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label.includes('Who Can organizations:LeaveOrganization')));
    await screenshot('who-can');
  });
});
