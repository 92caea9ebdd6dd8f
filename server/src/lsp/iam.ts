/**
 * IAM in the language server: an account's roles, users and groups for the tree (with each role's trust, policies
 * and the service that owns a service-linked role), their policy documents read and saved, and the service-linked
 * role that trusted access creates, all through the active connection's principals (organizations/principals.ts).
 */
import type { Connection } from 'vscode-languageserver';
import type { GroupDetail, ManagedPolicyDetail, RoleDetail, UserDetail } from '@aws-sdk/client-iam';
import { isAwsManagedPolicyArn } from '../aws/iamArns';
import { serviceLinkedRoleOf } from '../aws/serviceLinkedRoles';
import { principalsOf, type AccountPrincipals } from '../organizations/principals';
import {
  accountIamRequest, iamPolicyDocumentRequest, iamPolicyDocumentSaveRequest, serviceLinkedRolesRequest, type AccountIam, type IamDocumentTarget,
  type IamPrincipal,
} from '../protocol';
import type { OrganizationService } from './organization';

const serviceRolePath = /^\/aws-service-role\/([^/]+)\//;

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The principals a trust policy names (`AWS`, `Service`, `Federated` or `*`). */
function trustedPrincipals(document: string | undefined): string[] {
  try {
    const statements = list((JSON.parse(document ?? '{}') as { Statement?: unknown }).Statement) as { Effect?: string; Principal?: unknown }[];
    return statements.filter((statement) => statement.Effect === 'Allow').flatMap((statement) => (statement.Principal === '*' ? ['*']
      : Object.values((statement.Principal ?? {}) as Record<string, unknown>).flatMap(list).map(String)));
  } catch {
    return [];
  }
}

function rolePrincipal(role: RoleDetail): IamPrincipal {
  return {
    kind: 'role', Name: role.RoleName!, Arn: role.Arn!, Path: role.Path ?? '/',
    ...(serviceRolePath.test(role.Path ?? '') ? { ServicePrincipal: serviceRolePath.exec(role.Path!)![1] } : {}),
    TrustedPrincipals: trustedPrincipals(role.AssumeRolePolicyDocument),
    AttachedPolicies: (role.AttachedManagedPolicies ?? []).map((policy) => ({ PolicyName: policy.PolicyName!, PolicyArn: policy.PolicyArn! })),
    InlinePolicyNames: (role.RolePolicyList ?? []).map((policy) => policy.PolicyName!),
    ...(role.PermissionsBoundary?.PermissionsBoundaryArn ? { PermissionsBoundaryArn: role.PermissionsBoundary.PermissionsBoundaryArn } : {}),
  };
}

function userPrincipal(user: UserDetail): IamPrincipal {
  return {
    kind: 'user', Name: user.UserName!, Arn: user.Arn!, Path: user.Path ?? '/', TrustedPrincipals: [],
    AttachedPolicies: (user.AttachedManagedPolicies ?? []).map((policy) => ({ PolicyName: policy.PolicyName!, PolicyArn: policy.PolicyArn! })),
    InlinePolicyNames: (user.UserPolicyList ?? []).map((policy) => policy.PolicyName!),
    ...(user.PermissionsBoundary?.PermissionsBoundaryArn ? { PermissionsBoundaryArn: user.PermissionsBoundary.PermissionsBoundaryArn } : {}),
    Groups: user.GroupList ?? [],
  };
}

function groupPrincipal(group: GroupDetail, users: UserDetail[]): IamPrincipal {
  return {
    kind: 'group', Name: group.GroupName!, Arn: group.Arn!, Path: group.Path ?? '/', TrustedPrincipals: [],
    AttachedPolicies: (group.AttachedManagedPolicies ?? []).map((policy) => ({ PolicyName: policy.PolicyName!, PolicyArn: policy.PolicyArn! })),
    InlinePolicyNames: (group.GroupPolicyList ?? []).map((policy) => policy.PolicyName!),
    Users: users.filter((user) => user.GroupList?.includes(group.GroupName!)).map((user) => user.UserName!),
  };
}

function accountIam(read: AccountPrincipals): AccountIam {
  return {
    accountId: read.accountId,
    readAt: read.readAt.toISOString(),
    readVia: read.via === 'connection' ? "the connection's credentials" : `role ${read.via.roleArn}`,
    principals: read.authorization ? [
      ...read.authorization.roles.map(rolePrincipal),
      ...read.authorization.users.map(userPrincipal),
      ...read.authorization.groups.map((group) => groupPrincipal(group, read.authorization!.users)),
    ] : [],
    ...(read.error ? { error: `${read.error.name}: ${read.error.message}` } : {}),
  };
}

/** A managed policy's default version's document. */
function defaultDocument(policy: ManagedPolicyDetail | undefined): string | undefined {
  return policy?.PolicyVersionList?.find((version) => version.IsDefaultVersion)?.Document;
}

/** JSON as a person reads it: indented, whatever the stored spacing. */
function readable(document: string): string {
  try {
    return `${JSON.stringify(JSON.parse(document), null, 2)}\n`;
  } catch {
    return document;
  }
}

/** A policy document as read, with why the editor may not save it (AWS managed, a service-linked role's, a trust policy). */
interface FoundDocument {
  content: string;
  title: string;
  readOnlyBecause?: string;
}

function notFound(message: string): Error {
  return Object.assign(new Error(message), { name: 'NoSuchEntityException' });
}

/** The document a target names, in an account's IAM as read. */
function findDocument(read: AccountPrincipals, { accountId, principal, document }: IamDocumentTarget): FoundDocument {
  if (!read.authorization) throw Object.assign(new Error(read.error?.message ?? `The IAM of ${accountId} could not be read.`), { name: read.error?.name ?? 'NoSuchEntityException' });
  const { roles, users, groups, policies } = read.authorization;
  const holder = principal.kind === 'role' ? roles.find((role) => role.RoleName === principal.name)
    : principal.kind === 'user' ? users.find((user) => user.UserName === principal.name) : groups.find((group) => group.GroupName === principal.name);
  if (!holder) throw notFound(`The ${principal.kind} with name ${principal.name} cannot be found.`);
  const serviceLinked = principal.kind === 'role' && serviceRolePath.test(holder.Path ?? '');
  const found = (content: string | undefined, title: string, readOnlyBecause?: string): FoundDocument => {
    if (content === undefined) throw notFound(`${title} has no such policy document.`);
    const because = serviceLinked ? 'only its service may change a service-linked role.' : readOnlyBecause;
    return { content, title, ...(because ? { readOnlyBecause: because } : {}) };
  };
  if (document.kind === 'trust') {
    return found((holder as RoleDetail).AssumeRolePolicyDocument, `${principal.name} (trust policy)`, "a role's trust policy is changed with UpdateAssumeRolePolicy, which this editor does not run.");
  }
  if (document.kind === 'inline') {
    const inline = principal.kind === 'role' ? (holder as RoleDetail).RolePolicyList : principal.kind === 'user' ? (holder as UserDetail).UserPolicyList : (holder as GroupDetail).GroupPolicyList;
    return found(inline?.find((policy) => policy.PolicyName === document.name)?.PolicyDocument, `${principal.name} / ${document.name}`);
  }
  return found(defaultDocument(policies.find((policy) => policy.Arn === document.arn)), document.arn.slice(document.arn.lastIndexOf('/') + 1),
    isAwsManagedPolicyArn(document.arn) ? 'AWS managed policies cannot be changed.' : undefined);
}

/** Registers the IAM requests on the connection. */
export function startIam(connection: Connection, organization: OrganizationService): void {
  connection.onRequest(accountIamRequest, ({ accountId, refresh }) =>
    organization.run(async (_model, active) => accountIam(await principalsOf(active).read(accountId, refresh))));

  connection.onRequest(iamPolicyDocumentRequest, (target) => organization.run(async (_model, active) => {
    const { content, readOnlyBecause, title } = findDocument(await principalsOf(active).read(target.accountId), target);
    return { content: readable(content), readOnly: readOnlyBecause !== undefined, title };
  }));

  connection.onRequest(iamPolicyDocumentSaveRequest, ({ content, ...target }) => organization.run(async (model, active) => {
    const principals = principalsOf(active);
    const { readOnlyBecause, title } = findDocument(await principals.read(target.accountId), target);
    if (readOnlyBecause) throw Object.assign(new Error(`${title} cannot be saved: ${readOnlyBecause}`), { name: 'UnmodifiableEntityException' });
    const { operation, message } = await principals.write(target, content);
    model.iamChanged('iam', operation, target.accountId, 'client');
    return { message };
  }));

  connection.onRequest(serviceLinkedRolesRequest, ({ servicePrincipal }) => organization.run(async (model) => {
    const role = serviceLinkedRoleOf(servicePrincipal);
    if (!role) return { roleName: null, accounts: 0 };
    await model.loadHierarchy();
    return { roleName: role.roleName, accounts: model.hierarchy().accounts.length };
  }));
}
