/**
 * The account's whole IAM in one read (`GetAccountAuthorizationDetails`: users, groups, roles and the managed
 * policies they use, filtered and paged), and service-linked roles as an account creates and deletes them
 * itself (`CreateServiceLinkedRole`, `DeleteServiceLinkedRole` and its deletion status).
 */
import type {
  CreateServiceLinkedRoleResponse, DeleteServiceLinkedRoleResponse, EntityType, GetAccountAuthorizationDetailsResponse,
  GetServiceLinkedRoleDeletionStatusResponse,
} from '@aws-sdk/client-iam';
import { serviceLinkedRoleOf } from '../../aws/serviceLinkedRoles';
import { iamPage } from '../paging';
import { AccountIam, iamRules, type ManagedPolicyRef } from './accountIam';
import { serviceLinkedRoleRecord } from './automatic';
import { iamError, noSuchEntity } from './errors';
import { iamOperation } from './operation';
import { encodePolicyDocument } from './policyDocuments';

const entityTypes: readonly EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];

function inline(policies: Record<string, string>): { PolicyName: string; PolicyDocument: string }[] {
  return Object.entries(policies).map(([PolicyName, document]) => ({ PolicyName, PolicyDocument: encodePolicyDocument(document) }));
}

/** The services whose trusted access keeps their service-linked roles in use in an account of the organization. */
function roleInUse(iam: AccountIam, servicePrincipal: string): boolean {
  if (!iam.ctx.member(iam.accountId)) return false;
  return servicePrincipal === 'organizations.amazonaws.com' ? iam.ctx.organization()?.FeatureSet === 'ALL' : iam.tx.get('serviceAccess', servicePrincipal) !== undefined;
}

export const accountOperations = {
  GetAccountAuthorizationDetails: iamOperation((iam, input): GetAccountAuthorizationDetailsResponse => {
    const filter = new Set(input.optionalStringList('Filter') ?? entityTypes);
    for (const type of filter) {
      if (!entityTypes.includes(type as EntityType)) throw iamError('ValidationError', `1 validation error detected: Value '${type}' at 'filter' failed to satisfy constraint: Member must satisfy enum value set: [${entityTypes.join(', ')}]`);
    }
    type Entry = { list: 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'; detail: object };
    const entries: Entry[] = [];
    const users = iam.principals('user');
    const groups = iam.principals('group');
    const roles = iam.principals('role');
    if (filter.has('User')) {
      for (const user of users) {
        entries.push({ list: 'UserDetailList', detail: {
          ...iam.userView(user, true),
          UserPolicyList: inline(user.InlinePolicies),
          GroupList: groups.filter((group) => group.Users.includes(user.Name)).map((group) => group.Name),
          AttachedManagedPolicies: iam.attachedView(user.AttachedPolicies),
        } });
      }
    }
    if (filter.has('Group')) {
      for (const group of groups) {
        entries.push({ list: 'GroupDetailList', detail: { ...iam.groupView(group), GroupPolicyList: inline(group.InlinePolicies), AttachedManagedPolicies: iam.attachedView(group.AttachedPolicies) } });
      }
    }
    if (filter.has('Role')) {
      for (const role of roles) {
        entries.push({ list: 'RoleDetailList', detail: {
          ...iam.roleView(role, true),
          InstanceProfileList: [],
          RolePolicyList: inline(role.InlinePolicies),
          AttachedManagedPolicies: iam.attachedView(role.AttachedPolicies),
        } });
      }
    }
    const policies: ManagedPolicyRef[] = [];
    if (filter.has('LocalManagedPolicy')) policies.push(...iam.policies().map((record) => ({ kind: 'customer' as const, record })));
    if (filter.has('AWSManagedPolicy')) {
      // AWS lists the AWS managed policies that the account's users, groups and roles use.
      const used = new Set([...users, ...groups, ...roles].flatMap((principal) => [
        ...principal.AttachedPolicies.map((policy) => policy.PolicyArn),
        ...('PermissionsBoundary' in principal && principal.PermissionsBoundary ? [principal.PermissionsBoundary] : []),
      ]));
      for (const arn of [...used].sort()) {
        const policy = iam.managedPolicy(arn);
        if (policy?.kind === 'aws') policies.push(policy);
      }
    }
    for (const policy of policies) entries.push({ list: 'Policies', detail: iam.policyDetail(policy) });
    const { items, IsTruncated, Marker } = iamPage('GetAccountAuthorizationDetails', input, entries);
    const output: GetAccountAuthorizationDetailsResponse & Record<string, unknown> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated, Marker };
    for (const entry of items) (output[entry.list] as object[]).push(entry.detail);
    return output;
  }),

  CreateServiceLinkedRole: iamOperation((iam, input): CreateServiceLinkedRoleResponse => {
    const servicePrincipal = input.string('AWSServiceName', { min: 1, max: 128, pattern: /^[\w+=,.@-]+$/ });
    const description = input.optionalString('Description', iamRules.description);
    const suffix = input.optionalString('CustomSuffix', { min: 1, max: 64, pattern: /^[\w+=,.@-]+$/ });
    const entry = serviceLinkedRoleOf(servicePrincipal);
    if (!entry) throw iamError('InvalidInputException', `Service role name ${servicePrincipal} has not been taken or is not a valid service principal.`);
    if (suffix !== undefined) throw iamError('InvalidInputException', `Custom suffix is not allowed for ${servicePrincipal}`);
    if (iam.principal('role', entry.roleName)) throw iamError('InvalidInputException', `Service role name ${entry.roleName} has been taken in this account, please try a different suffix.`);
    const role = { ...serviceLinkedRoleRecord(iam, entry), ...(description !== undefined ? { Description: description } : {}) };
    iam.putPrincipal('role', role);
    return { Role: iam.roleView(role, true) };
  }),

  DeleteServiceLinkedRole: iamOperation((iam, input): DeleteServiceLinkedRoleResponse => {
    const role = iam.requirePrincipal('role', input.string('RoleName', iamRules.roleName));
    if (!role.ServicePrincipal) throw iamError('InvalidInputException', `Role ${role.Name} is not a service-linked role.`);
    const taskId = `task/aws-service-role/${role.ServicePrincipal}/${role.Name}/${iam.newId('role').slice(4)}`;
    const inUse = roleInUse(iam, role.ServicePrincipal);
    // AWS deletes asynchronously; the service refuses while the organization still uses the role.
    iam.tx.put('iamDeletionTasks', `${iam.accountId}/${taskId}`, {
      AccountId: iam.accountId, DeletionTaskId: taskId, RoleArn: iam.principalArn('role', role),
      Status: inUse ? 'FAILED' : 'SUCCEEDED',
      ...(inUse ? { Reason: `The role is in use by ${role.ServicePrincipal} through the organization's trusted access; disable trusted access first.` } : {}),
    });
    if (!inUse) iam.deletePrincipal('role', role.Name);
    return { DeletionTaskId: taskId };
  }),

  GetServiceLinkedRoleDeletionStatus: iamOperation((iam, input): GetServiceLinkedRoleDeletionStatusResponse => {
    const taskId = input.string('DeletionTaskId', { min: 1, max: 1000 });
    const task = iam.tx.get('iamDeletionTasks', `${iam.accountId}/${taskId}`);
    if (!task) throw noSuchEntity(`Deletion task ${taskId} cannot be found.`);
    return {
      Status: task.Status,
      ...(task.Reason ? { Reason: { Reason: task.Reason, RoleUsageList: [{ Region: 'us-east-1', Resources: [task.RoleArn] }] } } : {}),
    };
  }),
};
