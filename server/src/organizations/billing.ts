/**
 * Consolidated billing: what each account, OU and the whole organization costs per month. Costs come from Cost
 * Explorer's `GetCostAndUsage` (grouped by LINKED_ACCOUNT, and by SERVICE too for the chart by service) through the
 * SDK's `CostExplorerClient` on the connection's own credentials and transport, so AWS's Cost Explorer on a remote
 * connection and the embedded organization's ledger are read by the same code. They are rolled up the
 * organization's tree (an OU costs what its accounts and child OUs cost); the management account is the payer.
 */
import { CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandOutput } from '@aws-sdk/client-cost-explorer';
import { addMonths, monthOf } from '../aws/months';
import { billingServicePrincipal } from '../aws/servicePrincipals';
import type { BillingMover, BillingNode, BillingReport, BillingReportParams, BillingSeries } from '../protocol';
import { cachedPromise } from './cachedPromise';
import { unreadableAnswer } from './calls';
import type { OrganizationConnection } from './connection';

/** Cost Explorer is served from us-east-1 (its endpoint is ce.us-east-1.amazonaws.com). */
const costExplorerRegion = 'us-east-1';

/** How many stacks the chart shows before it sums the rest as "Other". */
export const STACKS = 10;
/** How many top movers a report lists. */
export const MOVERS = 5;

/** What Cost Explorer answered for a run of months: cents per month by account (and by account and service). */
export interface AccountCosts {
  months: string[];
  estimated: boolean[];
  byAccount: Map<string, number[]>;
  /** Account → service → cents per month; only when asked for. */
  byService?: Map<string, Map<string, number[]>>;
  /** Account names as Cost Explorer describes the LINKED_ACCOUNT values. */
  names: Map<string, string>;
}

/** The months from `start` to `end` (`YYYY-MM`, inclusive). */
export function monthRange(start: string, end: string): string[] {
  const months: string[] = [];
  for (let month = start; month <= end && months.length < 240; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** Reads every page of `GetCostAndUsage` for whole months, grouped by account (and service). */
export async function readCosts(client: CostExplorerClient, months: string[], withServices: boolean, abortSignal?: AbortSignal): Promise<AccountCosts> {
  const costs: AccountCosts = { months, estimated: months.map(() => false), byAccount: new Map(), names: new Map(), ...(withServices ? { byService: new Map() } : {}) };
  const index = new Map(months.map((month, position) => [month, position]));
  let NextPageToken: string | undefined;
  do {
    const output: GetCostAndUsageCommandOutput = await client.send(new GetCostAndUsageCommand({
      TimePeriod: { Start: `${months[0]}-01`, End: `${addMonths(months[months.length - 1], 1)}-01` },
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, ...(withServices ? [{ Type: 'DIMENSION' as const, Key: 'SERVICE' }] : [])],
      NextPageToken,
    }), { abortSignal }).catch((error: unknown) => {
      throw unreadableAnswer('GetCostAndUsage', error) ?? error;
    });
    for (const result of output.ResultsByTime ?? []) {
      const position = index.get(result.TimePeriod?.Start?.slice(0, 7) ?? '');
      if (position === undefined) continue;
      if (result.Estimated) costs.estimated[position] = true;
      for (const group of result.Groups ?? []) {
        const [accountId, service] = group.Keys ?? [];
        const cents = Math.round(Number(group.Metrics?.UnblendedCost?.Amount ?? 0) * 100);
        if (!accountId || !Number.isFinite(cents)) continue;
        rowOf(costs.byAccount, accountId, months.length)[position] += cents;
        if (costs.byService && service) {
          let services = costs.byService.get(accountId);
          if (!services) costs.byService.set(accountId, (services = new Map()));
          rowOf(services, service, months.length)[position] += cents;
        }
      }
    }
    for (const value of output.DimensionValueAttributes ?? []) {
      if (value.Value && value.Attributes?.description) costs.names.set(value.Value, value.Attributes.description);
    }
    NextPageToken = output.NextPageToken;
  } while (NextPageToken);
  return costs;
}

function rowOf(map: Map<string, number[]>, key: string, length: number): number[] {
  let row = map.get(key);
  if (!row) map.set(key, (row = new Array<number>(length).fill(0)));
  return row;
}

/** The organization's tree as the roll-up needs it. */
export interface BillingHierarchy {
  root?: { id: string; name: string };
  organizationalUnits: { id: string; name: string; parentId: string }[];
  accounts: { id: string; name: string; parentId: string }[];
}

/** Every node's cost per month, rolled up the tree, with each parent's children. */
export interface CostTree {
  nodes: Map<string, BillingNode>;
  children: Map<string, string[]>;
  parents: Map<string, string>;
  rootId?: string;
}

/**
 * Rolls costs up the tree: an account costs what Cost Explorer says, an OU or root the sum of its accounts and
 * child OUs. Accounts with costs that the hierarchy does not list hang under the root, marked `outside`.
 */
export function rollUp(hierarchy: BillingHierarchy, byAccount: Map<string, number[]>, monthCount: number, names = new Map<string, string>()): CostTree {
  const nodes = new Map<string, BillingNode>();
  const children = new Map<string, string[]>();
  const parents = new Map<string, string>();
  const zeros = () => new Array<number>(monthCount).fill(0);
  const attach = (id: string, parentId: string) => {
    parents.set(id, parentId);
    const siblings = children.get(parentId);
    if (siblings) siblings.push(id);
    else children.set(parentId, [id]);
  };
  const rootId = hierarchy.root?.id;
  if (hierarchy.root) nodes.set(hierarchy.root.id, { id: hierarchy.root.id, name: hierarchy.root.name, kind: 'root', cents: zeros() });
  for (const ou of hierarchy.organizationalUnits) {
    nodes.set(ou.id, { id: ou.id, name: ou.name, kind: 'organizationalUnit', cents: zeros() });
    attach(ou.id, ou.parentId);
  }
  for (const account of hierarchy.accounts) {
    nodes.set(account.id, { id: account.id, name: account.name, kind: 'account', cents: byAccount.get(account.id)?.slice() ?? zeros() });
    attach(account.id, account.parentId);
  }
  for (const [id, cents] of byAccount) {
    if (nodes.has(id)) continue;
    nodes.set(id, { id, name: names.get(id) ?? id, kind: 'account', cents: cents.slice(), ...(rootId ? { outside: true } : {}) });
    if (rootId) attach(id, rootId);
  }
  // Deepest first, every node adds itself to its parent once its own children have been added to it.
  const depth = (id: string): number => {
    let level = 0;
    for (let parent = parents.get(id); parent; parent = parents.get(parent)) level++;
    return level;
  };
  const order = [...parents.keys()].map((id) => ({ id, level: depth(id) })).sort((a, b) => b.level - a.level);
  for (const { id } of order) {
    const parent = nodes.get(parents.get(id)!);
    const cents = nodes.get(id)!.cents;
    if (parent) for (let month = 0; month < monthCount; month++) parent.cents[month] += cents[month];
  }
  return { nodes, children, parents, ...(rootId ? { rootId } : {}) };
}

/** The accounts at and under a node. */
function accountsUnder(tree: CostTree, id: string): BillingNode[] {
  const accounts: BillingNode[] = [];
  const stack = [id];
  while (stack.length) {
    const current = stack.pop()!;
    const node = tree.nodes.get(current);
    if (node?.kind === 'account') accounts.push(node);
    stack.push(...(tree.children.get(current) ?? []));
  }
  return accounts;
}

const sum = (cents: number[]) => cents.reduce((total, value) => total + value, 0);

/** The largest `STACKS` series by total, the rest summed as `other`. */
function topSeries(series: BillingSeries[], other: string, monthCount: number): BillingSeries[] {
  const sorted = series.filter((entry) => sum(entry.cents) !== 0).sort((a, b) => sum(b.cents) - sum(a.cents) || a.label.localeCompare(b.label));
  if (sorted.length <= STACKS) return sorted;
  const rest = sorted.slice(STACKS - 1);
  const cents = new Array<number>(monthCount).fill(0);
  for (const entry of rest) entry.cents.forEach((value, month) => { cents[month] += value; });
  return [...sorted.slice(0, STACKS - 1), { key: 'other', label: `${other} (${rest.length})`, cents }];
}

/** What a report is built from: the rolled-up tree and the costs it came from. */
export interface ReportInput {
  tree: CostTree;
  costs: AccountCosts;
  scope: BillingReport['scope'];
  payer?: { id: string; name: string };
}

/** The report of one node: its rolled-up cost, its children, the chart's stacks and the top movers under it. */
export function buildReport({ tree, costs, scope, payer }: ReportInput, nodeId: string | undefined, stackBy: BillingReportParams['stackBy']): BillingReport {
  const { months, estimated } = costs;
  const fallback = tree.rootId ?? [...tree.nodes.keys()][0];
  const node = tree.nodes.get(nodeId ?? fallback ?? '') ?? tree.nodes.get(fallback ?? '') ?? { id: '', name: 'No costs', kind: 'account' as const, cents: months.map(() => 0) };
  const path: BillingReport['path'] = [];
  for (let parent = tree.parents.get(node.id); parent; parent = tree.parents.get(parent)) {
    const ancestor = tree.nodes.get(parent);
    if (ancestor) path.unshift({ id: ancestor.id, name: ancestor.name });
  }
  const children = (tree.children.get(node.id) ?? []).map((id) => tree.nodes.get(id)!)
    .sort((a, b) => sum(b.cents) - sum(a.cents) || a.name.localeCompare(b.name));
  const accounts = node.kind === 'account' ? [node] : accountsUnder(tree, node.id);
  let series: BillingSeries[];
  if (stackBy === 'service') {
    const byService = new Map<string, number[]>();
    for (const account of accounts) {
      for (const [service, cents] of costs.byService?.get(account.id) ?? []) {
        const row = rowOf(byService, service, months.length);
        cents.forEach((value, month) => { row[month] += value; });
      }
    }
    series = topSeries([...byService].map(([service, cents]) => ({ key: service, label: service, cents })), 'Other services', months.length);
  } else {
    series = topSeries(accounts.map((account) => ({ key: account.id, label: account.name, cents: account.cents })), 'Other accounts', months.length);
  }
  // Movers compare the last closed month with the one before it (an open month is not comparable yet).
  let last = months.length - 1;
  while (last > 0 && estimated[last]) last--;
  const moverMonths: [string, string] | undefined = last >= 1 ? [months[last - 1], months[last]] : undefined;
  const movers: BillingMover[] = moverMonths
    ? accounts
      .map((account) => ({ id: account.id, name: account.name, previousCents: account.cents[last - 1], currentCents: account.cents[last] }))
      .filter((mover) => mover.currentCents !== mover.previousCents)
      .sort((a, b) => Math.abs(b.currentCents - b.previousCents) - Math.abs(a.currentCents - a.previousCents) || a.name.localeCompare(b.name))
      .slice(0, MOVERS)
    : [];
  const organizationCents = tree.rootId ? tree.nodes.get(tree.rootId)!.cents : months.map((_, month) => sum([...costs.byAccount.values()].map((row) => row[month])));
  return { months, estimated, scope, ...(payer ? { payer } : {}), node, path, children, series, ...(moverMonths ? { moverMonths } : {}), movers, organizationCents };
}

/** The default period: the twelve months up to the current one. */
export function defaultPeriod(now: Date): { start: string; end: string } {
  const end = monthOf(now);
  return { start: addMonths(end, -11), end };
}

/**
 * Billing of one connection: its Cost Explorer client, the costs it read and the roll-ups made of them. A change
 * of the hierarchy (a moved account) rolls the same costs up again; the costs are read again only when everything
 * is reloaded (a refresh, a reset, a recorded charge): AWS charges for each Cost Explorer request.
 */
export class ConnectionBilling {
  private readonly client: CostExplorerClient;
  private readonly costs = new Map<string, Promise<AccountCosts>>();
  private readonly rollUps = new Map<string, Promise<ReportInput>>();

  constructor(private readonly connection: OrganizationConnection, private readonly clock: () => Date = () => new Date()) {
    const { credentials, endpoint, requestHandler, region } = connection.clientConfig;
    this.client = new CostExplorerClient({
      credentials, requestHandler, maxAttempts: 3,
      // A custom endpoint (the embedded organization, or a compatible one) serves Cost Explorer beside Organizations.
      ...(endpoint ? { endpoint, region: typeof region === 'string' ? region : costExplorerRegion } : { region: costExplorerRegion }),
    });
    connection.model.onDidChange((change) => {
      this.rollUps.clear();
      if (!change.ids) this.costs.clear();
    });
  }

  /** The report of a node for a period. */
  async report(params: BillingReportParams): Promise<BillingReport> {
    const period = defaultPeriod(this.clock());
    const months = monthRange(params.start ?? period.start, params.end ?? period.end);
    if (!months.length) throw Object.assign(new Error('The period is empty: its first month comes after its last.'), { name: 'ValidationException' });
    return buildReport(await this.input(months, params.stackBy === 'service'), params.nodeId, params.stackBy);
  }

  /** A node's cost in the current month, or undefined when it has none or the caller cannot see it. */
  async currentCost(id: string): Promise<{ month: string; cents: number; estimated: boolean } | undefined> {
    const month = monthOf(this.clock());
    const { tree, costs } = await this.input([month], false);
    const node = tree.nodes.get(id);
    return node ? { month, cents: node.cents[0], estimated: costs.estimated[0] } : undefined;
  }

  private input(months: string[], withServices: boolean): Promise<ReportInput> {
    // A connection that never connected has no credentials of its own: the SDK would fall back to the environment's.
    const { state } = this.connection.info;
    if (state !== 'connected' && state !== 'notManagementAccount') {
      return Promise.reject(Object.assign(new Error(`Costs can be read once the connection is connected to an organization (it is ${state}).`), { name: 'NotConnected' }));
    }
    const key = `${months[0]}..${months[months.length - 1]}${withServices ? '+services' : ''}`;
    const costs = cachedPromise(this.costs, key, () => readCosts(this.client, months, withServices));
    return cachedPromise(this.rollUps, key, () => this.rollUp(costs, months));
  }

  private async rollUp(reading: Promise<AccountCosts>, months: string[]): Promise<ReportInput> {
    const { model, info } = this.connection;
    const organization = await model.describeOrganization().catch(() => undefined);
    const managementAccountId = organization?.MasterAccountId;
    // Only the management account or a delegated administrator lists the tree; a member account sees its own costs.
    const seesTree = info.state === 'connected';
    const [costs] = await Promise.all([reading, seesTree ? model.loadHierarchy() : undefined]);
    const hierarchy: BillingHierarchy = { organizationalUnits: [], accounts: [] };
    if (seesTree) {
      const root = (await model.listRoots())[0];
      if (root?.Id) hierarchy.root = { id: root.Id, name: root.Name ?? 'Root' };
      const known = model.hierarchy();
      hierarchy.organizationalUnits = known.organizationalUnits.map(({ organizationalUnit, parentId }) => ({ id: organizationalUnit.Id!, name: organizationalUnit.Name ?? '', parentId }));
      hierarchy.accounts = known.accounts.map(({ account, parentId }) => ({ id: account.Id!, name: account.Name ?? account.Id!, parentId }));
    }
    const tree = rollUp(hierarchy, costs.byAccount, months.length, costs.names);
    const caller = info.callerAccountId;
    const scope = seesTree && (!caller || caller === managementAccountId || await this.delegatedForBilling(caller)) ? 'organization' : 'account';
    const payerName = managementAccountId ? tree.nodes.get(managementAccountId)?.name ?? costs.names.get(managementAccountId) : undefined;
    return { tree, costs, scope, ...(managementAccountId ? { payer: { id: managementAccountId, name: payerName ?? managementAccountId } } : {}) };
  }

  private async delegatedForBilling(accountId: string): Promise<boolean> {
    const services = await this.connection.model.trustedServices().catch(() => []);
    return services.some(({ service, delegatedAdministrators }) =>
      service.ServicePrincipal === billingServicePrincipal && delegatedAdministrators.some((admin) => admin.Id === accountId));
  }
}

const billings = new WeakMap<OrganizationConnection, ConnectionBilling>();

/** The billing of a connection, made on first use (with `clock`, for tests: what "this month" is). */
export function billingOf(connection: OrganizationConnection, clock?: () => Date): ConnectionBilling {
  let billing = billings.get(connection);
  if (!billing) billings.set(connection, (billing = new ConnectionBilling(connection, clock)));
  return billing;
}
