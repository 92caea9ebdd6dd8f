/**
 * Loading a generated organization of 10,000 accounts, 2,000 OUs and 500 SCPs through the endpoint over
 * HTTP with the real SDK: the API calls made and the time, beside the minimum number of calls the API
 * allows for that organization, computed from the organization's own state:
 *
 *   DescribeOrganization + ListRoots                                   2
 * + per parent (root and every OU): ListOrganizationalUnitsForParent   pages(OUs under it)
 *                                   + ListAccountsForParent            pages(accounts under it)
 * + ListPolicies per enabled policy type                                pages(policies of the type)
 * + per policy: DescribePolicy (its content) 1 + ListTargetsForPolicy  pages(its targets)
 * + ListHandshakesForOrganization, ListAWSServiceAccessForOrganization, ListDelegatedAdministrators
 *                                                                       pages(each)
 * where pages(n) = max(1, ceil(n / 20)): AWS allows at most 20 results per page for these operations,
 * and even an empty list takes one call. No operation returns a parent's children with their names
 * in fewer calls (ListChildren returns IDs only), nor a policy's content without DescribePolicy.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import { generateOrganization } from '../../server/src/emulator/seeds';
import { createEndpointHandler } from '../../server/src/endpoint/handler';
import { startEndpointServer } from '../../server/src/endpoint/server';
import { OrganizationsCalls, maxResults } from '../../server/src/organizations/calls';
import { OrganizationModel } from '../../server/src/organizations/model';
import { elapsedMs, type Figure } from './support';

const pages = (count: number) => Math.max(1, Math.ceil(count / maxResults));

/** The fewest calls that load the whole organization held in `engine`, from its state. */
function minimumCalls(engine: OrganizationsEngine): number {
  const collections = engine.exportState().collections as Record<string, Record<string, Record<string, unknown>>>;
  const ousUnder = new Map<string, number>();
  const accountsUnder = new Map<string, number>();
  const parents = [...Object.keys(collections.roots ?? {}), ...Object.keys(collections.organizationalUnits ?? {})];
  for (const unit of Object.values(collections.organizationalUnits ?? {})) ousUnder.set(unit.ParentId as string, (ousUnder.get(unit.ParentId as string) ?? 0) + 1);
  for (const account of Object.values(collections.accounts ?? {})) {
    if (account.ParentId) accountsUnder.set(account.ParentId as string, (accountsUnder.get(account.ParentId as string) ?? 0) + 1);
  }
  const targetsOf = new Map<string, number>();
  for (const policyIds of Object.values(collections.attachments ?? {}) as unknown as string[][]) {
    for (const policyId of policyIds) targetsOf.set(policyId, (targetsOf.get(policyId) ?? 0) + 1);
  }
  // Every SCP: the customer's and the AWS managed ones that are attached (FullAWSAccess).
  const policies = new Set([...Object.keys(collections.policies ?? {}), ...targetsOf.keys()]);
  let calls = 2;
  for (const parent of parents) calls += pages(ousUnder.get(parent) ?? 0) + pages(accountsUnder.get(parent) ?? 0);
  calls += pages(policies.size);
  for (const policy of policies) calls += 1 + pages(targetsOf.get(policy) ?? 0);
  return calls + 3;
}

export async function run(): Promise<Figure[]> {
  const engine = new OrganizationsEngine();
  engine.importState(generateOrganization({ accounts: 10_000, ous: 2_000, policies: 500, depth: 5 }));
  const server = await startEndpointServer(createEndpointHandler(engine, {}));
  const client = new OrganizationsClient({ region: 'us-east-1', endpoint: server.url, maxAttempts: 1, credentials: { accessKeyId: engine.managementAccountId, secretAccessKey: 'bench' } });
  const calls = new OrganizationsCalls(client);
  try {
    const model = new OrganizationModel(calls);
    const firstLevelStart = process.hrtime.bigint();
    const [root] = await model.listRoots();
    await model.childrenPage(root.Id!);
    const firstLevelMs = elapsedMs(firstLevelStart);
    const firstLevelCalls = calls.requests;

    model.clear();
    calls.requests = 0;
    const start = process.hrtime.bigint();
    const snapshot = await model.loadAll();
    const loadMs = elapsedMs(start);
    if (snapshot.accounts.length !== 10_000 || snapshot.organizationalUnits.length !== 2_000) {
      throw new Error(`loaded ${snapshot.accounts.length} accounts and ${snapshot.organizationalUnits.length} OUs`);
    }
    const minimum = minimumCalls(engine);
    return [
      { name: 'organizations.load_calls', value: calls.requests, unit: 'calls' },
      { name: 'organizations.load_calls_minimum', value: minimum, unit: 'calls' },
      { name: 'organizations.load_calls_ratio', value: calls.requests / minimum, unit: 'x minimum' },
      { name: 'organizations.load_seconds', value: loadMs / 1000, unit: 's' },
      { name: 'organizations.first_level_ms', value: firstLevelMs, unit: 'ms' },
      { name: 'organizations.first_level_calls', value: firstLevelCalls, unit: 'calls' },
    ];
  } finally {
    calls.cancel();
    await server.close();
  }
}
