/**
 * Every error shape of the wire: malformed bodies, unknown targets, members of the wrong type, missing
 * members, AWS exceptions with and without a reason, and a failure inside the service, each as raw
 * HTTP (what AWS sends) and, where the SDK can send the request, as the SDK parses it.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as sdk from '@aws-sdk/client-organizations';
import { MemoryStore } from '../../server/src/emulator/store';
import { targetPrefix } from '../../server/src/endpoint/handler';
import { organizationsClient, rawCall, rejection, startTestEndpoint, type TestEndpoint } from './support';

function parse(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

describe('error shapes on the wire', () => {
  let endpoint: TestEndpoint;
  before(async () => {
    endpoint = await startTestEndpoint();
  });
  after(() => endpoint.close());

  test('a body that is not JSON is a SerializationException', async () => {
    const answer = await rawCall(endpoint.url, `${targetPrefix}DescribeAccount`, '{"AccountId": ');
    assert.equal(answer.status, 400);
    assert.equal(answer.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.match(answer.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    const body = parse(answer.text);
    assert.equal(body.__type, 'com.amazon.coral.service#SerializationException');
    assert.equal(typeof body.Message, 'string');
  });

  test('a JSON body that is not an object, or a member of the wrong type, is a SerializationException', async () => {
    for (const text of ['[]', '"x"', '42', 'null', '{"AccountId": 111111111111}', '{"AccountId": ["111111111111"]}']) {
      const answer = await rawCall(endpoint.url, `${targetPrefix}DescribeAccount`, text);
      assert.equal(answer.status, 400, text);
      assert.equal(parse(answer.text).__type, 'com.amazon.coral.service#SerializationException', text);
    }
    const nested = await rawCall(endpoint.url, `${targetPrefix}CreateOrganizationalUnit`,
      JSON.stringify({ ParentId: 'r-abcd', Name: 'x', Tags: [{ Key: 'k', Value: 7 }] }));
    assert.match(String(parse(nested.text).Message), /Tags\[0\]\.Value/);
    const timestamp = await rawCall(endpoint.url, `${targetPrefix}InviteOrganizationToTransferResponsibility`,
      JSON.stringify({ Type: 'BILLING', Target: { Id: '222222222222', Type: 'ACCOUNT' }, StartTimestamp: 'tomorrow', SourceName: 'x' }));
    assert.equal(parse(timestamp.text).__type, 'com.amazon.coral.service#SerializationException');
  });

  test('unknown, missing and foreign targets are an UnknownOperationException', async () => {
    for (const target of [`${targetPrefix}DescribeEverything`, 'DynamoDB_20120810.ListTables', `${targetPrefix}`, `${targetPrefix}constructor`]) {
      const answer = await rawCall(endpoint.url, target, '{}');
      assert.equal(answer.status, 400, target);
      assert.equal(parse(answer.text).__type, 'com.amazon.coral.service#UnknownOperationException', target);
    }
    const missing = await rawCall(endpoint.url, undefined, '{}');
    assert.equal(parse(missing.text).__type, 'com.amazon.coral.service#UnknownOperationException');
  });

  test('an AWS exception carries __type, Message and, where AWS gives one, Reason', async () => {
    const notInUse = await rawCall(endpoint.url, `${targetPrefix}DescribeOrganization`, '{}');
    assert.equal(notInUse.status, 400);
    assert.deepEqual(parse(notInUse.text), { __type: 'AWSOrganizationsNotInUseException', Message: 'Your account is not a member of an organization.' });

    await rawCall(endpoint.url, `${targetPrefix}CreateOrganization`, '{}');
    const missing = await rawCall(endpoint.url, `${targetPrefix}CreateOrganizationalUnit`, '{"Name": "x"}');
    const body = parse(missing.text);
    assert.equal(body.__type, 'InvalidInputException');
    assert.equal(body.Reason, 'INPUT_REQUIRED');
    assert.equal(typeof body.Message, 'string');
  });

  test('the SDK parses each shape into its exception class, Reason included', async () => {
    const client = organizationsClient(endpoint.url);
    const invalid = await rejection(client.send(new sdk.DescribeAccountCommand({ AccountId: 'nope' })));
    assert.ok(invalid instanceof sdk.InvalidInputException);
    assert.equal(invalid.Reason, 'INVALID_PATTERN');
    assert.equal(invalid.$fault, 'client');
    const required = await rejection(client.send(new sdk.DescribeAccountCommand({} as sdk.DescribeAccountRequest)));
    assert.ok(required instanceof sdk.InvalidInputException);
    assert.equal(required.Reason, 'INPUT_REQUIRED');
    const notFound = await rejection(client.send(new sdk.DescribeAccountCommand({ AccountId: '999999999999' })));
    assert.ok(notFound instanceof sdk.AccountNotFoundException);
    assert.equal(notFound.message, "You specified an account that doesn't exist.");
  });
});

describe('a failure inside the service', () => {
  test('is a ServiceException with status 500 and nothing of the failure in it', async () => {
    /** A store whose disk is full: the engine's commit fails after the operation ran. */
    class FullDiskStore extends MemoryStore {
      override commit(): void {
        throw new Error('ENOSPC: no space left on device, write /secret/path/state.json');
      }
    }
    const reported: unknown[] = [];
    const endpoint = await startTestEndpoint({ store: new FullDiskStore(), onInternalError: (error) => reported.push(error) });
    try {
      const answer = await rawCall(endpoint.url, `${targetPrefix}CreateOrganization`, '{}');
      assert.equal(answer.status, 500);
      const body = parse(answer.text);
      assert.equal(body.__type, 'ServiceException');
      assert.doesNotMatch(answer.text, /ENOSPC|secret|at |\.ts|\.js/);
      assert.equal(reported.length, 1);

      const error = await rejection(organizationsClient(endpoint.url).send(new sdk.CreateOrganizationCommand({})));
      assert.ok(error instanceof sdk.ServiceException);
      assert.equal(error.$fault, 'server');
      // The rejected write left nothing behind: the organization still does not exist.
      const describe = await rawCall(endpoint.url, `${targetPrefix}DescribeOrganization`, '{}');
      assert.equal(parse(describe.text).__type, 'AWSOrganizationsNotInUseException');
    } finally {
      await endpoint.close();
    }
  });
});
