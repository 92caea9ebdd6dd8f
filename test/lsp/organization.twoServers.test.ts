/**
 * Two language servers (two VS Code windows) on one embedded state file, as separate processes over
 * stdio: the first owns the file and serves it on a local port, the second connects through that
 * endpoint and follows its changes. Both write at the same time; no write is lost, each sees the other's
 * writes without a refresh, and the file stays readable. When the owner is killed, the second server
 * takes the file over by itself and carries on with everything acknowledged.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createProtocolConnection, InitializedNotification, InitializeRequest, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { FileStore } from '../../server/src/emulator/fileStore';
import {
  childrenRequest, connectionChangedNotification, connectionRequest, exposeEndpointRequest, mutationRequest, rootsRequest, type ConnectionInfo,
} from '../../server/src/protocol';
import { repoRoot } from '../support/paths';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'organization-two-servers-'));
const statePath = path.join(directory, 'organization.state');
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(directory, { recursive: true, force: true });
});

/** Starts the real server entry (what VS Code starts) and initializes it on the shared state file. */
async function startServerProcess(): Promise<{ process: ChildProcess; client: ProtocolConnection }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'out', 'server', 'src', 'main.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  children.push(child);
  const client = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  client.listen();
  await client.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { embeddedStatePath: statePath } });
  await client.sendNotification(InitializedNotification.type, {});
  return { process: child, client };
}

/** Polls until `check` holds, with a deadline. */
async function eventually(check: () => Promise<boolean>, deadlineMs = 15_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not true within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function childNames(client: ProtocolConnection, parentId: string): Promise<string[]> {
  const page = await client.sendRequest(childrenRequest, { parentId, pageSize: 1000 });
  return page.children.map((child) => (child.kind === 'organizationalUnit' ? child.organizationalUnit.Name! : child.kind === 'account' ? child.account.Name! : ''));
}

test('two servers share one state file through the owner\'s endpoint, and the survivor takes over', async () => {
  const owner = await startServerProcess();
  const ownerInfo = await owner.client.sendRequest(connectionRequest);
  assert.equal(ownerInfo.label, 'Embedded');
  assert.match(ownerInfo.endpoint!, /^http:\/\/127\.0\.0\.1:\d+$/);

  const guest = await startServerProcess();
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
    await eventually(async () => JSON.stringify((await childNames(client, root.Id!)).filter((name) => /^(owner|guest)-/.test(name)).sort()) === JSON.stringify(written));
  }

  // The owner dies without a chance to release its lock.
  owner.process.kill('SIGKILL');
  await new Promise((resolve) => owner.process.once('exit', resolve));
  owner.client.dispose();

  // The guest notices the owner is gone and takes the state file over by itself, without waiting for a request.
  await eventually(async () => guestConnections.some((info) => info.label === 'Embedded'));
  const afterTakeover = await childNames(guest.client, root.Id!);
  assert.deepEqual(afterTakeover.filter((name) => /^(owner|guest)-/.test(name)).sort(), written);
  const takenOver = await guest.client.sendRequest(connectionRequest);
  assert.equal(takenOver.label, 'Embedded');
  assert.notEqual(takenOver.endpoint, ownerInfo.endpoint);
  await guest.client.sendRequest(create, { ParentId: root.Id!, Name: 'after-takeover' });

  guest.process.kill('SIGTERM');
  await new Promise((resolve) => guest.process.once('exit', resolve));
  guest.client.dispose();

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
