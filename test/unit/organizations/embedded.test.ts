/**
 * The embedded owner's journal: the engine's commits, served to guests; this process hears only the changes
 * it did not make through its own client.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as sdk from '@aws-sdk/client-organizations';
import { openEmbedded, type EmbeddedOwner, type EndpointChange } from '../../../server/src/organizations/embedded';

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
