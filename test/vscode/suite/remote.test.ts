/**
 * A remote organization that fails in the middle of loading, inside a real VS Code. The extension connects to a
 * custom endpoint (a generated organization of 150 accounts, served in strict mode so that only the test keys
 * sign in) through a proxy, with the LSP trace at verbose; then the endpoint throttles, the proxy drops
 * connections, or the endpoint stalls. The tree keeps what it loaded and shows an error item where a load
 * failed, whose Retry loads it once the fault is gone; switching connection during a stalled load ends it and
 * closes every connection to the endpoint. The same endpoint chosen in the connection picker, its keys typed on
 * the keyboard, keeps the keys out of the settings, and a language server killed then reopens it. The test keys
 * come from testCredentials.json, which leakedSecrets.mjs then looks for in every log the suite left.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionInfo } from '../../../server/src/protocol';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { generateOrganization } from '../../../server/src/emulator/seeds';
import { createEndpointHandler, type EndpointHandler } from '../../../server/src/endpoint/handler';
import { startEndpointServer, type EndpointServer } from '../../../server/src/endpoint/server';
import type { ExtensionApi } from '../../../client/src/extension';
import type { ExplorerNode } from '../../../client/src/tree/node';
// The requests go by method name: the bundled client does not know this copy of the protocol's request types.
import { connectionRequest, connectRequest, rootsRequest } from '../../../server/src/protocol';
import { repoRoot } from '../../support/paths';
import { droppingProxy, faultyHandler, type FaultCounts, type FaultyProxy } from '../../unit/organizations/faults';
import credentials from '../testCredentials.json';
import { poll } from '../../support/poll';
import { activateExtension, keyboard, killServer, request, restartedAfter } from './support';

const managementAccountId = '210987654321';

suite('A remote organization that fails mid-load', () => {
  let api: ExtensionApi;
  let engine: OrganizationsEngine;
  let server: EndpointServer;
  let proxy: FaultyProxy;
  /** The fault injected now: every request throttled, dropped by the proxy, or stalled until released. */
  let fault: 'none' | 'throttle' | 'drop' | 'stall' = 'none';
  const counts: FaultCounts = { requests: 0, throttled: 0, serverErrors: 0, dropped: 0 };
  const stalled: (() => void)[] = [];
  let userTrace: string | undefined;

  const view = () => api.explorer.organization;
  const children = (node?: ExplorerNode) => Promise.resolve(view().provider.getChildren(node));
  const item = (node: ExplorerNode) => Promise.resolve(view().provider.getTreeItem(node));
  const label = async (node: ExplorerNode) => String((await item(node)).label);

  /** The Organization view's top level once it shows the root of `rootId`. */
  const rootShown = (rootId: string) => poll(`the root ${rootId} in the Organization view`, async () => (await children()).find((node) => node.awsId === rootId));

  /** The child OU named `name` under the root. */
  async function organizationalUnit(root: ExplorerNode, name: string): Promise<ExplorerNode> {
    for (const node of await children(root)) if ((await label(node)).startsWith(`${name} (`)) return node;
    throw new Error(`no OU ${name} under the root`);
  }

  /** Loads a node's children while the fault lasts: they must be one error item that retries, naming `error`. */
  async function failsWith(node: ExplorerNode, error: RegExp): Promise<vscode.TreeItem> {
    const shown = await children(node);
    assert.equal(shown.length, 1, `only the error item under ${node.id}`);
    const failure = await item(shown[0]);
    assert.equal(failure.label, 'Failed to load (click to retry)');
    assert.match(String(failure.description), error);
    assert.equal(failure.contextValue, 'error');
    assert.equal(failure.command?.command, 'awsOrganizations.retry');
    return failure;
  }

  /** Clicks the error item's Retry, then waits for the node's accounts. */
  async function retried(node: ExplorerNode, failure: vscode.TreeItem): Promise<string[]> {
    await vscode.commands.executeCommand(failure.command!.command, ...(failure.command!.arguments ?? []));
    return poll(`the accounts under ${node.id} after Retry`, async () => {
      const names = await Promise.all((await children(node)).map(label));
      return names.some((name) => /^Account \d+ \(\d{12}\)$/.test(name)) && !names.some((name) => name.startsWith('Failed')) ? names : undefined;
    });
  }

  suiteSetup(async () => {
    api = await activateExtension();
    engine = new OrganizationsEngine({ managementAccountId });
    engine.importState(generateOrganization({ accounts: 150, ous: 3, policies: 1, depth: 1, managementAccountId }));
    const served = createEndpointHandler(engine, {
      strict: true,
      credentials: [{ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secrets.secretAccessKey, accountId: managementAccountId }],
    });
    const throttling = faultyHandler(served, { throttle: 0.5, serverError: 0, maxLatencyMs: 0 }, () => (fault === 'throttle' ? 0 : 0.99), counts);
    const stalling: EndpointHandler = async (endpointRequest) => {
      if (fault === 'stall') await new Promise<void>((release) => stalled.push(release));
      return throttling(endpointRequest);
    };
    server = await startEndpointServer(stalling);
    proxy = await droppingProxy(server.port, 0.5, () => (fault === 'drop' ? 0 : 0.99), counts);
    // The verbose LSP trace prints every message in full, the connect request with the keys included: it must redact them.
    // The user settings of the runner's throw-away profile trace messages: the suite raises that, then puts it back.
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    userTrace = vscode.workspace.getConfiguration('awsOrganizations').inspect<string>('trace.server')?.globalValue;
    await vscode.workspace.getConfiguration('awsOrganizations').update('trace.server', 'verbose', vscode.ConfigurationTarget.Global);
    await poll('the verbose trace', () => (vscode.workspace.getConfiguration('awsOrganizations').get('trace.server') === 'verbose' ? true : undefined));
  });

  suiteTeardown(async () => {
    fault = 'none';
    for (const release of stalled.splice(0)) release();
    await request(api, connectRequest, { kind: 'embedded' });
    await vscode.workspace.getConfiguration('awsOrganizations').update('trace.server', userTrace, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    await proxy?.close();
    await server?.close();
  });

  test('throttling and dropped connections leave the loaded tree with error items whose Retry loads the rest', async () => {
    const info = await request<ConnectionInfo>(api, connectRequest, {
      kind: 'endpoint', url: proxy.url, accessKeyId: credentials.accessKeyId, ...credentials.secrets,
    });
    assert.equal(info.state, 'connected', info.message);
    assert.equal(info.organization?.MasterAccountId, managementAccountId);
    const [rootId] = Object.keys(engine.exportState().collections.roots);
    const root = await rootShown(rootId);
    const top = await Promise.all((await children(root)).map(label));
    assert.deepEqual(top.filter((name) => name.startsWith('OU ')).map((name) => name.replace(/ \(.*/, '')), ['OU 1', 'OU 2', 'OU 3']);
    assert.ok(top.length > 30, `the root lists its OUs and accounts (${top.length})`);

    // Throttled on every attempt: the OU shows AWS's exception, the rest of the tree stays.
    fault = 'throttle';
    const first = await organizationalUnit(root, 'OU 1');
    const throttled = await failsWith(first, /^TooManyRequestsException: /);
    assert.ok(counts.throttled >= 5, `every attempt was throttled (${counts.throttled})`);
    assert.deepEqual(await Promise.all((await children(root)).map(label)), top, 'what was loaded stays');
    fault = 'none';
    assert.ok((await retried(first, throttled)).length > 0);

    // Connections cut before the request reaches the endpoint.
    fault = 'drop';
    const second = await organizationalUnit(root, 'OU 2');
    const dropped = await failsWith(second, /socket hang up|ECONNRESET|EPIPE/);
    assert.ok(counts.dropped >= 5, `every attempt was dropped (${counts.dropped})`);
    fault = 'none';
    assert.ok((await retried(second, dropped)).length > 0);
  });

  test('switching connection during a stalled load ends the load and closes every connection to the endpoint', async () => {
    const [rootId] = Object.keys(engine.exportState().collections.roots);
    const root = await rootShown(rootId);
    fault = 'stall';
    const loading = children(await organizationalUnit(root, 'OU 3'));
    await poll('the endpoint to hold a stalled request', () => (stalled.length ? true : undefined));
    assert.ok(proxy.connections > 0);

    await request(api, connectRequest, { kind: 'embedded' });
    // The stalled load settles (the call was cancelled, not left to its 30 s timeout and retries) as an error item.
    const settled = await loading;
    assert.equal(settled.length, 1);
    assert.equal((await item(settled[0])).contextValue, 'error');
    await poll('every connection to the endpoint closed', () => (proxy.connections === 0 ? true : undefined));
    fault = 'none';
    for (const release of stalled.splice(0)) release();
    const [embeddedRoot] = await request<{ Id: string }[]>(api, rootsRequest);
    await rootShown(embeddedRoot.Id);
  });

  test('the connection picker keeps a custom endpoint\'s keys out of the settings, and a restarted server reconnects with them', async function () {
    // Typing on the keyboard of a busy machine takes a while.
    this.timeout(240_000);
    const [rootId] = Object.keys(engine.exportState().collections.roots);
    // The workbench's own trace logs every key it dispatches: not while the secret is typed.
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    try {
      const picked = Promise.resolve(vscode.commands.executeCommand('awsOrganizations.selectConnection'));
      await keyboard('The embedded organization, an AWS profile', ['type', 'Custom endpoint'], ['row', 'Custom endpoint'], ['press', 'Enter']);
      await keyboard('The AWS Organizations endpoint URL', ['press', 'Control+A'], ['type', proxy.url], ['press', 'Enter']);
      await keyboard('Access key ID', ['press', 'Control+A'], ['type', credentials.accessKeyId], ['press', 'Enter']);
      // Typed by the runner from testCredentials.json: the request names the secret, it does not carry it.
      await keyboard('Secret access key', ['press', 'Control+A'], ['typeSecret', 'secretAccessKey'], ['press', 'Enter']);
      await picked;
      // The endpoint is strict: connected means the typed secret signed the requests.
      await poll('the custom endpoint connected', () => (api.explorer.connection?.endpoint === proxy.url && api.explorer.connection.state === 'connected' ? true : undefined));
      await rootShown(rootId);

      const settings = vscode.workspace.getConfiguration('awsOrganizations');
      assert.equal(settings.inspect('connection.kind')?.globalValue, 'endpoint');
      assert.equal(settings.inspect('connection.endpointUrl')?.globalValue, proxy.url);
      const properties = Object.keys(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.configuration.properties as object);
      for (const key of properties) {
        const values = JSON.stringify(settings.inspect(key.replace('awsOrganizations.', '')) ?? {});
        assert.ok(!values.includes(credentials.secrets.secretAccessKey), `${key} holds no secret`);
      }

      // A new server process opens the connection chosen since the first one started, with the keys from SecretStorage;
      // its `initialize` request, which carries them, is traced at verbose too.
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
      const killed = await killServer(api);
      await poll('a new language server process', restartedAfter(api, killed), 60_000);
      const info = await request<ConnectionInfo>(api, connectionRequest);
      assert.equal(info.endpoint, proxy.url);
      assert.equal(info.state, 'connected', info.message);
      await rootShown(rootId);
    } finally {
      const back = Promise.resolve(vscode.commands.executeCommand('awsOrganizations.selectConnection'));
      await keyboard('The embedded organization, an AWS profile', ['type', 'Embedded organization'], ['row', 'Embedded organization'], ['press', 'Enter']);
      await back;
    }
    assert.equal(vscode.workspace.getConfiguration('awsOrganizations').inspect('connection.kind')?.globalValue, 'embedded');
  });
});
