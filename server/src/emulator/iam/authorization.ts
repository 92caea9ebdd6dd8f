/**
 * Calls made with a role session's temporary credentials, authorized as that role: the role's identity policies
 * (inline and attached) and its permissions boundary, with the SCPs of its account, evaluated by the project's
 * evaluator as AWS evaluates a request (no RCPs: they govern resources of other services). A refusal is AWS's
 * AccessDenied naming the session, the action, the resource and the policy type that denied it, in the sentences
 * of the IAM User Guide ("Troubleshoot access denied error messages").
 */
import type { Context } from '../context';
import type { Input } from '../input';
import type { StsSessionRecord } from '../state';
import { assumedRoleArn, iamArn, type IamResourceType } from '../../aws/iamArns';
import { evaluateRequest } from '../../permissions/evaluate';
import type { Decision } from '../../permissions/model';
import { AccountIam } from './accountIam';
import { organizationOf, principalPolicies } from './simulate';

/**
 * The resource a call acts on, as IAM authorizes it: the role, group or user it names (a group before its user:
 * AddUserToGroup acts on the group), else the managed policy, else the role to assume; `*` for the rest.
 */
function resourceOf(iam: AccountIam, input: Input): string {
  const named: [string, IamResourceType, 'role' | 'group' | 'user' | undefined][] = [['RoleName', 'role', 'role'], ['GroupName', 'group', 'group'], ['UserName', 'user', 'user']];
  for (const [field, type, kind] of named) {
    const name = input.raw[field];
    if (typeof name !== 'string') continue;
    const path = (kind && iam.principal(kind, name)?.Path) ?? (typeof input.raw.Path === 'string' ? input.raw.Path : '/');
    return iamArn(iam.partition, iam.accountId, type, path, name);
  }
  for (const field of ['PolicyArn', 'RoleArn']) if (typeof input.raw[field] === 'string') return input.raw[field] as string;
  return '*';
}

/** Why the evaluator refused, in AWS's words. */
function reason(decision: Decision, action: string): string {
  const { stage, kind } = decision.cause ?? { stage: 'IDENTITY_POLICIES', kind: 'implicitDeny' };
  const policy = { SERVICE_CONTROL_POLICY: 'service control policy', RESOURCE_CONTROL_POLICY: 'resource control policy', IDENTITY_POLICIES: 'identity-based policy', PERMISSIONS_BOUNDARY: 'permissions boundary' }[stage];
  return kind === 'explicitDeny' ? `with an explicit deny in ${stage === 'IDENTITY_POLICIES' ? 'an' : 'a'} ${policy}` : `because no ${policy} allows the ${action} action`;
}

/**
 * Authorizes `action` for the role of a session: answers the refusal's message, or undefined when the role may.
 * The request's context holds what the engine knows of it: the principal's ARN, account and type.
 */
export function refuseRoleSession(ctx: Context, session: StsSessionRecord, action: string, input: Input): string | undefined {
  const iam = new AccountIam(ctx, session.AccountId, ctx.partition);
  const role = iam.principal('role', session.RoleName);
  const sessionArn = assumedRoleArn(ctx.partition, session.AccountId, session.RoleName, session.RoleSessionName);
  const resource = resourceOf(iam, input);
  const on = resource === '*' ? '' : ` on resource: ${resource}`;
  if (!role || role.Id !== session.RoleId) return `User: ${sessionArn} is not authorized to perform: ${action}${on} because the role no longer exists`;
  const boundary = role.PermissionsBoundary ? iam.managedPolicy(role.PermissionsBoundary) : undefined;
  const decision = evaluateRequest(organizationOf(ctx, session.AccountId), {
    action,
    resource,
    principalAccount: session.AccountId,
    principalType: 'AssumedRole',
    context: { 'aws:PrincipalArn': iam.principalArn('role', role), 'aws:PrincipalAccount': session.AccountId, 'aws:userid': `${role.Id}:${session.RoleSessionName}` },
    contextComplete: true,
    identityPolicies: principalPolicies(iam, 'role', role.Name),
    ...(boundary ? { permissionsBoundary: { Name: AccountIam.attachment(boundary, role.PermissionsBoundary!).PolicyName, Document: JSON.parse(AccountIam.defaultDocument(boundary)) as unknown } } : {}),
  });
  return decision.decision === 'allowed' ? undefined : `User: ${sessionArn} is not authorized to perform: ${action}${on} ${reason(decision, action)}`;
}
