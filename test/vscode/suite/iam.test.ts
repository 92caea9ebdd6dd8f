/**
 * The IAM of the accounts in the Organization view, inside a real VS Code over the embedded organization's
 * sample, acted on through the page as a person does: expanding an account's "IAM" group with the mouse shows its
 * roles (service-linked ones marked with their service) and users, hovering a role shows its trust and policies,
 * clicking a policy opens its document read-only, an account without OrganizationAccountAccessRole says why it
 * cannot be read, and enabling trusted access says how many service-linked roles it created.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import { resetEmbeddedRequest } from '../../../server/src/protocol';
import { poll } from '../../support/poll';
import { activateExtension, page, request, screenshot } from './support';

const rowSelector = '.sidebar .monaco-list-row[aria-level]';
const toasts = '.notifications-toasts .notification-list-item';

suite('IAM in the Organization view', () => {
  let api: ExtensionApi;
  let payments = '';

  /** The side bar's rows as shown: each one's text (label and description). */
  const rows = async () => (await page({ read: rowSelector })).map(({ text }) => text.replace(/\s+/g, ' ').trim());

  /** Clicks the row whose text has `text` (expanding a collapsed node, opening a leaf's document), once it shows. */
  async function clickRow(text: string): Promise<void> {
    await poll(`a row "${text}" in the side bar`, async () => ((await rows()).some((row) => row.includes(text)) ? true : undefined));
    await page({ click: rowSelector, hasText: text });
  }

  /**
   * Scrolls the Organization view to a node, as a person scrolls to rows below the fold (the list renders only the
   * rows in sight); the node is found by its id once the view has it.
   */
  async function scrollTo(id: string): Promise<void> {
    const view = api.explorer.organization;
    const node = await poll(`the node ${id} in the view`, async () => view.provider.node(id));
    await view.treeView.reveal(node, { select: false, focus: false });
  }

  suiteSetup(async () => {
    api = await activateExtension();
    await request(api, resetEmbeddedRequest, { seed: 'sample' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('awsOrganizations.organization.focus');
    // The Policies view folded away, the Organization view has the side bar's height.
    await page({ click: '.sidebar .pane-header', hasText: 'Policies' });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.collapseAllViews').then(undefined, () => undefined);
  });

  test('an account\'s IAM group lists its roles and users, service-linked roles with their service', async () => {
    for (const name of ['Workloads (', 'Prod (', 'Payments Prod (']) await clickRow(name);
    await clickRow('IAM');
    payments = /\((\d{12})\)/.exec((await rows()).find((row) => row.startsWith('Payments Prod ('))!)![1];
    await scrollTo(`${payments}/iam/user/break-glass`);
    const shown = await poll('the roles and users of Payments Prod', async () => {
      const now = await rows();
      return now.some((row) => row.startsWith('break-glass')) ? now : undefined;
    });
    assert.ok(shown.some((row) => row.startsWith('AWSServiceRoleForSSO') && row.includes('service-linked role · sso.amazonaws.com')), shown.join('\n'));
    assert.ok(shown.some((row) => row.startsWith('AWSServiceRoleForCloudTrail') && row.includes('cloudtrail.amazonaws.com')), shown.join('\n'));
    assert.ok(shown.some((row) => row.startsWith('CIDeploy') && row.includes('/ci/') && row.includes('permissions boundary')), shown.join('\n'));
    assert.ok(shown.some((row) => row.startsWith('OrganizationAccountAccessRole') && row.includes('role')), shown.join('\n'));
    assert.ok(shown.some((row) => row.startsWith('break-glass') && row.includes('user')), shown.join('\n'));
    await screenshot('iam-tree');
  });

  test('hovering a role shows its trust and its policies', async () => {
    const tooltip = await poll('the tooltip of the role CIDeploy', async () => {
      await page({ hover: rowSelector, hasText: 'CIDeploy' });
      const hovers = (await page({ read: '.monaco-hover-content, .workbench-hover' })).map(({ text }) => text).join('\n');
      return hovers.includes('Trusted by') ? hovers : undefined;
    });
    assert.match(tooltip, /Trusted by: arn:aws:iam::\d{12}:root/);
    assert.match(tooltip, /Attached policies: PowerUserAccess/);
    assert.match(tooltip, /Inline policies: PassDeploymentRoles/);
    assert.match(tooltip, /Permissions boundary: arn:aws:iam::\d{12}:policy\/boundaries\/DeployBoundary/);
  });

  test('clicking a service-linked role\'s policy opens its document, read-only', async () => {
    await clickRow('AWSServiceRoleForSSO');
    await scrollTo(`${payments}/iam/role/AWSServiceRoleForSSO/AWS managed/AWSSSOServiceRolePolicy`);
    await clickRow('AWSSSOServiceRolePolicy');
    const editor = await poll('the policy document in an editor', async () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === 'aws-organizations-iam' ? active : undefined;
    });
    assert.match(editor.document.uri.path, /\/role\/AWSServiceRoleForSSO\/AWSSSOServiceRolePolicy\.json$/);
    const document = JSON.parse(editor.document.getText()) as { Statement: unknown[] };
    assert.ok(document.Statement.length > 0);
    // Typing into it changes nothing: the editor is read-only.
    const before = editor.document.getText();
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(editor.document.getText(), before);
    assert.equal(editor.document.isDirty, false);
    const tabs = await page({ read: '.tabs-container .tab' });
    assert.ok(tabs.some(({ text }) => text.includes('AWSSSOServiceRolePolicy.json')), tabs.map(({ text }) => text).join(', '));
  });

  test('an invited account without OrganizationAccountAccessRole says why its IAM cannot be read', async () => {
    // Payments Prod folded away, the only IAM group in sight is the invited account's.
    await clickRow('Payments Prod (');
    await clickRow('Account 444455556666 (');
    await clickRow('IAM');
    await scrollTo('444455556666/iam/error');
    const failed = await poll('the reason on the IAM group', async () => (await rows()).find((row) => row.includes('Failed to load') && row.includes('AccessDenied')));
    assert.match(failed, /OrganizationAccountAccessRole/);
  });

  test('enabling trusted access says how many service-linked roles it created', async () => {
    await vscode.commands.executeCommand('awsOrganizations.enableTrustedAccess', { ServicePrincipal: 'config.amazonaws.com' });
    const toast = await poll('the message of Enable Trusted Access', async () =>
      (await page({ read: toasts })).map(({ text }) => text).find((text) => text.includes('AWS Config')));
    assert.match(toast, /created the service-linked role AWSServiceRoleForConfig in \d+ accounts/);
  });
});
