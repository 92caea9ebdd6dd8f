/**
 * The language server killed (SIGKILL) inside a real VS Code: the client notices, starts a new server process
 * without a reload of the window, and everything comes back: the tree (the same nodes, an OU created just
 * before the kill included: the embedded organization is on disk), the open documents' diagnostics (a
 * workspace policy file and a modified `aws-organizations:` policy document) and the kind of the policy
 * document, which only the client can tell the new server. A server killed again and again is restarted a
 * limited number of times; then the client says so, and its Restart button starts the server again.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ErrorAction, type LanguageClientOptions } from 'vscode-languageclient';
import type { ExtensionApi } from '../../../client/src/extension';
import type { ExplorerNode } from '../../../client/src/tree/node';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import {
  OrganizationNode, PolicyKindInfoForDocument, mutationRequest, nodeRequest, policyKindRequest, resetEmbeddedRequest, rootsRequest, setContextAccountNotification,
} from '../../../server/src/protocol';
import { poll } from '../../support/poll';
import { activateExtension, killServer, page, request, restartedAfter, serverProcess } from './support';

suite('The language server restarted after it was killed', () => {
  let api: ExtensionApi;

  const view = () => api.explorer.organization;
  const children = (node?: ExplorerNode) => Promise.resolve(view().provider.getChildren(node));
  const labels = async (nodes: ExplorerNode[]) => Promise.all(nodes.map(async (node) => String((await view().provider.getTreeItem(node)).label)));
  const messages = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).map((diagnostic) => diagnostic.message).sort();

  /** The rows the side bar shows now: each one's level, label and whether it is expanded. */
  const rows = async () => (await page({ read: '.sidebar .monaco-list-row[aria-level]' }))
    .map(({ attributes }) => `${attributes['aria-level']} ${attributes['aria-label']} ${attributes['aria-expanded'] ?? ''}`);

  suiteSetup(async () => {
    api = await activateExtension();
    await request(api, resetEmbeddedRequest, { seed: 'sample' });
    await vscode.commands.executeCommand('awsOrganizations.organization.focus');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a killed server is restarted, and the tree, the documents and the embedded organization come back', async () => {
    // Before: an OU created a moment before the kill, shown in the tree under the root.
    const [root] = await request<{ Id: string }[]>(api, rootsRequest);
    const created = await request<{ OrganizationalUnit: { Id: string } }>(api, mutationRequest('CreateOrganizationalUnit'), { ParentId: root.Id, Name: 'Before the crash' });
    const ouId = created.OrganizationalUnit.Id;
    const rootNode = await poll('the root in the Organization view', async () => (await children()).find((node) => node.awsId === root.Id));
    const before = await poll('the new OU in the tree', async () => {
      const names = await labels(await children(rootNode));
      return names.includes(`Before the crash (${ouId})`) ? names : undefined;
    });

    // A workspace policy file with findings, and a policy document of the organization, modified and not saved.
    const [file] = await vscode.workspace.findFiles('protect-security-services.scp.json');
    const workspaceFile = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(workspaceFile, { preview: false });
    const policyDocument = await vscode.workspace.openTextDocument(vscode.Uri.parse('aws-organizations:/SERVICE_CONTROL_POLICY/DenyRootUser.json'));
    await vscode.window.showTextDocument(policyDocument, { preview: false });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(policyDocument.uri, policyDocument.validateRange(new vscode.Range(0, 0, 9999, 0)), policyDocument.getText().replace('2012-10-17', '2012-10-18'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    // The Organization view as the user sees it: the root and Workloads expanded.
    const rootChildren = await children(rootNode);
    const workloads = rootChildren[(await labels(rootChildren)).findIndex((name) => name.startsWith('Workloads ('))];
    assert.ok(workloads, 'the sample has the OU Workloads');
    await view().treeView.reveal(workloads, { expand: true, focus: false, select: false });
    const shown = await poll('the expanded OU in the side bar', async () => {
      const now = await rows();
      return now.some((row) => row.endsWith(' true') && row.startsWith('2 ')) ? now : undefined;
    });

    const fileFindings = await poll('findings in the workspace file', () => (messages(workspaceFile.uri).length ? messages(workspaceFile.uri) : undefined));
    const documentFindings = await poll('the invalid Version found in the policy document', () => {
      const found = messages(policyDocument.uri);
      return found.some((message) => /2012-10-18|Version/.test(message)) ? found : undefined;
    });

    // The diagnostics go when the old server goes, and must come back from the new one.
    const cleared = new Set<string>();
    const listener = vscode.languages.onDidChangeDiagnostics(({ uris }) => {
      for (const uri of uris) if (!vscode.languages.getDiagnostics(uri).length) cleared.add(uri.toString());
    });
    try {
      const killed = await killServer(api);
      const restarted = await poll('a new language server process', restartedAfter(api, killed), 60_000);
      assert.notEqual(restarted, killed);

      // The embedded organization: the new process opened the state file the old one wrote.
      const node = await request<OrganizationNode | null>(api, nodeRequest, { id: ouId });
      assert.equal(node?.kind === 'organizationalUnit' && node.organizationalUnit.Name, 'Before the crash');

      // The tree: the same root, and the same children under it, loaded from the new process.
      const after = await poll('the tree reloaded with the same children', async () => {
        const top = await children();
        const again = top.find((candidate) => candidate.awsId === root.Id);
        if (!again) return undefined;
        const names = await labels(await children(again));
        return names.join('\n') === before.join('\n') ? names : undefined;
      });
      assert.ok(after.includes(`Before the crash (${ouId})`));

      // The side bar: the same rows, expanded as they were.
      await poll('the same rows in the side bar', async () => ((await rows()).join('\n') === shown.join('\n') ? true : undefined));

      // The documents: validated again by the new server, with the same findings.
      await poll('the diagnostics of both documents back', () => {
        const back = messages(workspaceFile.uri).join('\n') === fileFindings.join('\n') && messages(policyDocument.uri).join('\n') === documentFindings.join('\n');
        return back ? true : undefined;
      });
      assert.ok(cleared.has(workspaceFile.uri.toString()) && cleared.has(policyDocument.uri.toString()), 'the old diagnostics were cleared when the server went');
      assert.ok(policyDocument.isDirty, 'the unsaved edit is still there');
      const kind = await poll('the new server to know the policy document\'s kind', async () => {
        const info = await request<PolicyKindInfoForDocument>(api, policyKindRequest, { uri: policyDocument.uri.toString() });
        return info.kind ? info : undefined;
      });
      assert.equal(kind.kind, 'SERVICE_CONTROL_POLICY');

      // And the new server serves changes as the old one did.
      await request(api, mutationRequest('UpdateOrganizationalUnit'), { OrganizationalUnitId: ouId, Name: 'After the crash' });
      await poll('the renamed OU in the tree', async () => {
        const again = (await children()).find((candidate) => candidate.awsId === root.Id);
        return again && (await labels(await children(again))).includes(`After the crash (${ouId})`) ? true : undefined;
      });
    } finally {
      listener.dispose();
      // Revert the unsaved edit in its own editor, so that no later suite finds it. (In the browser VS Code saves
      // after a delay by default; the invalid Version makes the extension refuse those saves.)
      await vscode.window.showTextDocument(policyDocument, { preview: false });
      await poll('the policy document in the active editor', () => (vscode.window.activeTextEditor?.document === policyDocument ? true : undefined));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      assert.equal(policyDocument.isDirty, false, 'the unsaved edit was reverted');
    }
  });

  test('a server killed while the client writes to it is restarted too (the writes fail before the channel closes)', async () => {
    // The failed write must not shut the client down (the library's default), or the close that follows restarts nothing.
    const { errorHandler } = (api.explorer.client as unknown as { clientOptions: LanguageClientOptions }).clientOptions;
    const decision = await errorHandler!.error(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), undefined, undefined);
    assert.equal(decision.action, ErrorAction.Continue);

    const killed = serverProcess(api);
    assert.ok(killed?.pid);
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    process.kill(killed.pid, 'SIGKILL');
    // Written while the process dies, before its channel is known to be closed. A notification without effect on
    // the tests that follow: no context account.
    const writes: Promise<unknown>[] = [];
    for (let sent = 0; sent < 200; sent++) writes.push(api.explorer.client.sendNotification(setContextAccountNotification.method, { accountId: null }).catch(() => undefined));
    await Promise.all([exited, ...writes]);
    await poll('a new language server process', restartedAfter(api, killed.pid), 60_000);
  });

  test('a server killed again and again is restarted at most 4 times in 3 minutes; then the client says so and Restart starts it', async () => {
    const toasts = '.notifications-toasts .notification-list-item';
    const givenUp = async () => (await page({ read: toasts })).some(({ text }) => /language server stopped 5 times within 3 minutes and was not restarted/.test(text));
    let kills = 0;
    let outcome: 'restarted' | 'given up' = 'restarted';
    // The first test's restart counts too: kill until the client gives up, which must come by the 5th stop in 3 minutes.
    while (outcome === 'restarted') {
      assert.ok(kills < 5, 'the client gave up by the 5th stop');
      const killed = await killServer(api);
      kills++;
      outcome = await poll('a restart or the message that the client gave up', async () => (restartedAfter(api, killed)() ? 'restarted' : (await givenUp()) ? 'given up' : undefined), 60_000);
    }
    assert.equal(serverProcess(api), undefined, 'no server runs');
    assert.equal(api.explorer.client.isRunning(), false);

    await page({ click: `${toasts} .monaco-button`, hasText: 'Restart' });
    await poll('the server started again from the message', () => (api.explorer.client.isRunning() && serverProcess(api)?.pid ? true : undefined), 60_000);
    const [root] = await request<{ Id: string }[]>(api, rootsRequest);
    assert.match(root.Id, /^r-/);
  });
});
