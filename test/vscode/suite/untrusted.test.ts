/**
 * An untrusted workspace (VS Code's restricted mode), inside a real VS Code: run.mjs opens a throw-away workspace
 * whose `.vscode/settings.json` points the extension at a profile, an endpoint, a port and a state file of its
 * choosing. Those settings are ignored (the manifest's restricted configurations), the embedded organization is
 * used as usual, and commands that change a remote organization are refused with a clear message while the same
 * command changes the embedded organization. In the trusted suite this file has nothing to show and skips.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { generateOrganization } from '../../../server/src/emulator/seeds';
import { createEndpointHandler } from '../../../server/src/endpoint/handler';
import { startEndpointServer, type EndpointServer } from '../../../server/src/endpoint/server';
import type { CommandFailure } from '../../../client/src/commands/failureReport';
import type { ExtensionApi } from '../../../client/src/extension';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import { connectionRequest, connectRequest, nodeRequest, rootsRequest, type ConnectionInfo, type OrganizationNode } from '../../../server/src/protocol';
import credentials from '../testCredentials.json';
import { poll } from '../../support/poll';
import { activateExtension, request } from './support';

suite('An untrusted workspace', () => {
  let api: ExtensionApi;
  let engine: OrganizationsEngine;
  let server: EndpointServer;

  /** Runs a command as the palette would, answering the failure it showed (undefined when it ran). */
  async function failureOf(command: string, ...args: unknown[]): Promise<CommandFailure | undefined> {
    const shown: CommandFailure[] = [];
    const listener = api.onDidFailCommand((failure) => shown.push(failure));
    try {
      await vscode.commands.executeCommand(command, ...args);
    } finally {
      listener.dispose();
    }
    return shown[0];
  }

  /** Waits until the explorer follows the connection of this kind (the server's notification reached it). */
  const connectedTo = (kind: ConnectionInfo['spec']['kind']) =>
    poll(`the ${kind} connection in the explorer`, () => (api.explorer.connection?.spec.kind === kind && api.explorer.connection.state === 'connected' ? true : undefined));

  suiteSetup(async function () {
    if (vscode.workspace.isTrusted) this.skip();
    api = await activateExtension();
    engine = new OrganizationsEngine({ managementAccountId: '210987654321' });
    engine.importState(generateOrganization({ accounts: 5, ous: 1, policies: 1, depth: 1, managementAccountId: '210987654321' }));
    server = await startEndpointServer(createEndpointHandler(engine, {}));
  });

  suiteTeardown(async () => {
    if (!api) return;
    await request(api, connectRequest, { kind: 'embedded' });
    await server.close();
  });

  test('the workspace\'s settings for the connection, profile, endpoint, port and state file are ignored', async () => {
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folder, 'a workspace folder is open');
    const written = JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(written).sort(), [
      'awsOrganizations.connection.endpointUrl', 'awsOrganizations.connection.kind', 'awsOrganizations.connection.profile',
      'awsOrganizations.embedded.port', 'awsOrganizations.embedded.statePath',
    ]);
    const settings = vscode.workspace.getConfiguration('awsOrganizations');
    for (const [key, value] of Object.entries(written)) {
      assert.notDeepEqual(settings.get(key.replace('awsOrganizations.', '')), value, `${key} of the workspace is ignored`);
    }
    const info = await request<ConnectionInfo>(api, connectionRequest);
    assert.equal(info.spec.kind, 'embedded', 'the workspace asked for an endpoint; the embedded organization is used');
    assert.ok(!fs.existsSync(String(written['awsOrganizations.embedded.statePath'])), 'the workspace\'s state file was not created');
    await assert.rejects(fetch(`http://127.0.0.1:${written['awsOrganizations.embedded.port']}/_emulator/health`), 'nothing serves on the workspace\'s port');
  });

  test('a command that changes a remote organization is refused with a clear message; on the embedded organization it runs', async () => {
    const remote = await request<ConnectionInfo>(api, connectRequest, { kind: 'endpoint', url: server.url, accessKeyId: credentials.accessKeyId, ...credentials.secrets });
    assert.equal(remote.state, 'connected', remote.message);
    await connectedTo('endpoint');
    const [remoteRoot] = await request<{ Id: string }[]>(api, rootsRequest);
    const before = JSON.stringify(engine.exportState().collections.organizationalUnits);
    const refused = await failureOf('awsOrganizations.createOrganizationalUnit', { ParentId: remoteRoot.Id, Name: 'From an untrusted workspace' });
    assert.equal(refused?.command, 'awsOrganizations.createOrganizationalUnit');
    assert.match(refused.message, /^This workspace is not trusted: changes to a remote organization are disabled\. Trust the workspace, or connect to the embedded organization\.$/);
    assert.equal(JSON.stringify(engine.exportState().collections.organizationalUnits), before, 'the remote organization is unchanged');

    await request(api, connectRequest, { kind: 'embedded' });
    await connectedTo('embedded');
    const [root] = await request<{ Id: string }[]>(api, rootsRequest);
    const created = await vscode.commands.executeCommand<{ Id: string } | undefined>('awsOrganizations.createOrganizationalUnit', { ParentId: root.Id, Name: 'From an untrusted workspace' });
    assert.ok(created?.Id, 'the embedded organization is changed as usual');
    const node = await request<OrganizationNode | null>(api, nodeRequest, { id: created.Id });
    assert.equal(node?.kind, 'organizationalUnit');
  });
});
