/**
 * The SDK's in-memory request handler: the real `OrganizationsClient` (and `STSClient`) reach the endpoint's
 * handler without a socket, signed and parsed exactly as over HTTP, strict mode included.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as sdk from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import { createEndpointHandler, type EndpointRequest } from '../../server/src/endpoint/handler';
import { createInMemoryRequestHandler } from '../../server/src/endpoint/inMemoryHandler';
import { rejection } from './support';

const credential = { accessKeyId: 'AKIAINMEMORYEXAMPLE1', secretAccessKey: 'in-memory-secret', accountId: '111111111111' };

test('the SDK drives the engine through the handler without a socket, verified signatures included', async () => {
  const engine = new OrganizationsEngine({ managementAccountId: credential.accountId });
  const handler = createEndpointHandler(engine, { strict: true, credentials: [credential] });
  const seen: EndpointRequest[] = [];
  const requestHandler = createInMemoryRequestHandler(async (request) => {
    seen.push(request);
    return handler(request);
  });
  // An address nothing listens on: a request that left the process would fail.
  const endpoint = 'http://organizations.invalid:9';
  const client = new sdk.OrganizationsClient({ endpoint, region: 'us-east-1', credentials: credential, requestHandler, maxAttempts: 1 });

  const { Organization } = await client.send(new sdk.CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  assert.equal(Organization?.MasterAccountId, credential.accountId);
  assert.equal(seen[0].headers['x-amz-target'], 'AWSOrganizationsV20161128.CreateOrganization');
  assert.equal(seen[0].headers.host, 'organizations.invalid:9');

  const { Roots } = await client.send(new sdk.ListRootsCommand({}));
  const { OrganizationalUnit } = await client.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: Roots![0].Id, Name: 'InMemory' }));
  assert.equal(OrganizationalUnit?.Name, 'InMemory');

  const duplicate = await rejection(client.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: Roots![0].Id, Name: 'InMemory' })));
  assert.ok(duplicate instanceof sdk.DuplicateOrganizationalUnitException);
  assert.equal(duplicate.$metadata.httpStatusCode, 400);

  const wrongSecret = new sdk.OrganizationsClient({
    endpoint, region: 'us-east-1', credentials: { ...credential, secretAccessKey: 'wrong' }, requestHandler, maxAttempts: 1,
  });
  const refused = await rejection(wrongSecret.send(new sdk.ListRootsCommand({})));
  assert.equal(refused.name, 'InvalidSignatureException');

  const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: credential, requestHandler, maxAttempts: 1 });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Account, credential.accountId);
});

test('an aborted request is refused before it reaches the handler', async () => {
  let reached = false;
  const requestHandler = createInMemoryRequestHandler(async () => {
    reached = true;
    throw new Error('unreachable');
  });
  const controller = new AbortController();
  controller.abort();
  const client = new sdk.OrganizationsClient({
    endpoint: 'http://organizations.invalid', region: 'us-east-1', credentials: credential, requestHandler, maxAttempts: 1,
  });
  const error = await rejection(client.send(new sdk.ListRootsCommand({}), { abortSignal: controller.signal }));
  assert.equal(error.name, 'AbortError');
  assert.equal(reached, false);
});
