/**
 * What the organization model keeps of AWS's answers: each read's promise by key, the roots, OUs and accounts
 * found with their parents, and the pending edits of the user's own changes. The model fills it as it reads;
 * the change tables of `changes/` keep it true to every mutation.
 */
import type { Account, Handshake, Organization, OrganizationalUnit, Policy, PolicySummary, PolicyTargetSummary, PolicyType, Root, Tag, TargetType } from '@aws-sdk/client-organizations';
import type { OrganizationNode, TrustedService } from '../protocol';
import { PendingEdits } from './pending';
import type { StoredModel } from './storedModel';

/** A parent's children as AWS lists them. */
export type Children = { organizationalUnits: OrganizationalUnit[]; accounts: Account[] };

export class ModelCache {
  organization?: Promise<Organization>;
  roots?: Promise<Root[]>;
  /** Children by parent ID. */
  readonly children = new Map<string, Promise<Children>>();
  readonly parentOf = new Map<string, string>();
  readonly nodes = new Map<string, OrganizationNode>();
  /** Policy lists by `policies:<type>`. */
  readonly policyLists = new Map<string, Promise<PolicySummary[]>>();
  /** Policies with their content, by policy ID. */
  readonly policyContents = new Map<string, Promise<Policy>>();
  /** A policy's targets by `targets:<policy ID>`. */
  readonly targets = new Map<string, Promise<PolicyTargetSummary[]>>();
  /** The policies attached to a target directly, by `<target ID>:<type>`. */
  readonly directPolicies = new Map<string, Promise<PolicySummary[]>>();
  readonly handshakeLists = new Map<string, Promise<Handshake[]>>();
  /** Tags by resource ID. */
  readonly tagLists = new Map<string, Promise<Tag[]>>();
  delegations?: Promise<TrustedService[]>;
  /** Parents whose children came from a stored model and have not been read again since. */
  readonly restoredParents = new Set<string>();

  constructor(readonly pending: PendingEdits) {}

  /**
   * Fills the cache from a stored model, leaving what was read already (the organization and roots the connection
   * has just checked). Policy lists of a type whose status on the root changed since are left out, to be read again.
   */
  restore(stored: StoredModel, roots: readonly Root[]): void {
    const typeStatus = (list: readonly Root[]) => new Map((list[0]?.PolicyTypes ?? []).map((summary) => [summary.Type, summary.Status]));
    const now = typeStatus(roots);
    const then = typeStatus(stored.roots);
    for (const { parentId, organizationalUnits, accounts } of stored.children) {
      if (this.children.has(parentId)) continue;
      this.children.set(parentId, Promise.resolve({ organizationalUnits, accounts }));
      this.restoredParents.add(parentId);
      for (const organizationalUnit of organizationalUnits) this.remember({ kind: 'organizationalUnit', organizationalUnit, parentId });
      for (const account of accounts) this.remember({ kind: 'account', account, parentId, delegatedServices: [] });
    }
    const keptTypes = new Set<string>();
    for (const { type, policies } of stored.policyLists) {
      if (now.get(type) !== then.get(type) || this.policyLists.has(`policies:${type}`)) continue;
      keptTypes.add(type);
      this.policyLists.set(`policies:${type}`, Promise.resolve(policies));
    }
    for (const policy of stored.policies) {
      const id = policy.PolicySummary!.Id!;
      if (keptTypes.has(policy.PolicySummary!.Type!) && !this.policyContents.has(id)) this.policyContents.set(id, Promise.resolve(policy));
    }
    const keptPolicies = new Set(stored.policyLists.filter(({ type }) => keptTypes.has(type)).flatMap(({ policies }) => policies.map((policy) => policy.Id)));
    for (const { policyId, targets } of stored.targets) {
      if (keptPolicies.has(policyId) && !this.targets.has(`targets:${policyId}`)) this.targets.set(`targets:${policyId}`, Promise.resolve(targets));
    }
    if (stored.handshakes && !this.handshakeLists.has('handshakes')) this.handshakeLists.set('handshakes', Promise.resolve(stored.handshakes));
    if (stored.trustedServices) this.delegations ??= Promise.resolve(stored.trustedServices);
  }

  /** Keeps an OU or account found under its parent. */
  remember(node: Exclude<OrganizationNode, { kind: 'root' }>): void {
    const id = nodeId(node);
    this.nodes.set(id, node);
    this.parentOf.set(id, node.parentId);
  }

  /**
   * What the cache holds that was read, as the parts of a stored model: every list as the user sees it (pending
   * edits applied). Reads still in flight or failed are left out.
   */
  async readParts(): Promise<Omit<StoredModel, 'format' | 'version' | 'caller' | 'readAt'> | undefined> {
    const organization = await settled(this.organization);
    const roots = await settled(this.roots);
    if (!organization?.Id || !roots) return undefined;
    const lists = <T>(key: string, items: T[], idOf: (item: T) => string | undefined) => this.pending.apply(key, items, idOf, false);
    // Thousands of entries: the language server answers requests in between, every hundred.
    let read = 0;
    const settledValue = async <T>(promise: Promise<T> | undefined) => {
      if (++read % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      return settled(promise);
    };
    const children: StoredModel['children'] = [];
    for (const [parentId, promise] of this.children) {
      const found = await settledValue(promise);
      if (found) {
        children.push({
          parentId,
          organizationalUnits: lists(`ous:${parentId}`, found.organizationalUnits, (unit) => unit.Id),
          accounts: lists(`accounts:${parentId}`, found.accounts, (account) => account.Id),
        });
      }
    }
    const policyLists: StoredModel['policyLists'] = [];
    for (const [key, promise] of this.policyLists) {
      const found = await settledValue(promise);
      if (found) policyLists.push({ type: key.slice('policies:'.length) as PolicyType, policies: lists(key, found, (policy) => policy.Id) });
    }
    const policies: Policy[] = [];
    for (const promise of this.policyContents.values()) {
      const found = await settledValue(promise);
      if (found?.PolicySummary?.Id) policies.push(found);
    }
    const targets: StoredModel['targets'] = [];
    for (const [key, promise] of this.targets) {
      const found = await settledValue(promise);
      if (found) targets.push({ policyId: key.slice('targets:'.length), targets: lists(key, found, (target) => target.TargetId) });
    }
    const handshakes = await settled(this.handshakeLists.get('handshakes'));
    const trustedServices = await settled(this.delegations);
    return {
      organization, roots, children, policyLists, policies, targets,
      ...(handshakes ? { handshakes: lists('handshakes', handshakes, (handshake) => handshake.Id) } : {}),
      ...(trustedServices ? { trustedServices } : {}),
    };
  }

  /** Forgets a parent's children, so that the next read fetches them (and no stale child is found meanwhile). */
  forgetChildren(parentId: string): void {
    this.children.delete(parentId);
    this.restoredParents.delete(parentId);
    this.nodes.forEach((node, id) => {
      if (node.kind === 'root' || node.parentId !== parentId) return;
      this.nodes.delete(id);
      this.parentOf.delete(id);
    });
  }

  /** Forgets the policies attached to a target directly, of every type. */
  forgetDirectPolicies(targetId: string): void {
    this.directPolicies.forEach((_value, key) => key.startsWith(`${targetId}:`) && this.directPolicies.delete(key));
  }

  /** Forgets everything, pending edits included (a connection switch, a new organization). */
  clear(): void {
    this.organization = undefined;
    this.roots = undefined;
    this.delegations = undefined;
    for (const cache of [this.handshakeLists, this.tagLists, this.children, this.parentOf, this.nodes, this.policyLists, this.policyContents, this.targets, this.directPolicies, this.restoredParents]) cache.clear();
    this.pending.clear();
  }
}

/** A promise's value if it has settled with one by the next turn of the event loop, else undefined (in flight or failed). */
async function settled<T>(promise: Promise<T> | undefined): Promise<T | undefined> {
  if (!promise) return undefined;
  const pending = Symbol('pending');
  const value = await Promise.race([promise.catch(() => undefined), new Promise<typeof pending>((resolve) => setImmediate(() => resolve(pending)))]);
  return value === pending ? undefined : (value as T | undefined);
}

export function nodeId(node: OrganizationNode): string {
  return node.kind === 'root' ? node.root.Id! : node.kind === 'organizationalUnit' ? node.organizationalUnit.Id! : node.account.Id!;
}

export function nodeName(node: OrganizationNode): string {
  return (node.kind === 'root' ? node.root.Name : node.kind === 'organizationalUnit' ? node.organizationalUnit.Name : node.account.Name) ?? nodeId(node);
}

/** The `TargetType` of a root, OU or account. */
export function targetType(node: OrganizationNode): TargetType {
  return node.kind === 'root' ? 'ROOT' : node.kind === 'organizationalUnit' ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
}
