/**
 * Engine figures on a 10,000-account organization, in-process: the time to generate and load it, and
 * operations per second for a create/list mix (and for its parts).
 */
import { OrganizationsEngine } from '../../server/src/emulator/engine';
import { generateOrganization } from '../../server/src/emulator/seeds';
import { elapsedMs, type Figure } from './support';

const MANAGEMENT = '111111111111';
const ACCOUNTS = 10_000;

/** Runs `count` operations from `next` and returns operations per second. */
function throughput(count: number, next: (index: number) => void): number {
  const start = process.hrtime.bigint();
  for (let index = 0; index < count; index++) next(index);
  return Math.round(count / (elapsedMs(start) / 1000));
}

export async function run(): Promise<Figure[]> {
  let start = process.hrtime.bigint();
  const state = generateOrganization({ accounts: ACCOUNTS, ous: 400, policies: 200, depth: 5, managementAccountId: MANAGEMENT, accountQuota: 20_000 });
  const generateMs = elapsedMs(start);

  let time = Date.parse('2026-01-05T10:00:00Z');
  const engine = new OrganizationsEngine({ clock: () => new Date(time) });
  start = process.hrtime.bigint();
  engine.importState(state);
  const importMs = elapsedMs(start);

  const call = (operation: string, input: Record<string, unknown> = {}) => engine.call(operation, input, MANAGEMENT) as Record<string, never>;
  const rootId = (call('ListRoots').Roots as { Id: string }[])[0].Id;
  const ous = Object.keys(state.collections.organizationalUnits);
  const accounts = Object.keys(state.collections.accounts);
  let created = 0;

  // The mix: one create for every four reads, as a tool that builds and browses the tree would do.
  const mix = [
    () => call('ListAccountsForParent', { ParentId: ous[created % ous.length] }),
    () => call('DescribeAccount', { AccountId: accounts[created % accounts.length] }),
    () => call('ListChildren', { ParentId: ous[created % ous.length], ChildType: 'ORGANIZATIONAL_UNIT' }),
    () => call('ListPoliciesForTarget', { TargetId: accounts[created % accounts.length], Filter: 'SERVICE_CONTROL_POLICY' }),
    () => {
      created++;
      if (created % 2) call('CreateOrganizationalUnit', { ParentId: rootId, Name: `Bench ${created}` });
      else call('CreateAccount', { AccountName: `Bench ${created}`, Email: `bench-${created}@example.com` });
      // Let each CreateAccount complete before the concurrency limit of five is reached.
      time += 60_000;
    },
  ];
  const mixed = throughput(2000, (index) => mix[index % mix.length]());
  const listAccounts = throughput(500, () => call('ListAccounts'));
  const describeAccount = throughput(5000, (index) => call('DescribeAccount', { AccountId: accounts[index % accounts.length] }));
  const createOu = throughput(500, (index) => { call('CreateOrganizationalUnit', { ParentId: rootId, Name: `More ${index}` }); });

  return [
    { name: 'engine.generate_10000_accounts', value: generateMs, unit: 'ms' },
    { name: 'engine.import_10000_accounts', value: importMs, unit: 'ms' },
    { name: 'engine.ops_per_second', value: mixed, unit: 'ops/s' },
    { name: 'engine.list_accounts_per_second', value: listAccounts, unit: 'ops/s' },
    { name: 'engine.describe_account_per_second', value: describeAccount, unit: 'ops/s' },
    { name: 'engine.create_organizational_unit_per_second', value: createOu, unit: 'ops/s' },
  ];
}
