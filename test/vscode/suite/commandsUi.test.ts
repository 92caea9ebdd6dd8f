/**
 * Invite Account and Create Organizational Unit walked through their prompts on the real keyboard: the test
 * starts each command without arguments and asks the runner (test/vscode/run.mjs, `[keyboard]` requests) to
 * type into the workbench's quick input as a person would, including a value the validation refuses first.
 * The organization is read back from the language server afterwards. Skipped when the suite runs without
 * that runner (no AWS_ORGANIZATIONS_KEYBOARD).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Handshake, OrganizationalUnit } from '@aws-sdk/client-organizations';
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

