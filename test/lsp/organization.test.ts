/**
 * The organization protocol end to end, in process: the real language server over a stream pair, the
 * embedded organization (sample seed) behind it; connection switching, mutations and their change
 * notifications, AWS errors as response data, the endpoint exposed to a terminal with its changes
 * reaching the client, and the MFA prompt sent to the client.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateOrganizationalUnitCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ResponseError } from 'vscode-languageserver-protocol';
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import { createEndpointHandler } from '../../server/src/endpoint/handler';
import { startEndpointServer, type EndpointServer } from '../../server/src/endpoint/server';
import {
  childrenRequest, connectionChangedNotification, connectionRequest, connectRequest, exposeEndpointRequest, findRequest, mfaCodeRequest, mutationRequest,
  organizationChangedNotification, profilesRequest, resetEmbeddedRequest, rootsRequest, tagsRequest, type ConnectionInfo, type OrganizationsErrorData,
} from '../../server/src/protocol';
import { startSession, type LspSession } from '../support/languageServer';
import { poll } from '../support/poll';

type Changed = { ids?: string[]; cause: string; scopes?: string[] };

let session: LspSession;
let directory: string;
let remote: EndpointServer;
const changes: Changed[] = [];
const connections: ConnectionInfo[] = [];
const mfaPrompts: { serialNumber: string; profile: string }[] = [];

before(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'organization-lsp-'));
  // A remote organization (an empty one) and a profile with MFA, for the switching tests.
  remote = await startEndpointServer(createEndpointHandler(new OrganizationsEngine(), {}));
  const configFile = path.join(directory, 'config');
  const credentialsFile = path.join(directory, 'credentials');
  process.env.AWS_CONFIG_FILE = configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  fs.writeFileSync(configFile, [
    '[profile base]', 'aws_access_key_id = 111111111111', 'aws_secret_access_key = secret', `endpoint_url = ${remote.url}`,
    '[profile admin]', 'role_arn = arn:aws:iam::111111111111:role/Admin', 'source_profile = base', 'mfa_serial = arn:aws:iam::111111111111:mfa/alice', '',
  ].join('\n'));
  fs.writeFileSync(credentialsFile, '');
  session = await startSession({ embeddedStatePath: path.join(directory, 'state') });
  session.client.onNotification(organizationChangedNotification, (change) => {
    changes.push(change);
  });
  session.client.onNotification(connectionChangedNotification, (info) => {
    connections.push(info);
  });
  session.client.onRequest(mfaCodeRequest, (params) => {
    mfaPrompts.push(params);
    return undefined;
  });
});

after(async () => {
  await session.close();
  await remote.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function rootChildren(): Promise<string[]> {
  const [root] = await session.client.sendRequest(rootsRequest);
  const page = await session.client.sendRequest(childrenRequest, { parentId: root.Id!, pageSize: 1000 });
  return page.children.map((child) => (child.kind === 'organizationalUnit' ? child.organizationalUnit.Name! : child.kind === 'account' ? child.account.Name! : ''));
}

test('the embedded organization starts as the sample and answers the tree', async () => {
  const info = await session.client.sendRequest(connectionRequest);
  assert.equal(info.state, 'connected');
  assert.equal(info.spec.kind, 'embedded');
  assert.deepEqual(await rootChildren(), ['Infrastructure', 'Sandbox', 'Security', 'Suspended', 'Workloads', 'Management']);
});

test('a mutation answers AWS\'s output and names what changed', async () => {
  const [root] = await session.client.sendRequest(rootsRequest);
  changes.length = 0;
  const output = await session.client.sendRequest(mutationRequest('CreateOrganizationalUnit'), { ParentId: root.Id!, Name: 'Platform' });
  assert.match(output.OrganizationalUnit!.Id!, /^ou-/);
  await poll('a change', () => changes.length > 0 || undefined);
  assert.deepEqual(changes, [{ ids: [root.Id], scopes: ['hierarchy'], cause: 'client' }]);
  assert.ok((await rootChildren()).includes('Platform'));
});

test('tags are read for tooltips and read again after TagResource', async () => {
  const [root] = await session.client.sendRequest(rootsRequest);
  const page = await session.client.sendRequest(childrenRequest, { parentId: root.Id!, pageSize: 1000 });
  const workloads = page.children.find((child) => child.kind === 'organizationalUnit' && child.organizationalUnit.Name === 'Workloads');
  assert.ok(workloads?.kind === 'organizationalUnit');
  const resourceId = workloads.organizationalUnit.Id!;
  assert.deepEqual(await session.client.sendRequest(tagsRequest, { resourceId }), [{ Key: 'owner', Value: 'platform-team' }]);
  await session.client.sendRequest(mutationRequest('TagResource'), { ResourceId: resourceId, Tags: [{ Key: 'cost-center', Value: '42' }] });
  const tags = await session.client.sendRequest(tagsRequest, { resourceId });
  assert.deepEqual(tags.map((tag) => tag.Key).sort(), ['cost-center', 'owner']);
});

test('AWS errors reach the client as name, reason and message', async () => {
  const [root] = await session.client.sendRequest(rootsRequest);
  await assert.rejects(session.client.sendRequest(mutationRequest('CreateOrganizationalUnit'), { ParentId: root.Id!, Name: 'Platform' }), (error: ResponseError<OrganizationsErrorData>) => {
    assert.equal(error.data?.name, 'DuplicateOrganizationalUnitException');
    assert.match(error.data!.message, /already exists/i);
    return true;
  });
  // The management account has FullAWSAccess as its only SCP.
  const detach = session.client.sendRequest(mutationRequest('DetachPolicy'), { PolicyId: 'p-FullAWSAccess', TargetId: '111111111111' });
  await assert.rejects(detach, (error: ResponseError<OrganizationsErrorData>) => error.data?.name === 'ConstraintViolationException' && error.data.reason === 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
});

test('changes made through the exposed endpoint reach the client without a refresh', async () => {
  const exposed = await session.client.sendRequest(exposeEndpointRequest, {});
  assert.equal(exposed.environment.AWS_ENDPOINT_URL_ORGANIZATIONS, exposed.url);
  assert.equal(exposed.environment.AWS_ACCESS_KEY_ID, '111111111111');
  const [root] = await session.client.sendRequest(rootsRequest);
  await rootChildren();
  changes.length = 0;
  // What `aws organizations create-organizational-unit` in a terminal does, with the copied environment.
  const terminal = new OrganizationsClient({
    region: exposed.environment.AWS_REGION, endpoint: exposed.url,
    credentials: { accessKeyId: exposed.environment.AWS_ACCESS_KEY_ID, secretAccessKey: exposed.environment.AWS_SECRET_ACCESS_KEY },
  });
  await terminal.send(new CreateOrganizationalUnitCommand({ ParentId: root.Id!, Name: 'FromTerminal' }));
  terminal.destroy();
  await poll('a change made through the endpoint', () => changes.some((change) => change.cause === 'endpoint') || undefined);
  assert.deepEqual(changes.find((change) => change.cause === 'endpoint'), { ids: [root.Id], scopes: ['hierarchy'], cause: 'endpoint' });
  assert.ok((await rootChildren()).includes('FromTerminal'));
});

test('resetting the embedded organization redraws everything', async () => {
  changes.length = 0;
  await session.client.sendRequest(resetEmbeddedRequest, { seed: 'sample' });
  await poll('a change of everything', () => changes.some((change) => change.ids === undefined) || undefined);
  assert.ok(!(await rootChildren()).includes('FromTerminal'));
});

test('the connection state follows the organization through a reset to empty and CreateOrganization', async () => {
  connections.length = 0;
  await session.client.sendRequest(resetEmbeddedRequest, { seed: 'empty' });
  await poll('no organization', () => connections.at(-1)?.state === 'noOrganization' || undefined);
  assert.equal((await session.client.sendRequest(connectionRequest)).organization, undefined);
  const created = await session.client.sendRequest(mutationRequest('CreateOrganization'), { FeatureSet: 'ALL' });
  await poll('a connected organization', () => connections.at(-1)?.state === 'connected' || undefined);
  assert.equal((await session.client.sendRequest(connectionRequest)).organization?.Id, created.Organization?.Id);
  await session.client.sendRequest(resetEmbeddedRequest, { seed: 'sample' });
});

test('the invited account accepts its invitation through a connection acting as it', async () => {
  const { Handshake: invitation } = await session.client.sendRequest(mutationRequest('InviteAccountToOrganization'), { Target: { Type: 'ACCOUNT', Id: '555566667777' } });
  const invited = await session.client.sendRequest(connectRequest, { kind: 'embedded', callerAccountId: '555566667777' });
  assert.equal(invited.state, 'noOrganization');
  const { Handshake: accepted } = await session.client.sendRequest(mutationRequest('AcceptHandshake'), { HandshakeId: invitation!.Id! });
  assert.equal(accepted?.State, 'ACCEPTED');
  const member = await session.client.sendRequest(connectRequest, { kind: 'embedded', callerAccountId: '555566667777' });
  assert.equal(member.state, 'notManagementAccount');
  await session.client.sendRequest(connectRequest, { kind: 'embedded' });
  assert.equal((await session.client.sendRequest(findRequest, { query: '555566667777' })).length, 1, 'the account joined');
});

test('switching connection clears everything and reports the new state; MFA is asked of the client', async () => {
  const profiles = await session.client.sendRequest(profilesRequest);
  assert.deepEqual(profiles.map((profile) => [profile.name, profile.kind]), [['admin', 'assumeRole'], ['base', 'static']]);

  changes.length = 0;
  connections.length = 0;
  const base = await session.client.sendRequest(connectRequest, { kind: 'profile', profile: 'base' });
  // The remote organization is an empty endpoint: the caller's account is in no organization.
  assert.equal(base.state, 'noOrganization');
  assert.equal(base.label, 'base (custom endpoint)');
  await poll('a change of connection', () => changes.some((change) => change.cause === 'connection' && change.ids === undefined) || undefined);
  await assert.rejects(session.client.sendRequest(rootsRequest), (error: ResponseError<OrganizationsErrorData>) => error.data?.name === 'AWSOrganizationsNotInUseException');

  const admin = await session.client.sendRequest(connectRequest, { kind: 'profile', profile: 'admin' });
  assert.deepEqual(mfaPrompts, [{ serialNumber: 'arn:aws:iam::111111111111:mfa/alice', profile: 'admin' }]);
  assert.equal(admin.state, 'credentialsExpired');
  assert.match(admin.message!, /^Sign in again: /);

  const embedded = await session.client.sendRequest(connectRequest, { kind: 'embedded' });
  assert.equal(embedded.state, 'connected');
  assert.ok((await rootChildren()).includes('Workloads'));
  assert.deepEqual(connections.map((info) => info.spec.kind), ['profile', 'profile', 'embedded']);
});
