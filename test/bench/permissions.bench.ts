/**
 * Effective-permissions figures on a generated organization of 10,000 accounts, 2,000 OUs (up to five deep)
 * and 1,000 SCPs (plus 50 RCPs): the organization-wide summary a hover shows, for a concrete action and for
 * a wildcard, computed afresh (as after a change) and from the memo; the memory the prepared organization
 * and one summary's memo take; and one explained request.
 */
import { rcpSupportedServices } from '../../server/src/permissions/actionCatalog';
import { evaluateRequest } from '../../server/src/permissions/evaluate';
import { OrganizationPermissions } from '../../server/src/permissions/organization';
import { summarizeActionEntry } from '../../server/src/permissions/summary';
import { seededRandom } from '../support/random';
import { randomOrganization } from '../unit/permissions/randomOrganization';
import { elapsedMs, Figure, heapUsed, percentile } from './support';

const concrete = ['s3:PutObject', 'ec2:RunInstances', 'iam:CreateUser', 'kms:Decrypt', 'sts:AssumeRole'];
const wildcards = ['s3:Get*', 'ec2:Describe*', 'iam:*'];
const rounds = 4;

/**
 * Latencies of a summary over a list of entries, each computed with an empty memo (cold) and again (warm).
 * The cold ones are also given in CPU time, which other processes on a busy machine disturb less.
 */
async function latencies(organization: OrganizationPermissions, entries: readonly string[]): Promise<{ cold: number[]; coldCpu: number[]; warm: number[] }> {
  const cold: number[] = [];
  const coldCpu: number[] = [];
  const warm: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const entry of entries) {
      organization.forget();
      const cpu = process.cpuUsage();
      let start = process.hrtime.bigint();
      await summarizeActionEntry(organization, entry);
      cold.push(elapsedMs(start));
      const used = process.cpuUsage(cpu);
      coldCpu.push((used.user + used.system) / 1000);
      start = process.hrtime.bigint();
      await summarizeActionEntry(organization, entry);
      warm.push(elapsedMs(start));
    }
  }
  return { cold, coldCpu, warm };
}

export async function run(): Promise<Figure[]> {
  const graph = randomOrganization(seededRandom(2026), { accounts: 10_000, units: 2_000, serviceControlPolicies: 1_000, resourceControlPolicies: 50 });
  const rcpSupported = await rcpSupportedServices();
  // Load the catalog's service files before timing, as a running server has.
  for (const entry of [...concrete, ...wildcards]) await summarizeActionEntry(new OrganizationPermissions({ ...graph, Accounts: [] }, { rcpSupportedServices: rcpSupported }), entry);

  const before = heapUsed();
  let start = process.hrtime.bigint();
  const organization = new OrganizationPermissions(graph, { rcpSupportedServices: rcpSupported });
  const buildMs = elapsedMs(start);
  await summarizeActionEntry(organization, 'ec2:RunInstances');
  const indexBytes = heapUsed() - before;

  const concreteTimes = await latencies(organization, concrete);
  const wildcardTimes = await latencies(organization, wildcards);

  const requestTimes: number[] = [];
  for (let index = 0; index < 500; index++) {
    const account = graph.Accounts[(index * 7919) % graph.Accounts.length];
    start = process.hrtime.bigint();
    evaluateRequest(organization, { action: concrete[index % concrete.length], principalAccount: account.Id });
    requestTimes.push(elapsedMs(start));
  }

  start = process.hrtime.bigint();
  organization.update({ ...graph, Attachments: graph.Attachments.slice(1) });
  const updateMs = elapsedMs(start);

  return [
    { name: 'permissions.organization_build', value: buildMs, unit: 'ms' },
    { name: 'permissions.organization_update', value: updateMs, unit: 'ms' },
    { name: 'permissions.index_memory', value: indexBytes / 2 ** 20, unit: 'MiB' },
    { name: 'permissions.summary_concrete_cold_p50', value: percentile(concreteTimes.cold, 50), unit: 'ms' },
    { name: 'permissions.summary_concrete_cold_p99', value: percentile(concreteTimes.cold, 99), unit: 'ms' },
    { name: 'permissions.summary_concrete_cold_cpu_p50', value: percentile(concreteTimes.coldCpu, 50), unit: 'ms' },
    { name: 'permissions.summary_concrete_warm_p50', value: percentile(concreteTimes.warm, 50), unit: 'ms' },
    { name: 'permissions.summary_wildcard_cold_p50', value: percentile(wildcardTimes.cold, 50), unit: 'ms' },
    { name: 'permissions.summary_wildcard_cold_p99', value: percentile(wildcardTimes.cold, 99), unit: 'ms' },
    { name: 'permissions.summary_wildcard_cold_cpu_p50', value: percentile(wildcardTimes.coldCpu, 50), unit: 'ms' },
    { name: 'permissions.summary_wildcard_warm_p50', value: percentile(wildcardTimes.warm, 50), unit: 'ms' },
    { name: 'permissions.request_p50', value: percentile(requestTimes, 50), unit: 'ms' },
    { name: 'permissions.request_p99', value: percentile(requestTimes, 99), unit: 'ms' },
  ];
}
