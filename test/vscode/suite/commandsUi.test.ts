/**
 * Invite Account, Create Organizational Unit and Create Policy walked through their prompts on the real keyboard: the test
 * starts each command without arguments and asks the runner (test/vscode/run.mjs, `[keyboard]` requests) to
 * type into the workbench's quick input as a person would, including a value the validation refuses first.
 * The organization is read back from the language server afterwards. Skipped when the suite runs without
 * that runner (no AWS_ORGANIZATIONS_KEYBOARD).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Handshake, OrganizationalUnit, Policy } from '@aws-sdk/client-organizations';
import type { ExtensionApi } from '../../../client/src/extension';
import { poll } from '../../support/poll';
import { activateExtension, keyboard, page, request as send, screenshot } from './support';
import { OrganizationNode, connectionRequest, findRequest, handshakesRequest, nodeRequest, resetEmbeddedRequest } from '../../../server/src/protocol';
import type { ConnectionInfo } from '../../../server/src/protocol';

suite('The management commands, by keyboard', function () {
  let api: ExtensionApi;

  const request = <R>(type: { method: string }, params?: unknown): Promise<R> => send<R>(api, type, params);

  suiteSetup(async function () {
    if (!process.env.AWS_ORGANIZATIONS_KEYBOARD) this.skip();
    api = await activateExtension();
    await request(resetEmbeddedRequest, { seed: 'sample' });
    await poll('the sample organization', async () => ((await request<ConnectionInfo>(connectionRequest)).organization?.FeatureSet === 'ALL' ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Invite Account: the ID (a wrong one refused as typed), a note and tags; the invitation is open', async () => {
    const invited = Promise.resolve(vscode.commands.executeCommand<Handshake>('awsOrganizations.inviteAccount'));
    await keyboard('The 12-digit ID or the email address', ['type', '12345']);
    await keyboard('exactly 12 digits', ['press', 'Control+A'], ['type', '111122223333'], ['press', 'Enter']);
    await keyboard('A note for the invited account', ['type', 'Welcome aboard'], ['press', 'Enter']);
    await keyboard('Tags for the account once it joins', ['type', 'team=research'], ['press', 'Enter']);
    const handshake = await invited;
    assert.equal(handshake?.State, 'OPEN');
    const listed = (await request<Handshake[]>(handshakesRequest)).find((candidate) => candidate.Id === handshake.Id);
    assert.ok(listed?.Parties?.some((party) => party.Type === 'ACCOUNT' && party.Id === '111122223333'));
    assert.ok(listed?.Resources?.some((resource) => resource.Type === 'NOTES' && resource.Value === 'Welcome aboard'));
  });

  test('Create Organizational Unit: the parent picked by typing its name, a name taken refused as typed; the OU is there', async () => {
    const [workloads] = (await request<OrganizationNode[]>(findRequest, { query: 'Workloads' })).filter((node) => node.kind === 'organizationalUnit');
    const parentId = workloads.kind === 'organizationalUnit' ? workloads.organizationalUnit.Id! : '';
    const created = Promise.resolve(vscode.commands.executeCommand<OrganizationalUnit>('awsOrganizations.createOrganizationalUnit'));
    await keyboard('The root or OU to create the OU in', ['row', 'Workloads'], ['type', 'Workloads'], ['row', 'Workloads'], ['press', 'Enter']);
    await keyboard('The new OU\'s name', ['type', 'Prod']);
    await keyboard('already has an OU named Prod', ['press', 'Control+A'], ['type', 'Staging'], ['press', 'Enter']);
    const organizationalUnit = await created;
    assert.equal(organizationalUnit?.Name, 'Staging');
    const stored = await request<OrganizationNode | null>(nodeRequest, { id: organizationalUnit.Id });
    assert.equal(stored?.kind === 'organizationalUnit' && stored.parentId, parentId);
  });

  test('Create Policy with a *.scp.json file in the editor: its type, its content and its name come first', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'create-policy-'));
    const file = path.join(folder, 'eu-regions-only.scp.json');
    const content = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenyOutsideEu', Effect: 'Deny', NotAction: ['iam:*', 'organizations:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } }],
    }, undefined, 2);
    fs.writeFileSync(file, content);
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      const created = Promise.resolve(vscode.commands.executeCommand<Policy>('awsOrganizations.createPolicy'));
      const focused = async () => (await page({ read: '.quick-input-widget .monaco-list-row.focused' })).map((row) => row.text).join(' | ');
      await keyboard('The policy type', ['row', 'Service control']);
      assert.match(await focused(), /Service control policies.*the active editor's, by its file name/);
      await keyboard('The policy type', ['press', 'Enter']);
      await keyboard('Start from', ['row', 'eu-regions-only.scp.json']);
      assert.match(await focused(), /eu-regions-only\.scp\.json/, 'the file in the editor is offered before the examples');
      await keyboard('Start from', ['press', 'Enter']);
      // The name the file gives is in the box already: Enter takes it.
      await keyboard('The policy name', ['press', 'Enter']);
      await keyboard('A description', ['press', 'Enter']);
      const policy = await created;
      assert.equal(policy?.PolicySummary?.Name, 'eu-regions-only');
      assert.equal(policy?.PolicySummary?.Type, 'SERVICE_CONTROL_POLICY');
      assert.equal(policy?.Content, content);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('notifications.clearAll');
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('Register Delegated Administrator: the account picker leaves out the management account and says why', async () => {
    const connection = await request<ConnectionInfo>(connectionRequest);
    const management = connection.organization!.MasterAccountId!;
    const registering = Promise.resolve(vscode.commands.executeCommand('awsOrganizations.registerDelegatedAdministrator', { ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    const rows = async () => (await page({ read: '.quick-input-widget .monaco-list-row' })).map((row) => `${row.attributes['aria-label'] ?? ''} ${row.text}`);
    // The list is long and drawn only where it shows: typing filters it as a person would look for an account.
    await keyboard('the management account cannot', ['row', 'Sandbox Alice'], ['type', 'Sandbox']);
    assert.ok((await rows()).some((row) => row.includes('Sandbox Alice')), 'member accounts are offered');
    await keyboard('the management account cannot', ['press', 'Control+A'], ['type', management]);
    // The filter is fuzzy: other accounts may stay listed, but none is the management account.
    const filtered = await rows();
    assert.ok(!filtered.some((row) => row.includes(management)), `no row for the management account ${management}: ${filtered.join(' | ')}`);
    await keyboard('the management account cannot', ['press', 'Control+A'], ['press', 'Backspace'], ['row', 'Sandbox Alice']);
    await screenshot('delegated-administrator-picker');
    await keyboard('the management account cannot', ['press', 'Escape']);
    assert.equal(await registering, undefined, 'Escape cancels silently');
  });
});

