/**
 * Throttling as AWS throttles, over HTTP: a token bucket per caller account and operation family answering
 * `TooManyRequestsException` with AWS's sentence and HTTP 400, read by the real SDK and by the AWS CLI against
 * `aws-organizations-local --throttle`; a throttled call changes nothing; the buckets' arithmetic with a clock.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as sdk from '@aws-sdk/client-organizations';
import { parseThrottleRate, RequestThrottle, tooManyRequestsMessage } from '../../server/src/endpoint/throttle';
import { commandPath, managementAccountId, organizationsClient, rejection, startCommand, startTestEndpoint, stop, type TestEndpoint } from './support';

describe('the endpoint throttled as AWS throttles', () => {
  let endpoint: TestEndpoint;
  before(async () => {
    // Two calls at once per family and caller, then one a minute: nothing refills while the test runs.
    endpoint = await startTestEndpoint({ throttle: { ratePerSecond: 1 / 60, burst: 2 } });
    endpoint.engine.reset('sample');
  });
  after(() => endpoint.close());

  test('past the burst, a family answers TooManyRequestsException with AWS\'s sentence and HTTP 400; other families and callers have their own buckets', async () => {
    const client = organizationsClient(endpoint.url);
    const [root] = (await client.send(new sdk.ListRootsCommand({}))).Roots!;
    await client.send(new sdk.ListOrganizationalUnitsForParentCommand({ ParentId: root.Id }));
    // ListRoots, ListOrganizationalUnitsForParent and CreateOrganizationalUnit are one family (structure).
    const created = new sdk.CreateOrganizationalUnitCommand({ ParentId: root.Id, Name: 'Throttled' });
    const error = await rejection(client.send(created));
    assert.equal(error.name, 'TooManyRequestsException');
    assert.equal(error.message, tooManyRequestsMessage);
    assert.equal(error.$metadata.httpStatusCode, 400);
    // The throttled call changed nothing.
    const units = endpoint.engine.call('ListOrganizationalUnitsForParent', { ParentId: root.Id }, managementAccountId) as { OrganizationalUnits: { Name: string }[] };
    assert.ok(!units.OrganizationalUnits.some((unit) => unit.Name === 'Throttled'));

    // Accounts are another family; a member account another caller.
    assert.ok((await client.send(new sdk.ListAccountsCommand({}))).Accounts!.length > 1);
    const member = (await client.send(new sdk.ListAccountsCommand({}))).Accounts!.find((account) => account.Id !== managementAccountId)!;
    const organization = await organizationsClient(endpoint.url, member.Id).send(new sdk.DescribeOrganizationCommand({}));
    assert.equal(organization.Organization?.MasterAccountId, managementAccountId);
    assert.equal((await rejection(client.send(new sdk.ListAccountsCommand({})))).name, 'TooManyRequestsException');
  });

  test('a bucket holds the burst and refills at the rate, per family of operations and caller', () => {
    let now = 0;
    const throttle = new RequestThrottle({ ratePerSecond: 10, burst: 3 }, () => now);
    assert.deepEqual([1, 2, 3, 4].map(() => throttle.take('111111111111', 'ListAccountsForParent')), [true, true, true, false]);
    assert.equal(throttle.take('111111111111', 'DescribeAccount'), false, 'the same family (accounts)');
    assert.equal(throttle.take('111111111111', 'ListOrganizationalUnitsForParent'), true, 'another family (structure)');
    assert.equal(throttle.take('222222222222', 'ListAccountsForParent'), true, 'another caller');
    now = 100;
    assert.deepEqual([1, 2].map(() => throttle.take('111111111111', 'ListAccountsForParent')), [true, false], 'one token in a tenth of a second');
    now = 10_000;
    assert.deepEqual([1, 2, 3, 4].map(() => throttle.take('111111111111', 'ListAccountsForParent')), [true, true, true, false], 'never more than the burst');
  });

  test('a throttle is written <rate>[/<burst>]', () => {
    assert.deepEqual(parseThrottleRate('10/15'), { ratePerSecond: 10, burst: 15 });
    assert.deepEqual(parseThrottleRate(' 2.5 '), { ratePerSecond: 2.5, burst: 3 });
    for (const wrong of ['0', '10/0', 'fast', '-1', '10/15/20', '']) assert.throws(() => parseThrottleRate(wrong), /A throttle is <requests per second>\[\/<burst>\]/, wrong);
  });
});

describe('aws-organizations-local --throttle, with the AWS CLI', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoint-throttle-'));
  let command: ReturnType<typeof startCommand>;
  let url = '';

  before(async () => {
    fs.writeFileSync(path.join(home, 'config'), '');
    command = startCommand(['--port', '0', '--seed', 'sample', '--throttle', '0.01/1']);
    url = (await command.lines)[0].replace('listening on ', '');
  });
  after(async () => {
    await stop(command.child, 'SIGTERM');
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('the second call within the burst of one is refused as AWS refuses it', () => {
    const aws = () => spawnSync('aws', ['organizations', 'list-roots', '--endpoint-url', url, '--output', 'json'], {
      encoding: 'utf8',
      env: {
        PATH: '/usr/bin:/bin', HOME: home, AWS_CONFIG_FILE: path.join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'config'),
        AWS_ACCESS_KEY_ID: managementAccountId, AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1',
      },
    });
    const first = aws();
    assert.equal(first.status, 0, first.stderr);
    const second = aws();
    assert.equal(second.status, 254);
    assert.match(second.stderr, /An error occurred \(TooManyRequestsException\) when calling the ListRoots operation( \(reached max retries: 0\))?: You have sent too many requests in too short a period of time\. Try again later\./);
  });

  test('a throttle that does not parse is a usage error', () => {
    const result = spawnSync(process.execPath, [commandPath, '--throttle', 'fast'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--throttle: A throttle is <requests per second>\[\/<burst>\]/);
  });
});
