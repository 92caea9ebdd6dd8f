/**
 * "Show effective permissions" for one account: every action of the IAM catalog evaluated for a principal
 * of that account, grouped by service and access level. Actions that every statement treats alike are
 * evaluated once (the classes of summary.ts), so the whole catalog costs a handful of evaluations. Also the
 * same counted over the accounts under an OU, and "Why is this denied?" for an action entry in one account.
 */
import { expandActionPattern } from '../aws/catalog';
import { evaluateRequest } from './evaluate';
import { AuthorizationRequest, Decision, DecisionKind } from './model';
import { OrganizationPermissions } from './organization';
import { compilePolicy, statementActionPatterns } from './policyDocument';
import { actionSignatures, summarizeActionEntry } from './summary';

/** The actions of one service and access level (`List`, `Read`, `Write`, `Permissions management`, `Tagging`), by decision. */
export interface ServiceAccess {
  service: string;
  accessLevel: string;
  actions: Record<DecisionKind, string[]>;
}

/** Evaluates every catalog action for the account (as principal, on its own resources unless the request says otherwise). */
export async function accountEffectivePermissions(organization: OrganizationPermissions, accountId: string, request: Omit<AuthorizationRequest, 'action' | 'principalAccount'> = {}): Promise<ServiceAccess[]> {
  const catalog = await expandActionPattern('*');
  const extra = [...(request.identityPolicies ?? []), ...(request.permissionsBoundary ? [request.permissionsBoundary] : [])]
    .flatMap((policy) => compilePolicy(policy.Name, policy.Document).statements.flatMap(statementActionPatterns));
  const signatures = actionSignatures(organization, extra);
  const decisions = new Map<string, DecisionKind>();
  const groups = new Map<string, ServiceAccess>();
  for (const action of catalog) {
    const name = `${action.service}:${action.name}`;
    const signature = signatures(name);
    let decision = decisions.get(signature);
    if (decision === undefined) {
      decision = evaluateRequest(organization, { ...request, action: name, principalAccount: accountId }).decision;
      decisions.set(signature, decision);
    }
    const key = `${action.service} ${action.accessLevel}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { service: action.service, accessLevel: action.accessLevel, actions: { allowed: [], explicitDeny: [], implicitDeny: [], depends: [] } }));
    group.actions[decision].push(name);
  }
  return [...groups.values()];
}

/** The accounts under an OU: in it and in the OUs below it. */
export function accountsUnder(organization: OrganizationPermissions, unitId: string): string[] {
  const accounts: string[] = [];
  const visit = (id: string) => {
    for (const child of organization.childrenOf(id)) {
      if (organization.isAccount(child)) accounts.push(child);
      else visit(child);
    }
  };
  visit(unitId);
  return accounts;
}

/** The actions of one service and access level, each with the number of accounts that may perform it. */
export interface UnitAccess {
  service: string;
  accessLevel: string;
  allowedIn: Map<string, number>;
}

/** Every account under an OU evaluated as `accountEffectivePermissions` does, counted per action. */
export async function unitEffectivePermissions(organization: OrganizationPermissions, unitId: string): Promise<{ accounts: string[]; access: UnitAccess[] }> {
  const accounts = accountsUnder(organization, unitId);
  const counts = new Map<string, UnitAccess>();
  for (const accountId of accounts) {
    for (const group of await accountEffectivePermissions(organization, accountId)) {
      const key = `${group.service} ${group.accessLevel}`;
      let entry = counts.get(key);
      if (!entry) counts.set(key, (entry = { service: group.service, accessLevel: group.accessLevel, allowedIn: new Map() }));
      for (const actions of Object.values(group.actions)) for (const action of actions) if (!entry.allowedIn.has(action)) entry.allowedIn.set(action, 0);
      for (const action of group.actions.allowed) entry.allowedIn.set(action, entry.allowedIn.get(action)! + 1);
    }
  }
  return { accounts, access: [...counts.values()] };
}

/** One account's decisions on an action entry, for "Why is this denied?" and the context account's hover. */
export interface EntryExplanation {
  entry: string;
  accountId: string;
  decisions: { decision: Decision; others: number }[];
  /** Groups of actions beyond the limit, not explained. */
  more: number;
}

/**
 * For a concrete action its decision; for a wildcard the decision of one action of each group that every policy
 * treats alike (all of a group's actions share it), for the first `limit` groups.
 */
export async function explainEntry(organization: OrganizationPermissions, entry: string, accountId: string, resource: string | undefined, limit: number): Promise<EntryExplanation> {
  const { classes } = await summarizeActionEntry(organization, entry);
  const decisions = classes.slice(0, limit).map((actionClass) => ({
    decision: evaluateRequest(organization, { action: actionClass.actions[0], principalAccount: accountId, ...(resource ? { resource } : {}) }),
    others: actionClass.actions.length - 1,
  }));
  return { entry, accountId, decisions, more: Math.max(0, classes.length - limit) };
}
