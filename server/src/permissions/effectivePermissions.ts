/**
 * "Show effective permissions" for one account: every action of the IAM catalog evaluated for a principal
 * of that account, grouped by service and access level. Actions that every statement treats alike are
 * evaluated once (the classes of summary.ts), so the whole catalog costs a handful of evaluations.
 */
import { expandActionPattern } from '../aws/catalog';
import { evaluateRequest } from './evaluate';
import { AuthorizationRequest, DecisionKind } from './model';
import { OrganizationPermissions } from './organization';
import { compilePolicy, statementActionPatterns } from './policyDocument';
import { actionSignatures } from './summary';

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
