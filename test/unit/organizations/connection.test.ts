/**
 * Opening the embedded organization: a damaged state file becomes an error state (and stays untouched),
 * the owner serves it for others and hands out a terminal environment, and closing releases the file.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OrganizationConnection } from '../../../server/src/organizations/connection';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'organization-connection-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

test('a damaged state file is reported as the connection\'s error and left as it is', async () => {
  const statePath = path.join(directory, 'damaged.state');
  fs.writeFileSync(statePath, 'not a state file at all');
  const connection = await OrganizationConnection.open({ kind: 'embedded' }, { embedded: { statePath } });
  try {
    assert.equal(connection.info.state, 'error');
    assert.match(connection.info.message!, /^The embedded organization could not be opened: /);
    assert.equal(fs.readFileSync(statePath, 'utf8'), 'not a state file at all');
  } finally {
    await connection.close();
  }
});

test('the owner serves the state, hands out a terminal environment, and releases the file when closed', async () => {
  const statePath = path.join(directory, 'organization.state');
  const owner = await OrganizationConnection.open({ kind: 'embedded' }, { embedded: { statePath, initialSeed: 'sample' } });
  assert.equal(owner.info.state, 'connected');
  assert.equal(owner.info.label, 'Embedded');
  const exposed = await owner.expose();
  assert.equal(exposed.url, owner.info.endpoint);
  assert.deepEqual(Object.keys(exposed.environment).sort(), ['AWS_ACCESS_KEY_ID', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL_COST_EXPLORER', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_ORGANIZATIONS', 'AWS_ENDPOINT_URL_STS', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY']);
  const health = await fetch(`${exposed.url}/_emulator/health`);
  assert.equal(health.status, 200);
  await owner.close();
  await assert.rejects(fetch(`${exposed.url}/_emulator/health`));
  // Released: the next opener owns the file and finds the organization the first one created.
  const next = await OrganizationConnection.open({ kind: 'embedded' }, { embedded: { statePath } });
  try {
    assert.equal(next.info.label, 'Embedded');
    assert.equal(next.info.organization?.Id, owner.info.organization?.Id);
  } finally {
    await next.close();
  }
});
