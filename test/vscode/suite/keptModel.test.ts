/**
 * The organization model kept in global storage, inside a real VS Code: the window's language server stops (it
 * keeps the model it read on the way out), the organization changes elsewhere meanwhile (another process takes the
 * embedded state file, as another window or `aws-organizations-local` would, and creates an OU under the root), and a
 * new server starts. The Organization view answers from the kept model at once, saying as of when in its header,
 * and the revalidation brings the OU made elsewhere into the side bar without a refresh. Read from the page.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import type { ExplorerNode } from '../../../client/src/tree/node';
import { openEmbedded } from '../../../server/src/organizations/embedded';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import { resetEmbeddedRequest, rootsRequest, type OrganizationInitializationOptions } from '../../../server/src/protocol';
import { poll } from '../../support/poll';
import { activateExtension, page, request } from './support';

suite('The organization model kept since the last session', () => {
  let api: ExtensionApi;

  const view = () => api.explorer.organization;
  const children = (node?: ExplorerNode) => Promise.resolve(view().provider.getChildren(node));
  /** The labels of the rows the side bar shows now. */
  const rows = async () => (await page({ read: '.sidebar .monaco-list-row[aria-level]' })).map(({ attributes }) => attributes['aria-label'] ?? '');
  /** The text of the side bar's view headers (title and description). */
  const headers = async () => (await page({ read: '.sidebar .pane-header' })).map(({ text }) => text.replace(/\s+/g, ' '));

  suiteSetup(async () => {
    api = await activateExtension();
    await request(api, resetEmbeddedRequest, { seed: 'sample' });
    await vscode.commands.executeCommand('awsOrganizations.organization.focus');
  });

  test('a model kept while the organization changed elsewhere answers as of when it was read, and revalidation shows the change without a refresh', async function () {
    // Two server starts on a busy machine.
    this.timeout(180_000);
    const [root] = await request<{ Id: string }[]>(api, rootsRequest);
    const rootNode = await poll('the root in the Organization view', async () => (await children()).find((node) => node.awsId === root.Id));
    await view().treeView.reveal(rootNode, { expand: true, focus: false, select: false });
    const before = await poll('the root\'s children in the side bar', async () => {
      const shown = await rows();
      return shown.some((row) => row.startsWith('Workloads (')) ? shown : undefined;
    });
    assert.ok(!(await headers()).some((header) => header.includes('as of')), `a model read now is not "as of" (${(await headers()).join(' | ')})`);

    // The server stops, keeping what it read; then another process changes the organization.
    const options = (api.explorer.client.clientOptions.initializationOptions as () => OrganizationInitializationOptions)();
    await api.explorer.client.stop();
    const elsewhere = await openEmbedded({ statePath: options.embeddedStatePath });
    assert.equal(elsewhere.kind, 'owner', 'the stopped server released the state file');
    let createdId: string;
    try {
      const created = elsewhere.engine.call('CreateOrganizationalUnit', { ParentId: root.Id, Name: 'Made elsewhere' }, elsewhere.engine.managementAccountId) as { OrganizationalUnit: { Id: string } };
      createdId = created.OrganizationalUnit.Id;
    } finally {
      await elsewhere.close();
    }

    await api.explorer.client.start();
    // The view says its answers are as of when the kept model was read (until a refresh reads everything again).
    await poll('the Organization view to say "as of"', async () => ((await headers()).some((header) => /organization.*as of \S/i.test(header)) ? true : undefined), 60_000);
    // The OU made elsewhere shows under the root without a refresh, beside what the side bar showed before.
    const after = await poll('the OU made elsewhere in the side bar', async () => {
      const shown = await rows();
      return shown.some((row) => row.startsWith(`Made elsewhere (${createdId})`)) ? shown : undefined;
    }, 60_000);
    for (const row of before.filter((label) => label.startsWith('Workloads ('))) assert.ok(after.includes(row), `${row} is still shown`);
  });
});
