/**
 * Cost Explorer's wire protocol on the endpoint, read by the real `@aws-sdk/client-cost-explorer` over HTTP:
 * GetCostAndUsage grouped by account and service, paged, filtered, with Cost Explorer's errors; who sees which
 * accounts; charges recorded through the emulator route; and the AWS CLI's `aws ce get-cost-and-usage`.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import * as ce from '@aws-sdk/client-cost-explorer';
import { addMonths, monthOf } from '../../server/src/aws/months';
import { ledgerTotals as totalsIn } from '../support/ledger';
import { generateOrganization } from '../../server/src/emulator/seeds';
import { billingServicePrincipal } from '../../server/src/aws/servicePrincipals';
import { GROUPS_PER_PAGE } from '../../server/src/endpoint/costExplorer';
import { managementAccountId, organizationsClient, rawCall, rejection, startTestEndpoint, type TestEndpoint } from './support';
import { EnableAWSServiceAccessCommand, RegisterDelegatedAdministratorCommand } from '@aws-sdk/client-organizations';

const now = new Date('2026-06-16T12:00:00Z');
const months = Array.from({ length: 12 }, (_, index) => addMonths('2025-07', index));
const period = { Start: '2025-07-01', End: '2026-07-01' };
let endpoint: TestEndpoint;

function costExplorer(accessKeyId = managementAccountId): ce.CostExplorerClient {
  return new ce.CostExplorerClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'local' }, maxAttempts: 1 });
}

/** Every page of a query, following NextPageToken (the SDK has no paginator for GetCostAndUsage). */
async function allPages(client: ce.CostExplorerClient, input: ce.GetCostAndUsageCommandInput): Promise<ce.GetCostAndUsageCommandOutput[]> {
  const pages: ce.GetCostAndUsageCommandOutput[] = [];
  let NextPageToken: string | undefined;
  do {
    const page = await client.send(new ce.GetCostAndUsageCommand({ ...input, NextPageToken }));
    pages.push(page);
    NextPageToken = page.NextPageToken;
  } while (NextPageToken);
  return pages;
}

/** The ledger's own totals, account → cents by month. */
function ledgerTotals(accountIds?: Set<string>): Map<string, number[]> {
  return endpoint.engine.transact('read', (tx, at) => totalsIn(tx, at, months, accountIds));
}

function cents(amount: string | undefined): number {
  return Math.round(Number(amount) * 100);
}

before(async () => {
  endpoint = await startTestEndpoint({ clock: () => now });
});
after(() => endpoint.close());

test('GetCostAndUsage by LINKED_ACCOUNT pages through 2,000 accounts and matches the ledger to the cent', async () => {
  endpoint.engine.importState(generateOrganization({ accounts: 2_000, ous: 40, policies: 0, depth: 3, now }));
  const pages = await allPages(costExplorer(), { TimePeriod: period, Granularity: 'MONTHLY', Metrics: ['UnblendedCost', 'BlendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] });
  assert.equal(pages.length, Math.ceil((2_000 * 12) / GROUPS_PER_PAGE));
  assert.deepEqual(pages[0].GroupDefinitions, [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }]);
  const read = new Map<string, number[]>();
  for (const page of pages) {
    for (const result of page.ResultsByTime!) {
      const month = months.indexOf(result.TimePeriod!.Start!.slice(0, 7));
      assert.ok(month >= 0, result.TimePeriod!.Start);
      assert.equal(result.Estimated, months[month] === monthOf(now));
      assert.deepEqual(result.Total, {});
      for (const group of result.Groups!) {
        assert.equal(group.Metrics!.UnblendedCost.Unit, 'USD');
        assert.equal(group.Metrics!.BlendedCost.Amount, group.Metrics!.UnblendedCost.Amount);
        const row = read.get(group.Keys![0]) ?? new Array<number>(12).fill(0);
        row[month] += cents(group.Metrics!.UnblendedCost.Amount);
        read.set(group.Keys![0], row);
      }
    }
  }
  assert.deepEqual(read, ledgerTotals());
  const names = pages.flatMap((page) => page.DimensionValueAttributes!);
  assert.equal(names.find((value) => value.Value === managementAccountId)?.Attributes?.description, 'Management');
});

test('ungrouped totals equal the grouped sums; a SERVICE filter and grouping by account and service agree', async () => {
  endpoint.engine.reset('sample');
  const client = costExplorer();
  const [total] = await allPages(client, { TimePeriod: period, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
  const ledger = ledgerTotals();
  months.forEach((_, month) => {
    const expected = [...ledger.values()].reduce((sum, row) => sum + row[month], 0);
    assert.equal(cents(total.ResultsByTime![month].Total!.UnblendedCost.Amount), expected);
    assert.deepEqual(total.ResultsByTime![month].Groups, []);
  });
  const byService = await allPages(client, {
    TimePeriod: period, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'],
    GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, { Type: 'DIMENSION', Key: 'SERVICE' }],
  });
  const lambda = await allPages(client, {
    TimePeriod: period, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'],
    Filter: { Dimensions: { Key: 'SERVICE', Values: ['AWS Lambda'] } },
  });
  const lambdaFromGroups = byService.flatMap((page) => page.ResultsByTime!.flatMap((result) => result.Groups!))
    .filter((group) => group.Keys![1] === 'AWS Lambda').reduce((sum, group) => sum + cents(group.Metrics!.UnblendedCost.Amount), 0);
  const lambdaTotal = lambda[0].ResultsByTime!.reduce((sum, result) => sum + cents(result.Total!.UnblendedCost.Amount), 0);
  assert.ok(lambdaTotal > 0);
  assert.equal(lambdaTotal, lambdaFromGroups);
});

test('a member account sees its own costs; a delegated administrator for Billing and Cost Management sees every account', async () => {
  endpoint.engine.reset('sample');
  const member = [...ledgerTotals().keys()].find((id) => id !== managementAccountId)!;
  const query: ce.GetCostAndUsageCommandInput = { TimePeriod: period, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] };
  const seen = async (accessKeyId: string) => new Set((await allPages(costExplorer(accessKeyId), query))
    .flatMap((page) => page.ResultsByTime!.flatMap((result) => result.Groups!.map((group) => group.Keys![0]))));
  assert.deepEqual(await seen(member), new Set([member]));
  // Even a filter naming another account shows a member nothing of it.
  const filtered = await allPages(costExplorer(member), { ...query, Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [managementAccountId] } } });
  assert.equal(filtered.flatMap((page) => page.ResultsByTime!.flatMap((result) => result.Groups!)).length, 0);

  const organizations = organizationsClient(endpoint.url);
  await organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: billingServicePrincipal }));
  await organizations.send(new RegisterDelegatedAdministratorCommand({ AccountId: member, ServicePrincipal: billingServicePrincipal }));
  assert.deepEqual(await seen(member), new Set(ledgerTotals().keys()));
});

test('Cost Explorer\'s errors: dates out of order, granularities and metrics the ledger lacks, bad or changed page tokens', async () => {
  endpoint.engine.importState(generateOrganization({ accounts: 1_000, ous: 10, policies: 0, depth: 2, now }));
  const client = costExplorer();
  const base: ce.GetCostAndUsageCommandInput = { TimePeriod: period, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] };
  const reversed = await rejection(client.send(new ce.GetCostAndUsageCommand({ ...base, TimePeriod: { Start: '2026-02-01', End: '2026-01-01' } })));
  assert.equal(reversed.name, 'ValidationException');
  assert.equal(reversed.message, 'Start date (and hour) should be before end date (and hour)');
  assert.equal(reversed.$metadata.httpStatusCode, 400);
  assert.equal((await rejection(client.send(new ce.GetCostAndUsageCommand({ ...base, Granularity: 'DAILY' })))).name, 'ValidationException');
  assert.equal((await rejection(client.send(new ce.GetCostAndUsageCommand({ ...base, Metrics: ['UsageQuantity'] })))).name, 'ValidationException');
  assert.equal((await rejection(client.send(new ce.GetCostAndUsageCommand({ ...base, GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }] })))).name, 'ValidationException');
  const bad = await rejection(client.send(new ce.GetCostAndUsageCommand({ ...base, NextPageToken: 'not-a-token' })));
  assert.ok(bad instanceof ce.InvalidNextTokenException, bad.name);
  const first = await client.send(new ce.GetCostAndUsageCommand(base));
  assert.ok(first.NextPageToken);
  const changed = await rejection(client.send(new ce.GetCostAndUsageCommand({ ...base, Metrics: ['BlendedCost'], NextPageToken: first.NextPageToken })));
  assert.ok(changed instanceof ce.RequestChangedException, changed.name);
  const malformed = await rawCall(endpoint.url, 'AWSInsightsIndexService.GetCostAndUsage', '{"TimePeriod": "2026"}');
  assert.equal(malformed.status, 400);
  assert.equal(JSON.parse(malformed.text).__type, 'com.amazon.coral.service#SerializationException');
});

test('a charge recorded through /_emulator/charges shows in Cost Explorer at once; an unknown account is refused', async () => {
  endpoint.engine.reset('sample');
  const client = costExplorer();
  const query: ce.GetCostAndUsageCommandInput = { TimePeriod: { Start: '2026-06-01', End: '2026-07-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] };
  const before = cents((await client.send(new ce.GetCostAndUsageCommand(query))).ResultsByTime![0].Total!.UnblendedCost.Amount);
  const post = (body: unknown) => fetch(`${endpoint.url}/_emulator/charges`, { method: 'POST', body: JSON.stringify(body) });
  const recorded = await post({ AccountId: managementAccountId, Service: 'Amazon Bedrock', Amount: 1234.56 });
  assert.equal(recorded.status, 200);
  assert.deepEqual(((await recorded.json()) as { Charge: unknown }).Charge, { AccountId: managementAccountId, Month: '2026-06', Service: 'Amazon Bedrock', Cents: 123456 });
  const afterwards = cents((await client.send(new ce.GetCostAndUsageCommand(query))).ResultsByTime![0].Total!.UnblendedCost.Amount);
  assert.equal(afterwards - before, 123456);
  const refused = await post({ AccountId: '000000000000', Service: 'Amazon Bedrock', Amount: 1 });
  assert.equal(refused.status, 400);
  assert.equal(((await refused.json()) as { __type: string }).__type, 'InvalidInputException');
});

test('Debian\'s AWS CLI reads the same costs with aws ce get-cost-and-usage', async (t) => {
  if (!fs.existsSync('/usr/bin/aws')) return t.skip('no AWS CLI at /usr/bin/aws');
  endpoint.engine.reset('sample');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-explorer-cli-'));
  try {
    // The CLI runs in a child process: spawn it asynchronously, so this process's server keeps answering.
    const output = await new Promise<string>((resolve, reject) => {
      execFile('/usr/bin/aws', ['ce', 'get-cost-and-usage', '--time-period', 'Start=2026-05-01,End=2026-06-01', '--granularity', 'MONTHLY',
        '--metrics', 'UnblendedCost', '--group-by', 'Type=DIMENSION,Key=LINKED_ACCOUNT', '--endpoint-url', endpoint.url, '--output', 'json'], {
        env: {
          PATH: '/usr/bin:/bin', HOME: home, AWS_CONFIG_FILE: path.join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
          AWS_ACCESS_KEY_ID: managementAccountId, AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1',
        },
      }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    });
    const answer = JSON.parse(output) as ce.GetCostAndUsageResponse;
    const read = new Map(answer.ResultsByTime![0].Groups!.map((group) => [group.Keys![0], cents(group.Metrics!.UnblendedCost.Amount)]));
    const may = months.indexOf('2026-05');
    assert.deepEqual(read, new Map([...ledgerTotals()].map(([id, row]) => [id, row[may]])));
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
