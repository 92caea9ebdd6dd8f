/**
 * The reach of an SCP or RCP: where it is attached and how many accounts it governs, and the impact of a change to
 * it (an unsaved edit, or attaching it): compared with the organization as deployed, which accounts gain or lose
 * which actions (the actions either version names, wildcards expanded). Pure, for a hover and a CodeLens.
 */
import { concreteActions } from './actionCatalog';
import { DecisionKind, PolicyNode } from './model';
import { OrganizationPermissions } from './organization';
import { elementValues, statementsOf } from './policyDocument';
import { summarizeActions, SummaryRequest } from './summary';

/** A policy of the organization, the targets it is attached to directly, and the accounts it governs. */
export interface AttachedPolicy {
  policy: PolicyNode;
  targets: string[];
  /** Accounts below a target, the management account excepted (no SCP or RCP affects it). */
  governed: number;
}

/** The organization's policy of a type and name with its attachments; undefined when it has none. */
export function attachedPolicy(organization: OrganizationPermissions, type: string, name: string): AttachedPolicy | undefined {
  const policy = organization.graph.Policies.find((candidate) => candidate.Type === type && candidate.Name === name);
  return policy && policyReach(organization, policy);
}

/** Where a policy of the organization is attached and how many accounts it governs. */
export function policyReach(organization: OrganizationPermissions, policy: PolicyNode): AttachedPolicy {
  const { graph } = organization;
  const targets = graph.Attachments.filter((attachment) => attachment.PolicyId === policy.Id).map((attachment) => attachment.TargetId);
  const attachedTo = new Set(targets);
  const governed = graph.Accounts.filter((account) => account.Id !== graph.ManagementAccountId
    && organization.path(account.Id).some((target) => attachedTo.has(target.Id))).length;
  return { policy, targets, governed };
}

/** Whether an account may do an action, ignoring the kind of denial. */
export type Access = 'allowed' | 'denied' | 'depends';

/** Accounts whose access to some actions changes the same way. */
export interface AccessChange {
  actions: readonly string[];
  before: Access;
  after: Access;
  accounts: readonly string[];
}

export interface PolicyEditImpact {
  policyId: string;
  changes: readonly AccessChange[];
  /** Account × action pairs that become allowed, and that stop being allowed. */
  gained: number;
  lost: number;
}

function access(decision: DecisionKind | undefined): Access {
  return decision === 'allowed' ? 'allowed' : decision === 'depends' ? 'depends' : 'denied';
}

/** Compares every account's access to the request's actions with the deployed content and with the edited one. */
export function policyEditImpact(organization: OrganizationPermissions, policyId: string, editedContent: unknown, request: SummaryRequest): PolicyEditImpact {
  return { policyId, ...accessChanges(organization, organization.withPolicyContent(policyId, editedContent), request) };
}

/** Which accounts gain or lose which of the request's actions from one version of the organization to another. */
export function accessChanges(beforeOrganization: OrganizationPermissions, afterOrganization: OrganizationPermissions, request: SummaryRequest): Omit<PolicyEditImpact, 'policyId'> {
  const before = summarizeActions(beforeOrganization, request);
  const after = summarizeActions(afterOrganization, request);
  const afterClassOf = new Map(after.classes.flatMap((summary) => summary.actions.map((action) => [action, summary] as const)));
  const changes: AccessChange[] = [];
  let gained = 0;
  let lost = 0;
  for (const beforeClass of before.classes) {
    // Actions of one class before may fall into several classes after; compare each pair once.
    const byAfterClass = new Map<(typeof after.classes)[number], string[]>();
    for (const action of beforeClass.actions) {
      const afterClass = afterClassOf.get(action)!;
      const actions = byAfterClass.get(afterClass);
      if (actions) actions.push(action);
      else byAfterClass.set(afterClass, [action]);
    }
    for (const [afterClass, actions] of byAfterClass) {
      const groups = new Map<string, AccessChange & { accounts: string[] }>();
      for (const [accountId, decision] of beforeClass.decisions) {
        const was = access(decision);
        const now = access(afterClass.decisions.get(accountId));
        if (was === now) continue;
        const key = `${was} ${now}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { actions, before: was, after: now, accounts: [] }));
        group.accounts.push(accountId);
        if (now === 'allowed') gained += actions.length;
        if (was === 'allowed') lost += actions.length;
      }
      changes.push(...groups.values());
    }
  }
  return { changes, gained, lost };
}

/** The Action and NotAction entries of policy documents, each once (case-insensitively). */
export function actionsNamedIn(...contents: unknown[]): string[] {
  const named = new Map<string, string>();
  for (const content of contents) {
    for (const statement of statementsOf(content)) {
      if (typeof statement !== 'object' || statement === null) continue;
      const { Action, NotAction } = statement as Record<string, unknown>;
      for (const action of [...(elementValues(Action) ?? []), ...(elementValues(NotAction) ?? [])]) {
        if (!named.has(action.toLowerCase())) named.set(action.toLowerCase(), action);
      }
    }
  }
  return [...named.values()];
}

/**
 * The impact of an edit on the actions either version names: wildcards are expanded with the IAM catalog;
 * a plain action the catalog does not know is still compared as written.
 */
export function impactOfPolicyEdit(organization: OrganizationPermissions, policyId: string, editedContent: unknown, request: Omit<SummaryRequest, 'actions'> = {}): Promise<PolicyEditImpact> {
  const deployed = organization.graph.Policies.find((policy) => policy.Id === policyId)?.Content;
  return impactOfChange(organization, organization.withPolicyContent(policyId, editedContent), policyId, [deployed, editedContent], request);
}

/** The impact of a change to one policy (an edit, or attaching it), on the actions that its contents name. */
export async function impactOfChange(organization: OrganizationPermissions, changed: OrganizationPermissions, policyId: string, contents: unknown[], request: Omit<SummaryRequest, 'actions'> = {}): Promise<PolicyEditImpact> {
  const actions = new Map<string, string>();
  for (const named of actionsNamedIn(...contents)) {
    for (const action of await concreteActions(named)) if (!actions.has(action.toLowerCase())) actions.set(action.toLowerCase(), action);
  }
  return { policyId, ...accessChanges(organization, changed, { ...request, actions: [...actions.values()] }) };
}
