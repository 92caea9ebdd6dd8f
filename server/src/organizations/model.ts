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
import { cachedPromise } from './cachedPromise';
import { CallCancelledError, OrganizationsCalls, type OrganizationsCommand } from './calls';
import { PendingEdits } from './pending';
import type { AuthorizationPolicyType, OrganizationGraph } from '../permissions/model';

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

type Children = { organizationalUnits: OrganizationalUnit[]; accounts: Account[] };

export class OrganizationModel {
  private organization?: Promise<Organization>;
  private roots?: Promise<Root[]>;
  private readonly children = new Map<string, Promise<Children>>();
  private readonly parentOf = new Map<string, string>();
  private readonly nodes = new Map<string, OrganizationNode>();
  private readonly policyLists = new Map<string, Promise<PolicySummary[]>>();
  private readonly policyContents = new Map<string, Promise<Policy>>();
  private readonly targets = new Map<string, Promise<PolicyTargetSummary[]>>();
  private readonly directPolicies = new Map<string, Promise<PolicySummary[]>>();
  private readonly handshakeLists = new Map<string, Promise<Handshake[]>>();
  private readonly tagLists = new Map<string, Promise<Tag[]>>();
  private delegations?: Promise<TrustedService[]>;
  private readonly listeners = new Set<(change: OrganizationChange) => void>();

  constructor(readonly calls: OrganizationsCalls, readonly pending = new PendingEdits()) {}

  /** Listens to changes of the organization (made here, found on refresh, or reported by the endpoint). */
  onDidChange(listener: (change: OrganizationChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  describeOrganization(): Promise<Organization> {
    this.organization ??= this.calls.send(new Organizations.DescribeOrganizationCommand({})).then((output) => output.Organization ?? {});
    return this.organization;
  }

  listRoots(): Promise<Root[]> {
    this.roots ??= this.calls.listAll(Organizations.ListRootsCommand, {}, (output) => output.Roots).then((roots) => {
      for (const root of roots) this.nodes.set(root.Id!, { kind: 'root', root });
      return roots;
    });
    return this.roots;
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
    if (!this.nodes.has(id)) {
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
    const node = this.nodes.get(id);
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
    return this.cachedList(this.policyLists, `policies:${type}`, (policy) => policy.Id, () =>
      this.calls.listAll(Organizations.ListPoliciesCommand, { Filter: type }, (output) => output.Policies));
  }

  targetsForPolicy(policyId: string): Promise<PolicyTargetSummary[]> {
    return this.cachedList(this.targets, `targets:${policyId}`, (summary) => summary.TargetId, () =>
      this.calls.listAll(Organizations.ListTargetsForPolicyCommand, { PolicyId: policyId }, (output) => output.Targets));
  }

  /** A policy with its content. */
  describePolicy(policyId: string): Promise<Policy> {
    let policy = this.policyContents.get(policyId);
    if (!policy) {
      policy = this.calls.send(new Organizations.DescribePolicyCommand({ PolicyId: policyId })).then((output) => output.Policy ?? {});
      this.policyContents.set(policyId, policy);
    }
    return policy;
  }

  /** The tags of a root, OU, account or policy. */
  tags(resourceId: string): Promise<Tag[]> {
    return cachedPromise(this.tagLists, resourceId, () =>
      this.calls.listAll(Organizations.ListTagsForResourceCommand, { ResourceId: resourceId }, (output) => output.Tags));
  }

  handshakes(): Promise<Handshake[]> {
    return this.cachedList(this.handshakeLists, 'handshakes', (handshake) => handshake.Id, () =>
      this.calls.listAll(Organizations.ListHandshakesForOrganizationCommand, {}, (output) => output.Handshakes));
  }

  /**
   * The services with trusted access and their delegated administrators. The pairs come either from one
   * `ListDelegatedAdministrators` per service or one `ListDelegatedServicesForAccount` per administrator,
   * whichever needs fewer calls.
   */
  trustedServices(): Promise<TrustedService[]> {
    this.delegations ??= (async () => {
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
    return this.delegations;
  }

  /** OUs and accounts whose name, ID or email contains the query; loads the whole hierarchy. */
  async find(query: string, limit = 50): Promise<OrganizationNode[]> {
    const needle = query.toLowerCase();
    await this.loadHierarchy();
    const found: OrganizationNode[] = [];
    for (const node of this.nodes.values()) {
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
    for (const node of this.nodes.values()) {
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

  /** Drops cached data (of one node and its children, or everything) so that the next read fetches it again. */
  refresh(id?: string): void {
    if (!id) {
      this.clear();
      this.emit({ scopes: ['organization', 'hierarchy', 'policies', 'handshakes', 'trustedServices'], cause: 'refresh' });
      return;
    }
    this.forgetChildren(id);
    this.directPolicies.forEach((_value, key) => key.startsWith(`${id}:`) && this.directPolicies.delete(key));
    this.targets.delete(`targets:${id}`);
    this.policyContents.delete(id);
    this.tagLists.delete(id);
    this.emit({ ids: [id], scopes: ['hierarchy'], cause: 'refresh' });
  }

  /** Forgets everything cached, pending edits included (a connection switch). */
  clear(): void {
    this.organization = undefined;
    this.roots = undefined;
    this.delegations = undefined;
    for (const cache of [this.handshakeLists, this.tagLists, this.children, this.parentOf, this.nodes, this.policyLists, this.policyContents, this.targets, this.directPolicies]) cache.clear();
    this.pending.clear();
  }

  /** The cached parent of a node, or AWS's answer (`ListParents`). */
  async parentIdOf(id: string): Promise<string | undefined> {
    if (id.startsWith('r-')) return undefined;
    const known = this.parentOf.get(id);
    if (known) return known;
    const parents = await this.calls.send(new Organizations.ListParentsCommand({ ChildId: id }));
    const parentId = parents.Parents?.[0]?.Id;
    if (parentId) this.parentOf.set(id, parentId);
    return parentId;
  }

  private childrenOf(parentId: string): Promise<Children> {
    const children = cachedPromise(this.children, parentId, () => Promise.all([
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
    this.nodes.set(id, node);
    this.parentOf.set(id, node.parentId);
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
    return this.cachedList(this.directPolicies, `${targetId}:${type}`, (policy) => policy.Id, () =>
      this.calls.listAll(Organizations.ListPoliciesForTargetCommand, { TargetId: targetId, Filter: type }, (output) => output.Policies));
  }

  /** A list cached under `key`, fetched once, with the pending edits of list `key` applied. */
  private cachedList<T>(cache: Map<string, Promise<T[]>>, key: string, idOf: (item: T) => string | undefined, fetch: () => Promise<T[]>): Promise<T[]> {
    const list = cachedPromise(cache, key, () => fetch().then((items) => this.pending.apply(key, items, idOf, true)));
    return list.then((items) => this.pending.apply(key, items, idOf, false));
  }

  /** Forgets a parent's children, so that the next read fetches them (and no stale child is found meanwhile). */
  private forgetChildren(parentId: string): void {
    this.children.delete(parentId);
    this.nodes.forEach((node, id) => {
      if (node.kind === 'root' || node.parentId !== parentId) return;
      this.nodes.delete(id);
      this.parentOf.delete(id);
    });
  }

  /**
   * Applies a successful operation to the cache and tells listeners. Changes made here become pending
   * edits (shown at once, kept while reads lag); changes made elsewhere drop the cached entries they touch.
   */
  private async recordChange(operation: string, input: Record<string, unknown>, output: Record<string, unknown>, cause: OrganizationChange['cause']): Promise<OrganizationScope[] | undefined> {
    const own = cause === 'client';
    const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const ids: string[] = [];
    let scopes: OrganizationScope[] = [];
    const touchChildren = (parentId: string | undefined) => {
      if (!parentId) return;
      ids.push(parentId);
      if (!own) this.forgetChildren(parentId);
    };
    switch (operation) {
      case 'CreateOrganizationalUnit': {
        const parentId = str(input.ParentId)!;
        const organizationalUnit = output.OrganizationalUnit as OrganizationalUnit | undefined;
        if (own && organizationalUnit?.Id) this.pending.put(`ous:${parentId}`, organizationalUnit.Id, { ...organizationalUnit });
        touchChildren(parentId);
        scopes = ['hierarchy'];
        break;
      }
      case 'UpdateOrganizationalUnit': {
        const id = str(input.OrganizationalUnitId)!;
        const parentId = this.parentOf.get(id);
        const organizationalUnit = output.OrganizationalUnit as OrganizationalUnit | undefined;
        if (own && parentId && organizationalUnit) this.pending.put(`ous:${parentId}`, id, { ...organizationalUnit });
        ids.push(id);
        touchChildren(parentId);
        scopes = ['hierarchy'];
        break;
      }
      case 'DeleteOrganizationalUnit':
      case 'RemoveAccountFromOrganization':
      case 'CloseAccount': {
        const id = str(input.OrganizationalUnitId ?? input.AccountId)!;
        const parentId = this.parentOf.get(id);
        const list = operation === 'DeleteOrganizationalUnit' ? 'ous' : 'accounts';
        if (operation === 'CloseAccount') {
          const node = this.nodes.get(id);
          if (own && parentId && node?.kind === 'account') this.pending.put(`accounts:${parentId}`, id, { ...node.account, State: 'PENDING_CLOSURE', Status: 'PENDING_CLOSURE' });
        } else if (own && parentId) {
          this.pending.delete(`${list}:${parentId}`, id);
          this.nodes.delete(id);
          this.parentOf.delete(id);
        }
        ids.push(id);
        touchChildren(parentId);
        scopes = ['hierarchy'];
        break;
      }
      case 'MoveAccount': {
        const id = str(input.AccountId)!;
        const source = str(input.SourceParentId)!;
        const destination = str(input.DestinationParentId)!;
        const node = this.nodes.get(id);
        if (own) {
          this.pending.delete(`accounts:${source}`, id);
          if (node?.kind === 'account') this.pending.put(`accounts:${destination}`, id, { ...node.account });
          else this.forgetChildren(destination);
          this.parentOf.set(id, destination);
          if (node?.kind === 'account') this.nodes.set(id, { ...node, parentId: destination });
        }
        ids.push(id);
        touchChildren(source);
        touchChildren(destination);
        // Inherited policies of the account changed with its parent.
        this.directPolicies.forEach((_value, key) => key.startsWith(`${id}:`) && this.directPolicies.delete(key));
        scopes = ['hierarchy', 'policies'];
        break;
      }
      case 'DescribeCreateAccountStatus': {
        // A created account appears under the root once its creation succeeded.
        const status = output.CreateAccountStatus as Organizations.CreateAccountStatus | undefined;
        if (status?.State !== 'SUCCEEDED') return undefined;
        for (const root of await this.listRoots()) {
          this.forgetChildren(root.Id!);
          ids.push(root.Id!);
        }
        scopes = ['hierarchy'];
        break;
      }
      case 'CreateAccount':
        scopes = ['hierarchy'];
        break;
      case 'AttachPolicy':
      case 'DetachPolicy': {
        const policyId = str(input.PolicyId)!;
        const targetId = str(input.TargetId)!;
        const summary = (await this.describePolicyCached(policyId))?.PolicySummary;
        if (own) {
          const targetNode = this.nodes.get(targetId);
          if (operation === 'DetachPolicy') {
            this.pending.delete(`targets:${policyId}`, targetId);
            if (summary?.Type) this.pending.delete(`${targetId}:${summary.Type}`, policyId);
          } else {
            const target: PolicyTargetSummary = {
              TargetId: targetId,
              ...(targetNode ? { Name: nodeName(targetNode), Type: targetType(targetNode) } : {}),
            };
            this.pending.put(`targets:${policyId}`, targetId, { ...target });
            if (summary?.Type) this.pending.put(`${targetId}:${summary.Type}`, policyId, { ...summary });
          }
        } else {
          this.targets.delete(`targets:${policyId}`);
          this.directPolicies.forEach((_value, key) => key.startsWith(`${targetId}:`) && this.directPolicies.delete(key));
        }
        ids.push(policyId, targetId);
        scopes = ['policies'];
        break;
      }
      case 'CreatePolicy':
      case 'UpdatePolicy':
      case 'DeletePolicy': {
        const policy = output.Policy as Policy | undefined;
        const policyId = str(input.PolicyId) ?? policy?.PolicySummary?.Id;
        const type = policy?.PolicySummary?.Type ?? (policyId ? (await this.describePolicyCached(policyId))?.PolicySummary?.Type : undefined);
        if (policyId) {
          this.policyContents.delete(policyId);
          if (policy) this.policyContents.set(policyId, Promise.resolve(policy));
          if (type && own) {
            if (operation === 'DeletePolicy') this.pending.delete(`policies:${type}`, policyId);
            else if (policy?.PolicySummary) this.pending.put(`policies:${type}`, policyId, { ...policy.PolicySummary });
          }
          ids.push(policyId);
        }
        if (type && !own) this.policyLists.delete(`policies:${type}`);
        if (!type) this.policyLists.clear();
        scopes = ['policies'];
        break;
      }
      case 'EnablePolicyType':
      case 'DisablePolicyType':
        // The root's policy types and every attachment of that type changed.
        this.roots = undefined;
        this.nodes.forEach((node, id) => node.kind === 'root' && this.nodes.delete(id));
        this.directPolicies.clear();
        this.targets.clear();
        this.policyLists.clear();
        ids.push(str(input.RootId)!);
        scopes = ['policies', 'organization'];
        break;
      case 'EnableAWSServiceAccess':
      case 'DisableAWSServiceAccess':
      case 'RegisterDelegatedAdministrator':
      case 'DeregisterDelegatedAdministrator':
        this.delegations = undefined;
        if (str(input.AccountId)) ids.push(str(input.AccountId)!);
        scopes = ['trustedServices'];
        break;
      case 'InviteAccountToOrganization':
      case 'AcceptHandshake':
      case 'DeclineHandshake':
      case 'CancelHandshake': {
        const handshake = output.Handshake as Handshake | undefined;
        if (own && handshake?.Id) this.pending.put('handshakes', handshake.Id, { ...handshake });
        if (!own) this.handshakeLists.clear();
        if (handshake?.Id) ids.push(handshake.Id);
        scopes = ['handshakes'];
        if (operation === 'AcceptHandshake') {
          // An accepted invitation adds an account under the root; an accepted all-features request changes the organization.
          this.organization = undefined;
          // The caller is often the account that just joined, which may not list roots: use the roots known
          // already, and forget every cached list of children when none are.
          const roots = await (this.roots ?? Promise.resolve([])).catch((): Root[] => []);
          if (!roots.length) this.children.clear();
          for (const root of roots) {
            this.forgetChildren(root.Id!);
            ids.push(root.Id!);
          }
          scopes = ['handshakes', 'hierarchy', 'organization'];
        }
        break;
      }
      case 'TagResource':
      case 'UntagResource':
        this.tagLists.delete(str(input.ResourceId)!);
        ids.push(str(input.ResourceId)!);
        scopes = ['hierarchy'];
        break;
      case 'CreateOrganization':
      case 'DeleteOrganization':
      case 'LeaveOrganization':
      case 'EnableAllFeatures':
        this.clear();
        this.emit({ scopes: ['organization', 'hierarchy', 'policies', 'handshakes', 'trustedServices'], cause });
        return ['organization'];
      default:
        // Reads (DescribePolicy, DescribeEffectivePolicy, ...) change nothing.
        return undefined;
    }
    this.emit({ ids: [...new Set(ids)], scopes, cause });
    return scopes;
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

export function nodeId(node: OrganizationNode): string {
  return node.kind === 'root' ? node.root.Id! : node.kind === 'organizationalUnit' ? node.organizationalUnit.Id! : node.account.Id!;
}

export function nodeName(node: OrganizationNode): string {
  return (node.kind === 'root' ? node.root.Name : node.kind === 'organizationalUnit' ? node.organizationalUnit.Name : node.account.Name) ?? nodeId(node);
}

/** A policy's JSON content; content that is not JSON stays a string, for the evaluator to report. */
function parseContent(content: string | undefined): unknown {
  try {
    return JSON.parse(content ?? '');
  } catch {
    return content;
  }
}

function targetType(node: OrganizationNode): Organizations.TargetType {
  return node.kind === 'root' ? 'ROOT' : node.kind === 'organizationalUnit' ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
}
