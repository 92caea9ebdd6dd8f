/**
 * Effective permissions inside a real VS Code, over the embedded organization's sample: hovering an action of
 * the demo SCP shows where the organization denies it, the context account adds its chain, and the commands
 * "Why Is This Denied?" and "Show Effective Permissions" open their explanations as Markdown documents.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import { PermissionsTarget, permissionsTargetsRequest, resetEmbeddedRequest } from '../../../server/src/protocol';
import { poll } from '../../support/poll';
import { activateExtension, request } from './support';

suite('Effective permissions', () => {
  let api: ExtensionApi;
  let targets: PermissionsTarget[];
  const accountNamed = (name: string) => {
    const account = targets.find((target) => target.Type === 'ACCOUNT' && target.Name === name);
    assert.ok(account, `the sample has the account ${name}`);
    return account;
  };

  /** The Markdown of every hover at the action of the demo SCP, joined. */
  async function hoverOnAction(): Promise<string> {
    const [file] = await vscode.workspace.findFiles('deny-leaving-organization.scp.json');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const position = document.positionAt(document.getText().indexOf('organizations:LeaveOrganization') + 3);
    return poll('a hover with effective permissions', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      const markdown = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
      return markdown.includes('Effective permissions') ? markdown : undefined;
    });
  }

  suiteSetup(async () => {
    api = await activateExtension();
    // Earlier suites change the organization: start from the sample.
    await request(api, resetEmbeddedRequest, { seed: 'sample' });
    targets = await poll('the accounts of the sample', async () => {
      const found = await request<PermissionsTarget[]>(api, permissionsTargetsRequest);
      return found.some((target) => target.Name === 'Legacy Reporting') ? found : undefined;
    });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('awsOrganizations.setContextAccount', { accountId: null });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('hover on an action of a policy file shows where the organization denies it', async () => {
    const markdown = await hoverOnAction();
    assert.match(markdown, /denied in \d+ accounts by SCP `DenyLeaveOrganization` Statement\[0\] at Root/);
    assert.doesNotMatch(markdown, /context account/);
  });

  test('with a context account chosen, hover explains that account\'s chain', async () => {
    const legacy = accountNamed('Legacy Reporting');
    await vscode.commands.executeCommand('awsOrganizations.setContextAccount', { accountId: legacy.Id });
    const markdown = await hoverOnAction();
    assert.match(markdown, /In account `Legacy Reporting`/);
    assert.match(markdown, /Decided by SCP `DenyLeaveOrganization` Statement\[0\] at Root/);
    assert.match(markdown, /- OU `Suspended` \(ou-[0-9a-z-]+\): \*\*denied by an explicit Deny\*\*: denied by `DenyAllActions` Statement\[0\]/);
  });

  test('"Why Is This Denied?" and "Show Effective Permissions" open Markdown explanations', async () => {
    const payments = accountNamed('Payments Prod');
    const why = await vscode.commands.executeCommand<vscode.TextDocument>('awsOrganizations.whyDenied', { accountId: payments.Id, action: 'cloudtrail:StopLogging' });
    assert.equal(why.languageId, 'markdown');
    assert.match(why.getText(), /Decided by SCP `ProtectSecurityServices` Statement\[0\]/);

    const effective = await vscode.commands.executeCommand<vscode.TextDocument>('awsOrganizations.showEffectivePermissions', { targetId: payments.Id });
    assert.equal(effective.languageId, 'markdown');
    assert.match(effective.getText(), /# Effective permissions of account `Payments Prod`/);
    assert.match(effective.getText(), /Denied \(Write\): .*`cloudtrail:StopLogging`/);
  });
});
