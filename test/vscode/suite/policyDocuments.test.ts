/**
 * Policies as documents inside a real VS Code, over the embedded organization's sample: a policy opened from the
 * Policies view is a document of the `aws-organizations` scheme whose kind the language server knows; saving it
 * runs UpdatePolicy; AWS managed policies are read-only; a save refused by AWS or by ERROR diagnostics keeps the
 * user's text and says why; pulling into a folder and deploying back round-trips byte for byte; and a change made
 * elsewhere reloads an unmodified document and is reported as a conflict for a modified one.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Policy, PolicySummary } from '@aws-sdk/client-organizations';
import type { ExtensionApi } from '../../../client/src/extension';
import type { PolicyConflict, SaveRejection } from '../../../client/src/policyDocuments';
import type { ExplorerNode } from '../../../client/src/tree/node';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import { poll } from '../../support/poll';
import { PolicyKindInfoForDocument, mutationRequest, policiesRequest, policyKindRequest, resetEmbeddedRequest } from '../../../server/src/protocol';

const extensionId = 'aws-organizations-vscode.aws-organizations-vscode';

suite('Policies as documents', () => {
  let api: ExtensionApi;
  const folders: string[] = [];

  const request = <R>(method: string, params: unknown) => api.explorer.client.sendRequest<R>(method, params);
  const describe = async (policyId: string) => (await request<{ Policy: Policy }>(mutationRequest('DescribePolicy').method, { PolicyId: policyId })).Policy;
  const scps = () => request<PolicySummary[]>(policiesRequest.method, { type: 'SERVICE_CONTROL_POLICY' });
  const scpNamed = async (name: string) => {
    const policy = (await scps()).find((candidate) => candidate.Name === name);
    assert.ok(policy?.Id, `the sample has the SCP ${name}`);
    return policy;
  };

  /** Replaces a document's whole text, as typing would, leaving it modified. */
  async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(document.isDirty);
  }

  /** Saves, expecting refusal: whether VS Code answers false or throws, the rejection event carries the reason. */
  async function saveRefused(document: vscode.TextDocument): Promise<SaveRejection> {
    const rejected = new Promise<SaveRejection>((resolve) => {
      const listener = api.policyDocuments.files.onDidRejectSave((rejection) => {
        listener.dispose();
        resolve(rejection);
      });
    });
    const saved = await Promise.resolve(document.save()).catch(() => false);
    assert.equal(saved, false, 'the save failed');
    return rejected;
  }

  async function createScp(name: string, content: string): Promise<PolicySummary> {
    const output = await request<{ Policy: Policy }>(mutationRequest('CreatePolicy').method, { Name: name, Type: 'SERVICE_CONTROL_POLICY', Description: 'test', Content: content });
    return output.Policy.PolicySummary!;
  }

  const denyContent = (sid: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "${sid}",\n      "Effect": "Deny",\n      "Action": "s3:DeleteBucket",\n      "Resource": "*"\n    }\n  ]\n}\n`;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<ExtensionApi>(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    api = await extension.activate();
    await request(resetEmbeddedRequest.method, { seed: 'sample' });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
    await vscode.workspace.getConfiguration('awsOrganizations.policies').update('folder', undefined, vscode.ConfigurationTarget.Global);
  });

  test('a policy opened from the Policies view is its document: the server knows its kind, and saving runs UpdatePolicy', async () => {
    const provider = api.explorer.policies.provider;
    const types = await poll('the Policies view', async () => {
      const nodes: ExplorerNode[] = await Promise.resolve(provider.getChildren(undefined));
      return nodes.length ? nodes : undefined;
    });
    const scpType = types.find((node) => node.id === 'SERVICE_CONTROL_POLICY');
    assert.ok(scpType);
    const nodes: ExplorerNode[] = await Promise.resolve(provider.getChildren(scpType));
    const node = await poll('DenyRootUser in the Policies view', async () => {
      for (const candidate of nodes) if (String((await provider.getTreeItem(candidate)).label).startsWith('DenyRootUser (')) return candidate;
      return undefined;
    });
    await vscode.commands.executeCommand('awsOrganizations.policies.open', node);
    const document = await poll('the policy document in the active editor', () => {
      const active = vscode.window.activeTextEditor?.document;
      return active?.uri.scheme === 'aws-organizations' ? active : undefined;
    });
    assert.equal(document.uri.path, '/SERVICE_CONTROL_POLICY/DenyRootUser.json');
    // By name: the view may still show the policy's ID from before the suite reset the organization.
    const policyId = (await scpNamed('DenyRootUser')).Id!;
    assert.equal(document.getText(), (await describe(policyId)).Content);
    const kind = await poll('the server to know the kind from the organization', async () => {
      const info = await request<PolicyKindInfoForDocument>(policyKindRequest.method, { uri: document.uri.toString() });
      return info.source === 'organization' ? info : undefined;
    });
    assert.equal(kind.kind, 'SERVICE_CONTROL_POLICY');

    const edited = denyContent('EditedInVSCode');
    await replaceText(document, edited);
    assert.equal(await document.save(), true);
    assert.equal(document.isDirty, false);
    assert.equal((await describe(policyId)).Content, edited, 'the organization holds the saved text');
  });

  test('an AWS managed policy opens read-only', async () => {
    const uri = vscode.Uri.parse('aws-organizations:/SERVICE_CONTROL_POLICY/FullAWSAccess.json');
    const stat = await vscode.workspace.fs.stat(uri);
    assert.equal(stat.permissions, vscode.FilePermission.Readonly);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{}'))), /AWS managed/);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.match(document.getText(), /"Effect": "Allow"/);
  });

  test('a save that AWS rejects keeps the text and shows AWS\'s reason', async () => {
    const created = await createScp('DeletedWhileEditing', denyContent('Original'));
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('aws-organizations:/SERVICE_CONTROL_POLICY/DeletedWhileEditing.json'));
    await vscode.window.showTextDocument(document);
    const edited = denyContent('NeverDeployed');
    await replaceText(document, edited);
    await request(mutationRequest('DeletePolicy').method, { PolicyId: created.Id });

    const rejection = await saveRefused(document);
    assert.match(rejection.message, /PolicyNotFoundException/);
    assert.equal(document.getText(), edited, 'the user\'s text is kept');
    assert.equal(document.isDirty, true);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a save is refused while the document has ERROR diagnostics, with the first error', async () => {
    const policy = await scpNamed('RegionRestriction');
    const before = (await describe(policy.Id!)).Content;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('aws-organizations:/SERVICE_CONTROL_POLICY/RegionRestriction.json'));
    await vscode.window.showTextDocument(document);
    const broken = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Deny", "Action": "*", "Resource": "*" }\n';
    await replaceText(document, broken);
    await poll('an ERROR diagnostic', () => vscode.languages.getDiagnostics(document.uri).some((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error) || undefined);

    const rejection = await saveRefused(document);
    assert.match(rejection.message, /^Not saved: the policy has \d+ errors?, first on line \d+: /);
    assert.equal(document.getText(), broken);
    assert.equal((await describe(policy.Id!)).Content, before, 'nothing was deployed');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('pulling into a folder and deploying back round-trips byte for byte, with the attachments in a manifest', async () => {
    const first = fs.mkdtempSync(path.join(os.tmpdir(), 'policies-a-'));
    const second = fs.mkdtempSync(path.join(os.tmpdir(), 'policies-b-'));
    folders.push(first, second);
    await vscode.commands.executeCommand('awsOrganizations.policies.pull', vscode.Uri.file(first), ['SERVICE_CONTROL_POLICY']);
    const names = fs.readdirSync(first).sort();
    assert.ok(names.includes('DenyLeaveOrganization.scp.json') && names.includes('FullAWSAccess.scp.json'), names.join(', '));
    const manifest = JSON.parse(fs.readFileSync(path.join(first, 'organization-policies.manifest.json'), 'utf8')) as { Policies: { File: string; Id: string; Targets: { TargetId: string }[] }[] };
    const denyLeave = manifest.Policies.find((entry) => entry.File === 'DenyLeaveOrganization.scp.json');
    assert.ok(denyLeave?.Targets.some((target) => /^r-/.test(target.TargetId)), 'DenyLeaveOrganization is attached to the root');
    assert.equal(manifest.Policies.length, names.length - 1, 'one manifest entry per policy file');

    // CRLF line ends and no final newline: the deployed content must be the file's bytes, not a normalized text.
    const changed = denyContent('FromTheRepository').replace(/\n/g, '\r\n').trimEnd();
    fs.writeFileSync(path.join(first, 'DenyRootUser.scp.json'), changed);
    await vscode.commands.executeCommand('awsOrganizations.policies.deploy', vscode.Uri.file(path.join(first, 'DenyRootUser.scp.json')));
    assert.equal((await describe((await scpNamed('DenyRootUser')).Id!)).Content, changed);

    await vscode.commands.executeCommand('awsOrganizations.policies.pull', vscode.Uri.file(second), ['SERVICE_CONTROL_POLICY']);
    assert.deepEqual(fs.readdirSync(second).sort(), names);
    for (const name of names) assert.ok(fs.readFileSync(path.join(first, name)).equals(fs.readFileSync(path.join(second, name))), `${name} round-trips byte for byte`);
  });

  test('a change made elsewhere reloads an unmodified document and is reported as a conflict for a modified one', async () => {
    const quiet = await createScp('ChangedElsewhereQuiet', denyContent('One'));
    const busy = await createScp('ChangedElsewhereBusy', denyContent('One'));
    const unmodified = await vscode.workspace.openTextDocument(vscode.Uri.parse('aws-organizations:/SERVICE_CONTROL_POLICY/ChangedElsewhereQuiet.json'));
    const modified = await vscode.workspace.openTextDocument(vscode.Uri.parse('aws-organizations:/SERVICE_CONTROL_POLICY/ChangedElsewhereBusy.json'));
    await vscode.window.showTextDocument(unmodified, { preview: false });
    await vscode.window.showTextDocument(modified, { preview: false });
    await replaceText(modified, denyContent('Mine'));

    const conflict = new Promise<PolicyConflict>((resolve) => {
      const listener = api.policyDocuments.files.onDidDetectConflict((found) => {
        if (found.uri.toString() !== modified.uri.toString()) return;
        listener.dispose();
        resolve(found);
      });
    });
    for (const policy of [quiet, busy]) await request(mutationRequest('UpdatePolicy').method, { PolicyId: policy.Id, Content: denyContent('Theirs') });

    assert.equal((await conflict).deployed, denyContent('Theirs'));
    assert.equal(modified.getText(), denyContent('Mine'), 'the user\'s text stays');
    await poll('the unmodified document to reload', () => (unmodified.getText() === denyContent('Theirs') ? true : undefined));
    assert.equal(unmodified.isDirty, false);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a mapped folder: pulled files match, an edited file and a new one are marked, Create Policy from This File and Compare with Deployed work on them', async () => {
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the test workspace is open');
    const relative = `policies-under-test-${process.pid}`;
    const folder = path.join(workspace.uri.fsPath, relative);
    folders.push(folder);
    const status = api.policyDocuments.status;
    const differences = (check: (found: readonly { file: vscode.Uri; state: string }[]) => boolean) =>
      poll('the policy files status', () => (check(status.differences) ? status.differences : undefined));
    await vscode.workspace.getConfiguration('awsOrganizations.policies').update('folder', relative, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('awsOrganizations.policies.pull', undefined, ['SERVICE_CONTROL_POLICY']);
    assert.ok(fs.existsSync(path.join(folder, 'DenyRootUser.scp.json')), 'the pull went to the mapped folder');
    await differences((found) => found.length === 0);

    const edited = vscode.Uri.file(path.join(folder, 'DenyLeaveOrganization.scp.json'));
    fs.writeFileSync(edited.fsPath, denyContent('EditedInTheRepository'));
    const created = vscode.Uri.file(path.join(folder, 'NewFromTheRepository.scp.json'));
    fs.writeFileSync(created.fsPath, denyContent('New'));
    const found = await differences((list) => list.length === 2);
    assert.deepEqual(found.map(({ file, state }) => `${path.basename(file.fsPath)}: ${state}`).sort(),
      ['DenyLeaveOrganization.scp.json: changed', 'NewFromTheRepository.scp.json: missing']);
    assert.equal(status.provideFileDecoration(edited)?.badge, '≠');
    assert.equal(status.provideFileDecoration(vscode.Uri.parse('aws-organizations:/SERVICE_CONTROL_POLICY/DenyLeaveOrganization.json'))?.badge, '≠',
      'the policy\'s own document is marked too');

    await vscode.commands.executeCommand('awsOrganizations.policies.compareWithDeployed', edited);
    const input = await poll('the comparison', () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return tab instanceof vscode.TabInputTextDiff ? tab : undefined;
    });
    assert.equal(input.original.scheme, 'aws-organizations-deployed');
    assert.equal(input.modified.toString(), edited.toString());
    assert.match((await vscode.workspace.openTextDocument(input.original)).getText(), /DenyLeave|organizations:LeaveOrganization/);

    await vscode.commands.executeCommand('awsOrganizations.policies.createFromFile', created);
    const policy = await scpNamed('NewFromTheRepository');
    assert.equal((await describe(policy.Id!)).Content, denyContent('New'));
    await differences((list) => list.length === 1 && list[0].file.toString() === edited.toString());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
