/**
 * Two language servers (two VS Code windows) on one embedded state file, as separate processes over
 * stdio: the first owns the file and serves it on a local port, the second connects through that
 * endpoint and follows its changes. Both write at the same time; no write is lost, each sees the other's
 * writes without a refresh, and the file stays readable. When the owner is killed, the second server
 * takes the file over by itself and carries on with everything acknowledged.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { FileStore } from '../../server/src/emulator/fileStore';
import {
  childrenRequest, connectionChangedNotification, connectionRequest, exposeEndpointRequest, mutationRequest, rootsRequest, type ConnectionInfo,
} from '../../server/src/protocol';
import { startServerProcess, type LspProcess } from '../support/languageServer';
import { poll } from '../support/poll';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'organization-two-servers-'));
const statePath = path.join(directory, 'organization.state');
const servers: LspProcess[] = [];

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  fs.rmSync(directory, { recursive: true, force: true });
});

/** Starts the real server (what VS Code starts) as its own process, initialized on the shared state file. */
async function startWindow(): Promise<LspProcess> {
  const server = await startServerProcess({ embeddedStatePath: statePath });
  servers.push(server);
  return server;
}

/** Ends a server's process with a signal, as a closed or crashed window would. */
async function end(server: LspProcess, signal: NodeJS.Signals): Promise<void> {
  process.kill(server.pid, signal);
  await server.exited;
}

async function childNames(client: ProtocolConnection, parentId: string): Promise<string[]> {
  const page = await client.sendRequest(childrenRequest, { parentId, pageSize: 1000 });
  return page.children.map((child) => (child.kind === 'organizationalUnit' ? child.organizationalUnit.Name! : child.kind === 'account' ? child.account.Name! : ''));
}

test('two servers share one state file through the owner\'s endpoint, and the survivor takes over', async () => {
  const owner = await startWindow();
  const ownerInfo = await owner.client.sendRequest(connectionRequest);
  assert.equal(ownerInfo.label, 'Embedded');
  assert.match(ownerInfo.endpoint!, /^http:\/\/127\.0\.0\.1:\d+$/);

  const guest = await startWindow();
  const guestConnections: ConnectionInfo[] = [];
  guest.client.onNotification(connectionChangedNotification, (info) => {
    guestConnections.push(info);
  });
  const guestInfo = await guest.client.sendRequest(connectionRequest);
  assert.equal(guestInfo.label, 'Embedded (shared)');
  assert.equal(guestInfo.endpoint, ownerInfo.endpoint);
  // A terminal opened in the second window gets the owner's endpoint.
  assert.equal((await guest.client.sendRequest(exposeEndpointRequest, {})).environment.AWS_ENDPOINT_URL_ORGANIZATIONS, ownerInfo.endpoint);

  const [root] = await owner.client.sendRequest(rootsRequest);
  const create = mutationRequest('CreateOrganizationalUnit');
  const writes = (client: ProtocolConnection, prefix: string) =>
    Array.from({ length: 25 }, (_, index) => client.sendRequest(create, { ParentId: root.Id!, Name: `${prefix}-${index}` }));
  const acknowledged = await Promise.all([...writes(owner.client, 'owner'), ...writes(guest.client, 'guest')]);
  const written = acknowledged.map((output) => output.OrganizationalUnit!.Name!).sort();
  assert.equal(written.length, 50);

  // Each window sees the other's writes without a refresh: the owner hears the guest's requests, the guest follows the owner.
  for (const client of [owner.client, guest.client]) {
    await poll('both windows\' writes', async () => JSON.stringify((await childNames(client, root.Id!)).filter((name) => /^(owner|guest)-/.test(name)).sort()) === JSON.stringify(written) || undefined, 15_000);
  }

  // The owner dies without a chance to release its lock.
  await end(owner, 'SIGKILL');

  // The guest notices the owner is gone and takes the state file over by itself, without waiting for a request.
  await poll('the guest to take over', () => guestConnections.some((info) => info.label === 'Embedded') || undefined, 15_000);
  const afterTakeover = await childNames(guest.client, root.Id!);
  assert.deepEqual(afterTakeover.filter((name) => /^(owner|guest)-/.test(name)).sort(), written);
  const takenOver = await guest.client.sendRequest(connectionRequest);
  assert.equal(takenOver.label, 'Embedded');
  assert.notEqual(takenOver.endpoint, ownerInfo.endpoint);
  await guest.client.sendRequest(create, { ParentId: root.Id!, Name: 'after-takeover' });

  await end(guest, 'SIGTERM');

  // The file is intact and holds every acknowledged write.
  const store = FileStore.open(statePath);
  try {
    const units = Object.values(store.load()?.organizationalUnits ?? {}) as { Name: string }[];
    const names = units.map((unit) => unit.Name);
    for (const name of [...written, 'after-takeover']) assert.ok(names.includes(name), `${name} was kept`);
  } finally {
    store.close();
  }
});
