/**
 * The embedded owner's journal: the engine's commits, served to guests; this process hears only the changes
 * it did not make through its own client. A guest's reset, export and import go through the owner; an owner that
 * no longer serves is waited for and its file taken over.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as sdk from '@aws-sdk/client-organizations';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveStatePath, StateLock } from '../../../server/src/emulator/stateLock';
import { openEmbedded, type EmbeddedGuest, type EmbeddedOwner, type EndpointChange } from '../../../server/src/organizations/embedded';

const credentials = { accessKeyId: 'embedded', secretAccessKey: 'embedded' };

test('every commit is journaled for guests; only those made elsewhere reach this process\'s listeners', async () => {
  const owner = (await openEmbedded({ initialSeed: 'sample' })) as EmbeddedOwner;
  try {
    const heard: (EndpointChange | 'all')[] = [];
    owner.onChange((change) => heard.push(change));
    const own = new sdk.OrganizationsClient({ endpoint: 'http://organizations.invalid', region: 'us-east-1', credentials, requestHandler: owner.requestHandler(), maxAttempts: 1 });
    const url = await owner.serve();
    const elsewhere = new sdk.OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const { Roots } = await own.send(new sdk.ListRootsCommand({}));
    const rootId = Roots![0].Id!;
    const first = await own.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Mine' }));
    const second = await elsewhere.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Theirs' }));
    await elsewhere.send(new sdk.ListRootsCommand({}));

    assert.deepEqual(heard.map((change) => change !== 'all' && [change.operation, change.input, (change.output.OrganizationalUnit as { Id: string }).Id]), [
      ['CreateOrganizationalUnit', { ParentId: rootId, Name: 'Theirs' }, second.OrganizationalUnit!.Id],
    ]);
    const journal = (await (await fetch(`${url}/_emulator/changes?after=0`)).json()) as { revision: number; changes: EndpointChange[] };
    assert.deepEqual(journal.changes.map((change) => [change.operation, change.input.Name, (change.output.OrganizationalUnit as { Id: string }).Id]), [
      ['CreateOrganizationalUnit', 'Mine', first.OrganizationalUnit!.Id],
      ['CreateOrganizationalUnit', 'Theirs', second.OrganizationalUnit!.Id],
    ]);

    // A reset comes from no AWS operation: everything may have changed, once.
    await fetch(`${url}/_emulator/reset`, { method: 'POST', body: '{"seed":"empty"}' });
    assert.deepEqual(heard.slice(1), ['all']);
  } finally {
    await owner.close();
  }
});

test('a guest resets, exports and imports the organization through the window that owns it', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-organizations-guest-'));
  const statePath = path.join(folder, 'state');
  const owner = (await openEmbedded({ statePath, initialSeed: 'sample' })) as EmbeddedOwner;
  try {
    const guest = await openEmbedded({ statePath });
    assert.equal(guest.kind, 'guest');
    // The state crosses HTTP as JSON: compare it as JSON.
    const ownerState = () => JSON.parse(JSON.stringify(owner.engine.exportState())) as unknown;
    const exported = await guest.exportState();
    assert.deepEqual(exported, ownerState());
    await guest.reset('empty');
    assert.notDeepEqual(ownerState(), exported, 'the owner was reset');
    await guest.importState(exported);
    assert.deepEqual(ownerState(), exported, 'the owner holds the imported state');
    await assert.rejects(guest.importState({ not: 'a state' }), (error: Error) => error.message.length > 0 && !/answered 4\d\d/.test(error.message), 'the owner\'s own reason is passed on');
    (guest as EmbeddedGuest).close();
  } finally {
    await owner.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('an opener waits for an owner that no longer serves (a reloaded window closing) and takes the file over', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-organizations-closing-'));
  const statePath = path.join(folder, 'state');
  // A lock held by a live process (this one) whose endpoint refuses connections: a window in the middle of closing.
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as { port: number };
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const lock = StateLock.acquire(resolveStatePath(statePath), { endpoint: `http://127.0.0.1:${port}` });
  try {
    const opening = openEmbedded({ statePath, initialSeed: 'sample', ownerWaitMs: 20_000 });
    // The closing window lets go of the file a moment later.
    setTimeout(() => lock.release(), 300);
    const opened = await opening;
    assert.equal(opened.kind, 'owner', 'the opener took the file over instead of becoming the guest of a window that is gone');
    await (opened as EmbeddedOwner).close();
  } finally {
    lock.release();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
