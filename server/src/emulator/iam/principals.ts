/**
 * IAM users, groups and roles: create, get, list (by path prefix, paged), update, delete, group membership,
 * and the checks IAM makes (names unique without regard to case, quotas, nothing attached when deleting, a
 * service-linked role left to its service).
 */
import type {
  CreateGroupResponse, CreateRoleResponse, CreateUserResponse, GetGroupResponse, GetRoleResponse, GetUserResponse,
  ListGroupsForUserResponse, ListGroupsResponse, ListRolesResponse, ListUsersResponse, UpdateRoleDescriptionResponse,
} from '@aws-sdk/client-iam';
import type { Tag } from '@aws-sdk/client-organizations';
import type { Input } from '../input';
import { iamPage } from '../paging';
import type { IamPrincipalRecord, IamRoleRecord } from '../state';
import { AccountIam, iamQuotas, iamRules, principalKinds, type PrincipalKind } from './accountIam';
import { OrganizationsError } from '../errors';
import { enforceTagPolicy } from '../tagPolicies';
import { duplicateTagKeys, iamError } from './errors';
import { iamOperation } from './operation';
import { checkPolicyDocument, policySize } from './policyDocuments';

/** Refuses a name that exists (in any case) and an account at its quota for the kind. */
function checkNew(iam: AccountIam, kind: PrincipalKind, name: string): void {
  const info = principalKinds[kind];
  if (iam.principal(kind, name)) throw iamError('EntityAlreadyExistsException', `${info.label} with name ${name} already exists.`);
  if (iam.principals(kind).length >= info.quota) throw iamError('LimitExceededException', `Cannot exceed quota for ${info.quotaName}: ${info.quota}`);
}

/** A new principal's common fields. */
function newPrincipal(iam: AccountIam, kind: PrincipalKind, name: string, path: string): IamPrincipalRecord {
  return { AccountId: iam.accountId, Id: iam.newId(kind), Name: name, Path: path, CreateDate: iam.ctx.nowIso, InlinePolicies: {}, AttachedPolicies: [] };
}

/** Checks a trust policy for CreateRole and UpdateAssumeRolePolicy. */
export function readTrustPolicy(input: Input, field: string): string {
  const document = input.string(field, iamRules.document);
  checkPolicyDocument(document, 'trust');
  if (policySize(document) > iamQuotas.trustPolicySize) {
    throw iamError('LimitExceededException', `Cannot exceed quota for ACLSizePerRole: ${iamQuotas.trustPolicySize}`);
  }
  return document;
}

/** A permissions boundary: the ARN of a managed policy this account can attach. */
export function readBoundary(iam: AccountIam, input: Input, field = 'PermissionsBoundary'): string | undefined {
  const arn = input.optionalString(field, iamRules.arn);
  if (arn === undefined) return undefined;
  return iamAttachablePolicy(iam, arn);
}

/**
 * A managed policy ARN that this account may attach (a customer policy of its own, or an AWS managed one), as
 * the state keeps it.
 */
export function iamAttachablePolicy(iam: AccountIam, arn: string): string {
  const policy = iamPolicyOrError(iam, arn);
  if (policy.kind === 'aws' && policy.record.Path === '/aws-service-role/') {
    throw iamError('PolicyNotAttachableException', `Cannot attach a Service Role Policy to a Customer Role.`);
  }
  return AccountIam.stored(arn);
}

function iamPolicyOrError(iam: AccountIam, arn: string) {
  if (!/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\//.test(arn)) throw iamError('InvalidInputException', `ARN ${arn} is not valid.`);
  return iam.requireManagedPolicy(arn);
}

function readMaxSessionDuration(input: Input): number | undefined {
  return input.optionalInteger('MaxSessionDuration', 3600, 43200);
}

/** UpdateUser and UpdateGroup: a new name (`NewUserName`, `NewGroupName`) unique in the account, and a new path. */
function rename<R extends IamPrincipalRecord>(iam: AccountIam, kind: 'user' | 'group', record: R, input: Input): R {
  const info = principalKinds[kind];
  const newName = input.optionalString(`New${info.nameField}`, info.nameRule);
  const newPath = input.optionalString('NewPath', iamRules.path);
  if (newName !== undefined && newName.toLowerCase() !== record.Name.toLowerCase() && iam.principal(kind, newName)) {
    throw iamError('EntityAlreadyExistsException', `${info.label} with name ${newName} already exists.`);
  }
  const renamed = { ...record, Name: newName ?? record.Name, Path: newPath ?? record.Path };
  iam.deletePrincipal(kind, record.Name);
  iam.putPrincipal(kind, renamed);
  return renamed;
}

/** Refuses to delete a principal that still holds policies (IAM's DeleteConflict). */
function requireEmpty(record: IamPrincipalRecord): void {
  if (Object.keys(record.InlinePolicies).length) throw iamError('DeleteConflictException', `Cannot delete entity, must delete policies first.`);
  if (record.AttachedPolicies.length) throw iamError('DeleteConflictException', `Cannot delete entity, must detach all policies first.`);
}

export const principalOperations = {
  // ---- roles ----

  CreateRole: iamOperation((iam, input): CreateRoleResponse => {
    const name = input.string('RoleName', iamRules.roleName);
    const document = readTrustPolicy(input, 'AssumeRolePolicyDocument');
    const path = input.optionalString('Path', iamRules.path) ?? '/';
    const description = input.optionalString('Description', iamRules.description);
    const maxSessionDuration = readMaxSessionDuration(input) ?? 3600;
    const boundary = readBoundary(iam, input);
    const tags = readIamTags(iam, input, 'role');
    checkNew(iam, 'role', name);
    const role: IamRoleRecord = {
      ...newPrincipal(iam, 'role', name, path),
      AssumeRolePolicyDocument: document,
      ...(description !== undefined ? { Description: description } : {}),
      MaxSessionDuration: maxSessionDuration,
      ...(boundary ? { PermissionsBoundary: boundary } : {}),
      Tags: tags,
    };
    iam.putPrincipal('role', role);
    return { Role: iam.roleView(role, true) };
  }),

  GetRole: iamOperation((iam, input): GetRoleResponse => ({ Role: iam.roleView(iam.requirePrincipal('role', input.string('RoleName', iamRules.roleName)), true) })),

  ListRoles: iamOperation((iam, input): ListRolesResponse => {
    const prefix = input.optionalString('PathPrefix', iamRules.pathPrefix) ?? '/';
    const { items, IsTruncated, Marker } = iamPage('ListRoles', input, iam.principals('role').filter((role) => role.Path.startsWith(prefix)));
    return { Roles: items.map((role) => iam.roleView(role)), IsTruncated, Marker };
  }),

  UpdateRole: iamOperation((iam, input) => {
    const role = iam.requirePrincipal('role', input.string('RoleName', iamRules.roleName));
    const description = input.optionalString('Description', iamRules.description);
    const maxSessionDuration = readMaxSessionDuration(input);
    iam.requireModifiable(role);
    iam.putPrincipal('role', {
      ...role,
      ...(description !== undefined ? { Description: description } : {}),
      ...(maxSessionDuration !== undefined ? { MaxSessionDuration: maxSessionDuration } : {}),
    });
    return {};
  }),

  UpdateRoleDescription: iamOperation((iam, input): UpdateRoleDescriptionResponse => {
    const role = iam.requirePrincipal('role', input.string('RoleName', iamRules.roleName));
    const description = input.string('Description', iamRules.description);
    iam.requireModifiable(role);
    const updated = { ...role, Description: description };
    iam.putPrincipal('role', updated);
    return { Role: iam.roleView(updated, true) };
  }),

  UpdateAssumeRolePolicy: iamOperation((iam, input) => {
    const role = iam.requirePrincipal('role', input.string('RoleName', iamRules.roleName));
    const document = readTrustPolicy(input, 'PolicyDocument');
    iam.requireModifiable(role);
    iam.putPrincipal('role', { ...role, AssumeRolePolicyDocument: document });
    return {};
  }),

  DeleteRole: iamOperation((iam, input) => {
    const role = iam.requirePrincipal('role', input.string('RoleName', iamRules.roleName));
    iam.requireModifiable(role);
    requireEmpty(role);
    iam.deletePrincipal('role', role.Name);
    return {};
  }),

  // Terraform's aws_iam_role lists a role's instance profiles before it deletes the role; the endpoint has none.
  ListInstanceProfilesForRole: iamOperation((iam, input) => {
    iam.requirePrincipal('role', input.string('RoleName', iamRules.roleName));
    return { InstanceProfiles: [], IsTruncated: false };
  }),

  // ---- users ----

  CreateUser: iamOperation((iam, input): CreateUserResponse => {
    const name = input.string('UserName', iamRules.userName);
    const path = input.optionalString('Path', iamRules.path) ?? '/';
    const boundary = readBoundary(iam, input);
    const tags = readIamTags(iam, input, 'user');
    checkNew(iam, 'user', name);
    const user = { ...newPrincipal(iam, 'user', name, path), ...(boundary ? { PermissionsBoundary: boundary } : {}), Tags: tags };
    iam.putPrincipal('user', user);
    return { User: iam.userView(user, true) };
  }),

  GetUser: iamOperation((iam, input): GetUserResponse => {
    const name = input.optionalString('UserName', iamRules.userName);
    // Without a name, GetUser describes the caller; the account's root credentials are no IAM user.
    if (name === undefined) throw iamError('ValidationError', 'Must specify userName when calling with non-User credentials');
    return { User: iam.userView(iam.requirePrincipal('user', name), true) };
  }),

  ListUsers: iamOperation((iam, input): ListUsersResponse => {
    const prefix = input.optionalString('PathPrefix', iamRules.pathPrefix) ?? '/';
    const { items, IsTruncated, Marker } = iamPage('ListUsers', input, iam.principals('user').filter((user) => user.Path.startsWith(prefix)));
    return { Users: items.map((user) => iam.userView(user)), IsTruncated, Marker };
  }),

  UpdateUser: iamOperation((iam, input) => {
    const user = iam.requirePrincipal('user', input.string('UserName', iamRules.userName));
    const renamed = rename(iam, 'user', user, input);
    // Groups name their members: a renamed user stays in its groups under the new name.
    for (const group of iam.principals('group')) {
      if (group.Users.includes(user.Name)) iam.putPrincipal('group', { ...group, Users: group.Users.map((member) => (member === user.Name ? renamed.Name : member)) });
    }
    return {};
  }),

  DeleteUser: iamOperation((iam, input) => {
    const user = iam.requirePrincipal('user', input.string('UserName', iamRules.userName));
    requireEmpty(user);
    if (iam.principals('group').some((group) => group.Users.includes(user.Name))) {
      throw iamError('DeleteConflictException', 'Cannot delete entity, must remove users from group first.');
    }
    iam.deletePrincipal('user', user.Name);
    return {};
  }),

  // The endpoint issues no long-term credentials: these answer what Terraform and the CLI read before a deletion.
  ListAccessKeys: iamOperation((iam, input) => {
    const name = input.optionalString('UserName', iamRules.userName);
    if (name !== undefined) iam.requirePrincipal('user', name);
    return { AccessKeyMetadata: [], IsTruncated: false };
  }),

  ListMFADevices: iamOperation((iam, input) => {
    const name = input.optionalString('UserName', iamRules.userName);
    if (name !== undefined) iam.requirePrincipal('user', name);
    return { MFADevices: [], IsTruncated: false };
  }),

  GetLoginProfile: iamOperation((iam, input) => {
    const name = input.string('UserName', iamRules.userName);
    iam.requirePrincipal('user', name);
    throw iamError('NoSuchEntityException', `Login Profile for User ${name} cannot be found.`);
  }),

  // ---- groups ----

  CreateGroup: iamOperation((iam, input): CreateGroupResponse => {
    const name = input.string('GroupName', iamRules.groupName);
    const path = input.optionalString('Path', iamRules.path) ?? '/';
    checkNew(iam, 'group', name);
    const group = { ...newPrincipal(iam, 'group', name, path), Users: [] };
    iam.putPrincipal('group', group);
    return { Group: iam.groupView(group) };
  }),

  GetGroup: iamOperation((iam, input): GetGroupResponse => {
    const group = iam.requirePrincipal('group', input.string('GroupName', iamRules.groupName));
    const users = group.Users.map((name) => iam.principal('user', name)).filter((user) => user !== undefined);
    const { items, IsTruncated, Marker } = iamPage('GetGroup', input, users);
    return { Group: iam.groupView(group), Users: items.map((user) => iam.userView(user)), IsTruncated, Marker };
  }),

  ListGroups: iamOperation((iam, input): ListGroupsResponse => {
    const prefix = input.optionalString('PathPrefix', iamRules.pathPrefix) ?? '/';
    const { items, IsTruncated, Marker } = iamPage('ListGroups', input, iam.principals('group').filter((group) => group.Path.startsWith(prefix)));
    return { Groups: items.map((group) => iam.groupView(group)), IsTruncated, Marker };
  }),

  UpdateGroup: iamOperation((iam, input) => {
    rename(iam, 'group', iam.requirePrincipal('group', input.string('GroupName', iamRules.groupName)), input);
    return {};
  }),

  DeleteGroup: iamOperation((iam, input) => {
    const group = iam.requirePrincipal('group', input.string('GroupName', iamRules.groupName));
    requireEmpty(group);
    if (group.Users.length) throw iamError('DeleteConflictException', 'Cannot delete entity, must remove users from group first.');
    iam.deletePrincipal('group', group.Name);
    return {};
  }),

  AddUserToGroup: iamOperation((iam, input) => {
    const group = iam.requirePrincipal('group', input.string('GroupName', iamRules.groupName));
    const user = iam.requirePrincipal('user', input.string('UserName', iamRules.userName));
    if (group.Users.includes(user.Name)) return {};
    if (iam.principals('group').filter((candidate) => candidate.Users.includes(user.Name)).length >= iamQuotas.groupsPerUser) {
      throw iamError('LimitExceededException', `Cannot exceed quota for GroupsPerUser: ${iamQuotas.groupsPerUser}`);
    }
    iam.putPrincipal('group', { ...group, Users: [...group.Users, user.Name] });
    return {};
  }),

  RemoveUserFromGroup: iamOperation((iam, input) => {
    const group = iam.requirePrincipal('group', input.string('GroupName', iamRules.groupName));
    const user = iam.requirePrincipal('user', input.string('UserName', iamRules.userName));
    if (!group.Users.includes(user.Name)) throw iamError('NoSuchEntityException', `User ${user.Name} is not in group ${group.Name}.`);
    iam.putPrincipal('group', { ...group, Users: group.Users.filter((member) => member !== user.Name) });
    return {};
  }),

  ListGroupsForUser: iamOperation((iam, input): ListGroupsForUserResponse => {
    const user = iam.requirePrincipal('user', input.string('UserName', iamRules.userName));
    const { items, IsTruncated, Marker } = iamPage('ListGroupsForUser', input, iam.principals('group').filter((group) => group.Users.includes(user.Name)));
    return { Groups: items.map((group) => iam.groupView(group)), IsTruncated, Marker };
  }),
};

/**
 * The IAM resource types that tag policies can enforce (`enforced_for`), by the form of their name: AWS's list of
 * resource types that support enforcement names `iam:role` and `iam:user` (and IAM's providers, certificates, MFA
 * devices and instance profiles, which the endpoint does not serve), not `iam:policy` or groups, as the Terraform
 * AWS provider's mapping of that list records it (internal/tags/tagpolicy/tagris-terraform-mapping.hcl).
 */
export type EnforcedIamResource = 'role' | 'user';

/**
 * IAM's tags: at most 50, keys not starting with `aws:`, no key twice ignoring case (IAM's keys are case
 * insensitive); on a role or a user, as the account's effective tag policy enforces them.
 */
export function readIamTags(iam: AccountIam, input: Input, enforcedFor?: EnforcedIamResource): Tag[] {
  const tags = input.optionalTags('Tags') ?? [];
  if (tags.length > iamQuotas.tagsPerEntity) throw iamError('LimitExceededException', `Cannot exceed quota for TagsPerEntity: ${iamQuotas.tagsPerEntity}`);
  if (new Set(tags.map((tag) => tag.Key!.toLowerCase())).size < tags.length) throw iamError('InvalidInputException', duplicateTagKeys);
  if (enforcedFor) {
    try {
      enforceTagPolicy(iam.ctx, iam.accountId, `iam:${enforcedFor}`, tags);
    } catch (error) {
      // AWS documents no IAM error for a tag policy violation: IAM reports it as the invalid input it is.
      if (error instanceof OrganizationsError && error.reason === 'TAG_POLICY_VIOLATION') throw iamError('InvalidInputException', error.message);
      throw error;
    }
  }
  return tags;
}
