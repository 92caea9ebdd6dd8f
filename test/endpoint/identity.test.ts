/**
 * Who the caller is: access keys mapped to accounts from the SigV4 `Authorization` header, STS
 * `GetCallerIdentity` answering for that account, and strict mode refusing what AWS refuses.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as sdk from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { targetPrefix } from '../../server/src/endpoint/handler';
import { managementAccountId, organizationsClient, rawCall, rejection, startTestEndpoint, type TestEndpoint } from './support';

const memberKey = { accessKeyId: 'AKIAMEMBEREXAMPLE001', secretAccessKey: 'member-secret', accountId: '555555555555' };
const managementKey = { accessKeyId: 'AKIAMANAGEMENTEXAMPL', secretAccessKey: 'management-secret', accountId: managementAccountId };

function stsClient(url: string, accessKeyId: string, secretAccessKey = 'local'): STSClient {
  return new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

async function accountOf(url: string, accessKeyId: string, secretAccessKey?: string): Promise<string | undefined> {
  return (await stsClient(url, accessKeyId, secretAccessKey).send(new GetCallerIdentityCommand({}))).Account;
}

describe('identity from access keys', () => {
  let endpoint: TestEndpoint;
  before(async () => {
    endpoint = await startTestEndpoint({ credentials: [memberKey] });
  });
  after(() => endpoint.close());

  test('STS GetCallerIdentity answers for the account of the key, as AWS answers root credentials', async () => {
    const identity = await stsClient(endpoint.url, '333333333333').send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, '333333333333');
    assert.equal(identity.Arn, 'arn:aws:iam::333333333333:root');
    assert.equal(identity.UserId, '333333333333');
    assert.match(identity.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(await accountOf(endpoint.url, memberKey.accessKeyId), memberKey.accountId);
    assert.equal(await accountOf(endpoint.url, 'AKIAIOSFODNN7EXAMPLE'), managementAccountId);
  });

  test('Organizations sees the same callers: a 12-digit key is its account, other keys the management account', async () => {
    await organizationsClient(endpoint.url, 'AKIAIOSFODNN7EXAMPLE').send(new sdk.CreateOrganizationCommand({}));
    const { Organization } = await organizationsClient(endpoint.url, managementAccountId).send(new sdk.DescribeOrganizationCommand({}));
    assert.equal(Organization?.MasterAccountId, managementAccountId);
    const outsider = await rejection(organizationsClient(endpoint.url, '333333333333').send(new sdk.DescribeOrganizationCommand({})));
    assert.ok(outsider instanceof sdk.AWSOrganizationsNotInUseException);
    const configured = await rejection(organizationsClient(endpoint.url, memberKey.accessKeyId).send(new sdk.DescribeOrganizationCommand({})));
    assert.ok(configured instanceof sdk.AWSOrganizationsNotInUseException);
  });

  test('without strict mode, unsigned requests act as the management account', async () => {
    const answer = await rawCall(endpoint.url, `${targetPrefix}DescribeOrganization`, '{}');
    assert.equal(answer.status, 200);
    assert.equal((JSON.parse(answer.text) as { Organization: { MasterAccountId: string } }).Organization.MasterAccountId, managementAccountId);
  });

  test('STS answers a GET with its parameters in the query string', async () => {
    const response = await fetch(`${endpoint.url}/?Action=GetCallerIdentity&Version=2011-06-15`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/xml');
    assert.match(await response.text(), new RegExp(`<Account>${managementAccountId}</Account>`));
  });

  test('an STS action the endpoint does not serve is an InvalidAction', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetSessionToken&Version=2011-06-15',
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /<Code>InvalidAction<\/Code>/);
  });
});

describe('strict mode', () => {
  let endpoint: TestEndpoint;
  before(async () => {
    endpoint = await startTestEndpoint({ strict: true, credentials: [memberKey, managementKey] });
  });
  after(() => endpoint.close());

  test('a request signed with a configured key and its secret is served as its account', async () => {
    const client = organizationsClient(endpoint.url, managementKey.accessKeyId, managementKey.secretAccessKey);
    const { Organization } = await client.send(new sdk.CreateOrganizationCommand({}));
    assert.equal(Organization?.MasterAccountId, managementAccountId);
    assert.equal(await accountOf(endpoint.url, memberKey.accessKeyId, memberKey.secretAccessKey), memberKey.accountId);
  });

  test('a wrong secret is an InvalidSignatureException (SignatureDoesNotMatch for STS)', async () => {
    const error = await rejection(organizationsClient(endpoint.url, managementKey.accessKeyId, 'wrong').send(new sdk.ListRootsCommand({})));
    assert.ok(error instanceof sdk.OrganizationsServiceException);
    assert.equal(error.name, 'InvalidSignatureException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.message, /signature we calculated does not match/);
    const sts = await rejection(accountOf(endpoint.url, managementKey.accessKeyId, 'wrong'));
    assert.equal((sts as Error).name, 'SignatureDoesNotMatch');
  });

  test('an unknown key is an UnrecognizedClientException (InvalidClientTokenId for STS)', async () => {
    const error = await rejection(organizationsClient(endpoint.url, '222222222222').send(new sdk.ListRootsCommand({})));
    assert.equal(error.name, 'UnrecognizedClientException');
    assert.equal(error.message, 'The security token included in the request is invalid.');
    const sts = await rejection(accountOf(endpoint.url, '222222222222'));
    assert.equal((sts as Error).name, 'InvalidClientTokenId');
  });

  test('a signature dated more than 15 minutes away is refused as expired or not yet current', async () => {
    const late = organizationsClient(endpoint.url, managementKey.accessKeyId, managementKey.secretAccessKey, { systemClockOffset: -20 * 60 * 1000 });
    // The SDK corrects its clock from the refusal and retries once when allowed; one attempt shows the refusal itself.
    const expired = await rejection(late.send(new sdk.ListRootsCommand({})));
    assert.equal(expired.name, 'InvalidSignatureException');
    assert.match(expired.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const early = organizationsClient(endpoint.url, managementKey.accessKeyId, managementKey.secretAccessKey, { systemClockOffset: 20 * 60 * 1000 });
    const future = await rejection(early.send(new sdk.ListRootsCommand({})));
    assert.match(future.message, /^Signature not yet current/);
  });

  test('a body changed after signing is refused, and nothing changes', async () => {
    const client = organizationsClient(endpoint.url, managementKey.accessKeyId, managementKey.secretAccessKey);
    client.middlewareStack.add((next) => async (args) => {
      const request = args.request as { body: Uint8Array };
      request.body = Buffer.from(Buffer.from(request.body).toString('utf8').replace('Signed', 'Forged'));
      return next(args);
    }, { step: 'deserialize', name: 'tamperAfterSigning' });
    const { Roots } = await organizationsClient(endpoint.url, managementKey.accessKeyId, managementKey.secretAccessKey).send(new sdk.ListRootsCommand({}));
    const error = await rejection(client.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: Roots![0].Id, Name: 'Signed' })));
    assert.equal(error.name, 'InvalidSignatureException');
    const { OrganizationalUnits } = await organizationsClient(endpoint.url, managementKey.accessKeyId, managementKey.secretAccessKey)
      .send(new sdk.ListOrganizationalUnitsForParentCommand({ ParentId: Roots![0].Id }));
    assert.deepEqual(OrganizationalUnits, []);
  });

  test('an unsigned request is a MissingAuthenticationTokenException; a partial header an IncompleteSignatureException', async () => {
    const unsigned = await rawCall(endpoint.url, `${targetPrefix}ListRoots`, '{}');
    assert.equal(unsigned.status, 400);
    assert.equal((JSON.parse(unsigned.text) as { __type: string }).__type, 'MissingAuthenticationTokenException');
    const partial = await rawCall(endpoint.url, `${targetPrefix}ListRoots`, '{}', { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAMANAGEMENTEXAMPL/20260101/us-east-1/organizations/aws4_request' });
    assert.equal((JSON.parse(partial.text) as { __type: string }).__type, 'IncompleteSignatureException');
  });
});
