/**
 * The organization as the language server knows it: a cache over AWS Organizations' read operations,
 * filled lazily where the tree is lazy (one parent's children at a time) and completely where hover
 * needs it (`loadAll`: the whole hierarchy and every policy with its content and targets). Every read
 * pages fully with the largest page AWS allows and runs independent reads concurrently (bounded by
 * `OrganizationsCalls`). Mutations run through `mutate`, which updates the cache at once and tells
 * listeners which nodes changed.
 */
import * as Organizations from '@aws-sdk/client-organizations';
import type {
  Account, DelegatedAdministrator, EnabledServicePrincipal, Handshake, Organization, OrganizationalUnit, Policy, PolicySummary,
  PolicyTargetSummary, PolicyType, Root, Tag,
} from '@aws-sdk/client-organizations';
import type { AppliedPolicy, ChildrenPage, Mutations, OrganizationNode, OrganizationScope, PolicyTypeInfo, TrustedService } from '../protocol';
import type { OperationName } from '../emulator/engine';
import type { AuthorizationPolicyType, OrganizationGraph } from '../permissions/model';
import { type Children, ModelCache, nodeId, nodeName } from './cache';
import { cachedPromise } from './cachedPromise';
import { CallCancelledError, OrganizationsCalls, type OrganizationsCommand } from './calls';
import { everyScope } from './changes/change';
import { iamChangeTable, stsChangeTable } from './changes/iam';
import { changeTable } from './changes/table';
import { PendingEdits } from './pending';

/** What changed, for `organizationChanged`: node IDs (absent = everything) and the parts of the organization. */
export interface OrganizationChange {
  ids?: string[];
  scopes: OrganizationScope[];
  cause: 'client' | 'endpoint' | 'refresh' | 'connection';
}

/** The whole organization at once, for hover's effective permissions and for benchmarks. */
export interface OrganizationSnapshot {
  organization: Organization;
  roots: Root[];
  organizationalUnits: { organizationalUnit: OrganizationalUnit; parentId: string }[];
  accounts: { account: Account; parentId: string }[];
  /** Every policy of every enabled type, with its content and the targets it is attached to directly. */
  policies: { policy: Policy; targets: PolicyTargetSummary[] }[];
  handshakes: Handshake[];
  trustedServices: TrustedService[];
}

/** The policy types AWS lists, in the SDK's order. */
export const policyTypes = Object.values(Organizations.PolicyType) as PolicyType[];

export class OrganizationModel {
  private readonly cache: ModelCache;
  private readonly listeners = new Set<(change: OrganizationChange) => void>();

  constructor(readonly calls: OrganizationsCalls, readonly pending = new PendingEdits()) {
    this.cache = new ModelCache(pending);
  }

  /** Listens to changes of the organization (made here, found on refresh, or reported by the endpoint). */
  onDidChange(listener: (change: OrganizationChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  describeOrganization(): Promise<Organization> {
    this.cache.organization ??= this.calls.send(new Organizations.DescribeOrganizationCommand({})).then((output) => output.Organization ?? {});
    return this.cache.organization;
  }

  listRoots(): Promise<Root[]> {
    this.cache.roots ??= this.calls.listAll(Organizations.ListRootsCommand, {}, (output) => output.Roots).then((roots) => {
      for (const root of roots) this.cache.nodes.set(root.Id!, { kind: 'root', root });
      return roots;
    });
    return this.cache.roots;
  }

  /** The OUs and accounts under a root or OU, OUs first, then accounts, each sorted by name; a page at a time. */
  async childrenPage(parentId: string, nextToken?: string, pageSize = 100): Promise<ChildrenPage> {
    const [children, delegated] = await Promise.all([this.childrenOf(parentId), this.delegatedServicesByAccount()]);
    const byName = (a: { Name?: string; Id?: string }, b: { Name?: string; Id?: string }) =>
      (a.Name ?? '').localeCompare(b.Name ?? '') || (a.Id ?? '').localeCompare(b.Id ?? '');
    const all: OrganizationNode[] = [
      ...[...children.organizationalUnits].sort(byName).map((organizationalUnit): OrganizationNode => ({ kind: 'organizationalUnit', organizationalUnit, parentId })),
      ...[...children.accounts].sort(byName).map((account): OrganizationNode => ({ kind: 'account', account, parentId, delegatedServices: delegated.get(account.Id!) ?? [] })),
    ];
    const start = nextToken ? Number(nextToken) : 0;
    if (!Number.isInteger(start) || start < 0 || start > all.length) throw new Error(`Invalid children page token: ${nextToken}`);
    const end = start + Math.max(1, pageSize);
    return { children: all.slice(start, end), ...(end < all.length ? { nextToken: String(end) } : {}) };
  }

  /** One root, OU or account, from the cache or from AWS. */
  async node(id: string): Promise<OrganizationNode | null> {
    if (!this.cache.nodes.has(id)) {
      if (id.startsWith('r-')) await this.listRoots();
      else {
        const parentId = await this.parentIdOf(id).catch((error: unknown) => {
          // A node that is gone (deleted, closed and removed, or never there) has no parent: AWS says ChildNotFoundException.
          if (error instanceof Error && error.name === 'ChildNotFoundException') return undefined;
          throw error;
        });
        if (parentId) await this.childrenOf(parentId);
      }
    }
    const node = this.cache.nodes.get(id);
    return node ? this.withDelegations(node) : null;
  }

  /** An account node with the services it is delegated administrator for. */
  private async withDelegations(node: OrganizationNode): Promise<OrganizationNode> {
    if (node.kind !== 'account') return node;
    return { ...node, delegatedServices: (await this.delegatedServicesByAccount()).get(node.account.Id!) ?? [] };
  }

  /** The path from the root down to the node's parent. */
  async ancestors(id: string): Promise<OrganizationNode[]> {
    const path: OrganizationNode[] = [];
    for (let parentId = await this.parentIdOf(id); parentId; parentId = await this.parentIdOf(parentId)) {
      const parent = await this.node(parentId);
      if (parent) path.unshift(parent);
    }
    return path;
  }

  /** The policies of each enabled type attached to the target directly, then those inherited, nearest ancestor first. */
  async policiesForTarget(targetId: string): Promise<AppliedPolicy[]> {
    const [types, target, ancestors] = await Promise.all([this.enabledPolicyTypes(), this.node(targetId), this.ancestors(targetId)]);
    const chain = [target, ...ancestors.reverse()].filter((node): node is OrganizationNode => node !== null);
    const perLevel = await Promise.all(chain.map(async (node) => {
      const id = nodeId(node);
      const lists = await Promise.all(types.map((type) => this.policiesAttachedTo(id, type)));
      return lists.flat().map((policy): AppliedPolicy => ({
        policy,
        attachedTo: { id, name: nodeName(node), kind: node.kind },
        inherited: id !== targetId,
      }));
    }));
    return perLevel.flat();
  }

  /** Every policy type with its state in this organization (from the root's `PolicyTypes`). */
  async policyTypes(): Promise<PolicyTypeInfo[]> {
    const [organization, roots] = await Promise.all([this.describeOrganization(), this.listRoots()]);
    const onRoot = new Map((roots[0]?.PolicyTypes ?? []).map((summary) => [summary.Type, summary.Status]));
    // An organization with only consolidated billing features has no policy types at all.
    const available = organization.FeatureSet !== 'CONSOLIDATED_BILLING';
    return policyTypes.map((type): PolicyTypeInfo => ({ type, status: !available ? 'UNAVAILABLE' : onRoot.get(type) ?? 'DISABLED' }));
  }

  policies(type: PolicyType): Promise<PolicySummary[]> {
    return this.cachedList(this.cache.policyLists, `policies:${type}`, (policy) => policy.Id, () =>
      this.calls.listAll(Organizations.ListPoliciesCommand, { Filter: type }, (output) => output.Policies));
  }

  targetsForPolicy(policyId: string): Promise<PolicyTargetSummary[]> {
    return this.cachedList(this.cache.targets, `targets:${policyId}`, (summary) => summary.TargetId, () =>
      this.calls.listAll(Organizations.ListTargetsForPolicyCommand, { PolicyId: policyId }, (output) => output.Targets));
  }

  /** A policy with its content. */
  describePolicy(policyId: string): Promise<Policy> {
    let policy = this.cache.policyContents.get(policyId);
    if (!policy) {
      policy = this.calls.send(new Organizations.DescribePolicyCommand({ PolicyId: policyId })).then((output) => output.Policy ?? {});
      this.cache.policyContents.set(policyId, policy);
    }
    return policy;
  }

  /** The tags of a root, OU, account or policy. */
  tags(resourceId: string): Promise<Tag[]> {
    return cachedPromise(this.cache.tagLists, resourceId, () =>
      this.calls.listAll(Organizations.ListTagsForResourceCommand, { ResourceId: resourceId }, (output) => output.Tags));
  }

  handshakes(): Promise<Handshake[]> {
    return this.cachedList(this.cache.handshakeLists, 'handshakes', (handshake) => handshake.Id, () =>
      this.calls.listAll(Organizations.ListHandshakesForOrganizationCommand, {}, (output) => output.Handshakes));
  }

  /**
   * The services with trusted access and their delegated administrators. The pairs come either from one
   * `ListDelegatedAdministrators` per service or one `ListDelegatedServicesForAccount` per administrator,
   * whichever needs fewer calls.
   */
  trustedServices(): Promise<TrustedService[]> {
    this.cache.delegations ??= (async () => {
      const [services, administrators] = await Promise.all([
        this.calls.listAll(Organizations.ListAWSServiceAccessForOrganizationCommand, {}, (output) => output.EnabledServicePrincipals),
        this.calls.listAll(Organizations.ListDelegatedAdministratorsCommand, {}, (output) => output.DelegatedAdministrators),
      ]);
      const byService = new Map<string, DelegatedAdministrator[]>(services.map((service) => [service.ServicePrincipal!, []]));
      if (administrators.length) {
        if (services.length <= administrators.length) {
          await Promise.all(services.map(async (service) => {
            byService.set(service.ServicePrincipal!, await this.calls.listAll(Organizations.ListDelegatedAdministratorsCommand,
              { ServicePrincipal: service.ServicePrincipal }, (output) => output.DelegatedAdministrators));
          }));
        } else {
          await Promise.all(administrators.map(async (administrator) => {
            const delegated = await this.calls.listAll(Organizations.ListDelegatedServicesForAccountCommand,
              { AccountId: administrator.Id }, (output) => output.DelegatedServices);
            for (const { ServicePrincipal } of delegated) byService.get(ServicePrincipal!)?.push(administrator);
          }));
        }
      }
      return services.map((service: EnabledServicePrincipal): TrustedService => ({ service, delegatedAdministrators: byService.get(service.ServicePrincipal!) ?? [] }));
    })();
    return this.cache.delegations;
  }

  /** OUs and accounts whose name, ID or email contains the query; loads the whole hierarchy. */
  async find(query: string, limit = 50): Promise<OrganizationNode[]> {
    const needle = query.toLowerCase();
    await this.loadHierarchy();
    const found: OrganizationNode[] = [];
    for (const node of this.cache.nodes.values()) {
      if (node.kind === 'root') continue;
      const fields = node.kind === 'account' ? [node.account.Name, node.account.Id, node.account.Email] : [node.organizationalUnit.Name, node.organizationalUnit.Id];
      if (fields.some((field) => field?.toLowerCase().includes(needle))) found.push(await this.withDelegations(node));
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Every root, OU and account with its parent: each parent's children, parents concurrently. */
  async loadHierarchy(): Promise<void> {
    const visit = async (parentId: string): Promise<void> => {
      const children = await this.childrenOf(parentId);
      await Promise.all(children.organizationalUnits.map((organizationalUnit) => visit(organizationalUnit.Id!)));
    };
    await Promise.all((await this.listRoots()).map((root) => visit(root.Id!)));
  }

  /** The whole organization: hierarchy, every policy of every enabled type with content and targets, handshakes, trusted services. */
  async loadAll(): Promise<OrganizationSnapshot> {
    const [organization, roots, , types, handshakes, trustedServices] = await Promise.all([
      this.describeOrganization(), this.listRoots(), this.loadHierarchy(), this.enabledPolicyTypes(), this.handshakes(), this.trustedServices(),
    ]);
    const summaries = (await Promise.all(types.map((type) => this.policies(type)))).flat();
    const policies = await Promise.all(summaries.map(async (summary) => {
      const [policy, targets] = await Promise.all([this.describePolicy(summary.Id!), this.targetsForPolicy(summary.Id!)]);
      return { policy, targets };
    }));
    return { organization, roots, ...this.hierarchy(), policies, handshakes, trustedServices };
  }

  /**
   * What effective permissions need, complete: the hierarchy, every SCP and RCP with its content, and where
   * each is attached. Loaded once and then kept current by the cache like every other read.
   */
  async authorizationGraph(): Promise<OrganizationGraph> {
    const [organization, roots, , types] = await Promise.all([this.describeOrganization(), this.listRoots(), this.loadHierarchy(), this.enabledPolicyTypes()]);
    const enabled = types.filter((type): type is AuthorizationPolicyType => type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY');
    const summaries = (await Promise.all(enabled.map((type) => this.policies(type)))).flat();
    const policies = await Promise.all(summaries.map(async (summary) => {
      const [policy, targets] = await Promise.all([this.describePolicy(summary.Id!), this.targetsForPolicy(summary.Id!)]);
      return { summary, content: policy.Content, targets };
    }));
    const { organizationalUnits, accounts } = this.hierarchy();
    return {
      OrganizationId: organization.Id,
      RootId: roots[0]?.Id ?? '',
      ManagementAccountId: organization.MasterAccountId ?? '',
      EnabledPolicyTypes: enabled,
      OrganizationalUnits: organizationalUnits.map(({ organizationalUnit, parentId }) => ({ Id: organizationalUnit.Id!, Name: organizationalUnit.Name ?? '', ParentId: parentId })),
      Accounts: accounts.map(({ account, parentId }) => ({ Id: account.Id!, Name: account.Name ?? '', ParentId: parentId })),
      Policies: policies.map(({ summary, content }) => ({
        Id: summary.Id!, Name: summary.Name ?? '', Type: summary.Type as AuthorizationPolicyType, Content: parseContent(content), AwsManaged: summary.AwsManaged ?? false,
      })),
      Attachments: policies.flatMap(({ summary, targets }) => targets.map((target) => ({ PolicyId: summary.Id!, TargetId: target.TargetId! }))),
    };
  }

  /** The OUs and accounts known to the cache, each with its parent. */
  hierarchy(): Pick<OrganizationSnapshot, 'organizationalUnits' | 'accounts'> {
    const organizationalUnits: OrganizationSnapshot['organizationalUnits'] = [];
    const accounts: OrganizationSnapshot['accounts'] = [];
    for (const node of this.cache.nodes.values()) {
      if (node.kind === 'organizationalUnit') organizationalUnits.push({ organizationalUnit: node.organizationalUnit, parentId: node.parentId });
      else if (node.kind === 'account') accounts.push({ account: node.account, parentId: node.parentId });
    }
    return { organizationalUnits, accounts };
  }

  /**
   * Runs one management operation. On success the cache shows the change at once (and keeps showing it
   * while the service's reads lag), and listeners hear which nodes changed.
   */
  async mutate<K extends keyof Mutations>(operation: K, input: Mutations[K][0]): Promise<Mutations[K][1]> {
    const Command = (Organizations as unknown as Record<string, new (input: unknown) => OrganizationsCommand<Organizations.ServiceInputTypes, Organizations.ServiceOutputTypes>>)[`${operation}Command`];
    if (!Command) throw new Error(`Unknown operation ${operation}`);
    const { $metadata: _metadata, ...output } = await this.calls.send(new Command(input)) as Organizations.ServiceOutputTypes;
    await this.recordChange(operation, input as Record<string, unknown>, output as Record<string, unknown>, 'client');
    return output as Mutations[K][1];
  }

  /**
   * Takes in a change made through the endpoint by someone else (the AWS CLI in a terminal, another window):
   * the affected cache entries are dropped, so the next read fetches them, and listeners hear about it.
   */
  async changedElsewhere(operation: string, input: Record<string, unknown>, output: Record<string, unknown>): Promise<void> {
    await this.recordChange(operation, input, output, 'endpoint');
  }

  /**
   * Takes in a change to an account's IAM or an STS session, made here or elsewhere (`endpoint`): the model caches
   * no IAM, but listeners (the accounts' principals, the tree) hear which account's IAM changed, per the IAM change table.
   */
  iamChanged(service: 'iam' | 'sts', operation: string, accountId: string, cause: OrganizationChange['cause']): void {
    const record = (service === 'iam' ? iamChangeTable : stsChangeTable)[operation];
    const changed = record?.(accountId);
    if (changed) this.emit({ ...changed, cause });
  }

  /** Drops cached data (of one node and its children, or everything) so that the next read fetches it again. */
  refresh(id?: string): void {
    if (!id) {
      this.clear();
      this.emit({ scopes: everyScope, cause: 'refresh' });
      return;
    }
    this.cache.forgetChildren(id);
    this.cache.forgetDirectPolicies(id);
    this.cache.targets.delete(`targets:${id}`);
    this.cache.policyContents.delete(id);
    this.cache.tagLists.delete(id);
    this.emit({ ids: [id], scopes: ['hierarchy'], cause: 'refresh' });
  }

  /** Forgets everything cached, pending edits included (a connection switch). */
  clear(): void {
    this.cache.clear();
  }

  /** The cached parent of a node, or AWS's answer (`ListParents`). */
  async parentIdOf(id: string): Promise<string | undefined> {
    if (id.startsWith('r-')) return undefined;
    const known = this.cache.parentOf.get(id);
    if (known) return known;
    const parents = await this.calls.send(new Organizations.ListParentsCommand({ ChildId: id }));
    const parentId = parents.Parents?.[0]?.Id;
    if (parentId) this.cache.parentOf.set(id, parentId);
    return parentId;
  }

  private childrenOf(parentId: string): Promise<Children> {
    const children = cachedPromise(this.cache.children, parentId, () => Promise.all([
      this.calls.listAll(Organizations.ListOrganizationalUnitsForParentCommand, { ParentId: parentId }, (output) => output.OrganizationalUnits),
      this.calls.listAll(Organizations.ListAccountsForParentCommand, { ParentId: parentId }, (output) => output.Accounts),
    ]).then(([organizationalUnits, accounts]) => ({
      organizationalUnits: this.pending.apply(`ous:${parentId}`, organizationalUnits, (ou) => ou.Id, true),
      accounts: this.pending.apply(`accounts:${parentId}`, accounts, (account) => account.Id, true),
    })));
    return children.then((found) => {
      // Edits made after the fetch apply too.
      const current = {
        organizationalUnits: this.pending.apply(`ous:${parentId}`, found.organizationalUnits, (ou) => ou.Id, false),
        accounts: this.pending.apply(`accounts:${parentId}`, found.accounts, (account) => account.Id, false),
      };
      for (const organizationalUnit of current.organizationalUnits) this.remember({ kind: 'organizationalUnit', organizationalUnit, parentId });
      for (const account of current.accounts) this.remember({ kind: 'account', account, parentId, delegatedServices: [] });
      return current;
    });
  }

  /** Keeps an OU or account found under its parent (delegated services are added when it is shown). */
  private remember(node: Exclude<OrganizationNode, { kind: 'root' }>): void {
    const id = nodeId(node);
    this.cache.nodes.set(id, node);
    this.cache.parentOf.set(id, node.parentId);
  }

  /** Which services each delegated administrator account administers. */
  private async delegatedServicesByAccount(): Promise<Map<string, string[]>> {
    const byAccount = new Map<string, string[]>();
    let services: TrustedService[];
    try {
      services = await this.trustedServices();
    } catch (error) {
      // Member accounts may not list delegated administrators, nor may an organization without all features:
      // the hierarchy still shows, without the decoration (the trusted services view shows the error).
      if (error instanceof CallCancelledError) throw error;
      return byAccount;
    }
    for (const { service, delegatedAdministrators } of services) {
      for (const administrator of delegatedAdministrators) {
        byAccount.set(administrator.Id!, [...(byAccount.get(administrator.Id!) ?? []), service.ServicePrincipal!]);
      }
    }
    return byAccount;
  }

  private async enabledPolicyTypes(): Promise<PolicyType[]> {
    return (await this.policyTypes()).filter((info) => info.status === 'ENABLED').map((info) => info.type);
  }

  private policiesAttachedTo(targetId: string, type: PolicyType): Promise<PolicySummary[]> {
    return this.cachedList(this.cache.directPolicies, `${targetId}:${type}`, (policy) => policy.Id, () =>
      this.calls.listAll(Organizations.ListPoliciesForTargetCommand, { TargetId: targetId, Filter: type }, (output) => output.Policies));
  }

  /** A list cached under `key`, fetched once, with the pending edits of list `key` applied. */
  private cachedList<T>(cache: Map<string, Promise<T[]>>, key: string, idOf: (item: T) => string | undefined, fetch: () => Promise<T[]>): Promise<T[]> {
    const list = cachedPromise(cache, key, () => fetch().then((items) => this.pending.apply(key, items, idOf, true)));
    return list.then((items) => this.pending.apply(key, items, idOf, false));
  }

  /** Applies a successful operation to the cache (see `changes/`) and tells listeners what changed. */
  private async recordChange(operation: string, input: Record<string, unknown>, output: Record<string, unknown>, cause: OrganizationChange['cause']): Promise<void> {
    const record = changeTable[operation as OperationName];
    const changed = record && (await record({
      operation: operation as OperationName, input, output, own: cause === 'client', cache: this.cache,
      roots: () => this.listRoots(),
      policy: (policyId) => this.describePolicyCached(policyId),
    }));
    if (changed) this.emit({ ...(changed.ids ? { ids: [...new Set(changed.ids)] } : {}), scopes: changed.scopes, cause });
  }

  /** The cached policy, or AWS's answer; undefined when the policy is gone. */
  private async describePolicyCached(policyId: string): Promise<Policy | undefined> {
    try {
      return await this.describePolicy(policyId);
    } catch {
      return undefined;
    }
  }

  private emit(change: OrganizationChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** A policy's JSON content; content that is not JSON stays a string, for the evaluator to report. */
function parseContent(content: string | undefined): unknown {
  try {
    return JSON.parse(content ?? '');
  } catch {
    return content;
  }
}
