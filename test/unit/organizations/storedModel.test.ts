/**
 * The model kept per connection between sessions, with the embedded organization on a state file and with an
 * endpoint: a second session answers from it without a call (dates and all) and says since when; a file of an older
 * format, a damaged one, one of another caller and one of another organization are ignored, never trusted; changes
 * made elsewhere meanwhile are found by revalidation (cheap checks first, a parent's children when shown) and heard
 * by listeners; the file holds no secret.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { FileStore } from '../../../server/src/emulator/fileStore';
import { createEndpointHandler } from '../../../server/src/endpoint/handler';
import { startEndpointServer } from '../../../server/src/endpoint/server';
import { OrganizationConnection, type ConnectionEnvironment } from '../../../server/src/organizations/connection';
import type { OrganizationChange } from '../../../server/src/organizations/model';
import { parseStoredModel, storedModelFormat } from '../../../server/src/organizations/storedModel';
import { poll } from '../../support/poll';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'stored-model-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

/** A fresh embedded organization (the sample) on a state file, and a folder for models. */
function place(name: string): { environment: ConnectionEnvironment; statePath: string; modelFolder: string; logged: string[] } {
  const statePath = path.join(directory, name, 'organization.state');
  const modelFolder = path.join(directory, name, 'models');
  fs.mkdirSync(path.dirname(statePath), { recursive: true });
  const logged: string[] = [];
  return { environment: { embedded: { statePath, initialSeed: 'sample' }, modelFolder, log: (message) => logged.push(message) }, statePath, modelFolder, logged };
}

/** The one model file of a folder. */
function modelFileIn(folder: string): string {
  const files = fs.readdirSync(folder).filter((name) => name.endsWith('.json'));
  assert.equal(files.length, 1, `one model file in ${folder}: ${files.join(', ')}`);
  return path.join(folder, files[0]);
}

/** Opens a connection, loads the whole organization (as a hover does) and the root's children (as the tree does), and closes it. */
async function firstSession(environment: ConnectionEnvironment): Promise<{ rootId: string; organizationId: string }> {
  const connection = await OrganizationConnection.open({ kind: 'embedded' }, environment);
  try {
    await connection.model.authorizationGraph();
    await connection.model.loadAll();
    const [root] = await connection.model.listRoots();
    await connection.model.childrenPage(root.Id!);
    return { rootId: root.Id!, organizationId: connection.info.organization!.Id! };
  } finally {
    await connection.close();
  }
}

/** Changes the organization in its state file while no window has it open, as the CLI would. */
function changeElsewhere(statePath: string, change: (engine: OrganizationsEngine) => void): void {
  const store = FileStore.open(statePath);
  try {
    change(new OrganizationsEngine({ store }));
  } finally {
    store.close();
  }
}

test('a second session answers from the stored model without a call, as of the time it was read', async () => {
  const { environment, modelFolder } = place('restore');
  const before = Date.now();
  const { rootId } = await firstSession(environment);
  const stored = JSON.parse(fs.readFileSync(modelFileIn(modelFolder), 'utf8')) as { format: string; readAt: string };
  assert.equal(stored.format, storedModelFormat);

  const connection = await OrganizationConnection.open({ kind: 'embedded' }, environment);
  try {
    assert.equal(connection.info.asOf, stored.readAt);
    assert.ok(Date.parse(stored.readAt) >= before - 1000);
    const calls = connection.model.calls;
    // The connection's own check read the organization and the roots; nothing else is read for these answers.
    const afterCheck = calls.requests;
    const page = await connection.model.childrenPage(rootId);
    const graph = await connection.model.authorizationGraph();
    const snapshot = await connection.model.loadAll();
    const readForAnswers = calls.requests - afterCheck;
    // Revalidation reads the policy lists, invitations and trusted services, and the root's children the tree showed.
    assert.ok(readForAnswers <= 12, `${readForAnswers} calls for answers from the stored model`);
    assert.ok(page.children.length > 0);
    assert.ok(graph.Accounts.length > 5 && graph.Policies.length > 0);
    const account = snapshot.accounts[0].account;
    assert.ok(account.JoinedTimestamp instanceof Date, 'AWS\'s timestamps come back as Dates');
  } finally {
    await connection.close();
  }
});

test('changes made elsewhere meanwhile are found by revalidation: the tree\'s parent and the policy list, heard by listeners', async () => {
  const { environment, statePath } = place('revalidate');
  const { rootId } = await firstSession(environment);
  let unitId = '';
  let policyId = '';
  changeElsewhere(statePath, (engine) => {
    const management = engine.managementAccountId;
    unitId = (engine.call('CreateOrganizationalUnit', { ParentId: rootId, Name: 'Made meanwhile' }, management) as { OrganizationalUnit: { Id: string } }).OrganizationalUnit.Id;
    policyId = (engine.call('CreatePolicy', {
      Name: 'DenyMeanwhile', Description: 'made meanwhile', Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }),
    }, management) as { Policy: { PolicySummary: { Id: string } } }).Policy.PolicySummary.Id;
  });

  const connection = await OrganizationConnection.open({ kind: 'embedded' }, environment);
  const heard: OrganizationChange[] = [];
  connection.model.onDidChange((change) => heard.push(change));
  try {
    assert.ok(connection.info.asOf);
    // The tree first shows what was stored, then hears that the root's children changed, and shows them.
    const first = await connection.model.childrenPage(rootId);
    assert.ok(!first.children.some((node) => node.kind === 'organizationalUnit' && node.organizationalUnit.Id === unitId), 'the stored answer first');
    await poll('the revalidation of the root\'s children', () => heard.find((change) => change.cause === 'revalidation' && change.ids?.includes(rootId)), 10_000);
    const second = await connection.model.childrenPage(rootId);
    assert.ok(second.children.some((node) => node.kind === 'organizationalUnit' && node.organizationalUnit.Id === unitId), 'the change after revalidation');
    // The cheap check of the SCP list found the new policy; its content is read when asked for.
    await poll('the revalidation of the SCPs', () => heard.find((change) => change.cause === 'revalidation' && change.scopes.includes('policies') && change.ids?.includes(policyId)), 10_000);
    assert.ok((await connection.model.policies('SERVICE_CONTROL_POLICY')).some((policy) => policy.Id === policyId));
    assert.match((await connection.model.describePolicy(policyId)).Content ?? '', /s3:\*/);
  } finally {
    await connection.close();
  }
});

test('a stored model of an older format, a damaged one, or one of another caller is ignored, never trusted', async () => {
  const { environment, modelFolder, logged } = place('ignored');
  await firstSession(environment);
  const file = modelFileIn(modelFolder);
  const text = fs.readFileSync(file, 'utf8');
  const stored = JSON.parse(text) as Record<string, unknown>;
  const caller = stored.caller as string;

  assert.match((parseStoredModel(JSON.stringify({ ...stored, version: 0 }), caller) as { ignored: string }).ignored, /another format \(version 0/);
  assert.match((parseStoredModel(text.slice(0, text.length / 2), caller) as { ignored: string }).ignored, /not JSON/);
  assert.match((parseStoredModel(JSON.stringify({ ...stored, children: [{ parentId: 'r-x', organizationalUnits: [{ Name: 'no id' }], accounts: [] }] }), caller) as { ignored: string }).ignored, /damaged \(children\)/);
  assert.match((parseStoredModel(text, 'another caller') as { ignored: string }).ignored, /another connection/);
  assert.ok('model' in parseStoredModel(text, caller));

  // On disk: an older format with a name that the organization does not have. The session reads the organization instead.
  const organizationalUnits = (stored.children as { organizationalUnits: { Name: string }[] }[]).flatMap((entry) => entry.organizationalUnits);
  organizationalUnits[0].Name = 'Only in the old file';
  fs.writeFileSync(file, JSON.stringify({ ...stored, version: 0 }));
  const connection = await OrganizationConnection.open({ kind: 'embedded' }, environment);
  try {
    assert.equal(connection.info.asOf, undefined);
    assert.ok(logged.some((line) => /is ignored: it was written in another format/.test(line)), logged.join('\n'));
    const snapshot = await connection.model.loadAll();
    assert.ok(!snapshot.organizationalUnits.some(({ organizationalUnit }) => organizationalUnit.Name === 'Only in the old file'));
  } finally {
    await connection.close();
  }
  // The session kept its own model in the file, in this version's format.
  assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number }).version, 1);
});

test('a stored model of another organization (the same state file, reset meanwhile) is ignored', async () => {
  const { environment, statePath, logged } = place('other-organization');
  const { organizationId } = await firstSession(environment);
  changeElsewhere(statePath, (engine) => engine.reset('sample'));
  const connection = await OrganizationConnection.open({ kind: 'embedded' }, environment);
  try {
    assert.notEqual(connection.info.organization?.Id, organizationId);
    assert.equal(connection.info.asOf, undefined);
    assert.ok(logged.some((line) => line.includes(`another organization (${organizationId})`)), logged.join('\n'));
  } finally {
    await connection.close();
  }
});

test('the model kept for an endpoint holds no secret, and is named after no key', async () => {
  const engine = new OrganizationsEngine({ managementAccountId: '123456789012' });
  engine.reset('sample');
  const accessKeyId = 'AKIAZZZSTOREDMODELTEST';
  const secretAccessKey = 'stored-model-secret-that-must-not-be-written';
  const server = await startEndpointServer(createEndpointHandler(engine, { credentials: [{ accessKeyId, secretAccessKey, accountId: engine.managementAccountId }], strict: true }));
  const modelFolder = path.join(directory, 'endpoint-models');
  try {
    const spec = { kind: 'endpoint' as const, url: server.url, accessKeyId, secretAccessKey };
    const connection = await OrganizationConnection.open(spec, { modelFolder });
    assert.equal(connection.info.state, 'connected');
    await connection.model.loadAll();
    await connection.close();
    const file = modelFileIn(modelFolder);
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of [secretAccessKey, accessKeyId]) {
      assert.ok(!text.includes(secret) && !path.basename(file).includes(secret), `the model file holds ${secret}`);
    }
    assert.ok(text.includes(engine.managementAccountId));
    // Owner-only: the organization's structure is the user's business.
    assert.equal(fs.statSync(file).mode & 0o077, 0);
    const again = await OrganizationConnection.open(spec, { modelFolder });
    try {
      assert.ok(again.info.asOf, 'the same endpoint and key find it again');
    } finally {
      await again.close();
    }
  } finally {
    await server.close();
  }
});
