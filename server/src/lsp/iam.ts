/**
 * IAM in the language server: an account's roles and users for the tree (with each role's trust, policies and
 * the service that owns a service-linked role), their policy documents, and the service-linked role that
 * trusted access creates, all read from the active connection's principals (organizations/principals.ts).
 */
import type { Connection } from 'vscode-languageserver';
import type { ManagedPolicyDetail, RoleDetail, UserDetail } from '@aws-sdk/client-iam';
import { isAwsManagedPolicyArn } from '../aws/iamArns';
import { serviceLinkedRoleOf } from '../aws/serviceLinkedRoles';
import { principalsOf, type AccountPrincipals } from '../organizations/principals';
import { accountIamRequest, iamPolicyDocumentRequest, serviceLinkedRolesRequest, type AccountIam, type IamPrincipal } from '../protocol';
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

function accountIam(read: AccountPrincipals): AccountIam {
  return {
    accountId: read.accountId,
    readAt: read.readAt.toISOString(),
    readVia: read.via === 'connection' ? "the connection's credentials" : `role ${read.via.roleArn}`,
    principals: read.authorization ? [...read.authorization.roles.map(rolePrincipal), ...read.authorization.users.map(userPrincipal)] : [],
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

/** Registers the IAM requests on the connection. */
export function startIam(connection: Connection, organization: OrganizationService): void {
  connection.onRequest(accountIamRequest, ({ accountId, refresh }) =>
    organization.run(async (_model, active) => accountIam(await principalsOf(active).read(accountId, refresh))));

  connection.onRequest(iamPolicyDocumentRequest, ({ accountId, principal, document }) => organization.run(async (_model, active) => {
    const read = await principalsOf(active).read(accountId);
    if (!read.authorization) throw Object.assign(new Error(read.error?.message ?? `The IAM of ${accountId} could not be read.`), { name: read.error?.name ?? 'NoSuchEntityException' });
    const { roles, users, policies } = read.authorization;
    const holder = principal.kind === 'role' ? roles.find((role) => role.RoleName === principal.name) : users.find((user) => user.UserName === principal.name);
    if (!holder) throw Object.assign(new Error(`The ${principal.kind} with name ${principal.name} cannot be found.`), { name: 'NoSuchEntityException' });
    const serviceLinked = principal.kind === 'role' && serviceRolePath.test(holder.Path ?? '');
    let content: string | undefined;
    let title: string;
    let readOnly = serviceLinked;
    if (document.kind === 'trust') {
      content = (holder as RoleDetail).AssumeRolePolicyDocument;
      title = `${principal.name} (trust policy)`;
    } else if (document.kind === 'inline') {
      const inline = 'RolePolicyList' in holder ? holder.RolePolicyList : (holder as UserDetail).UserPolicyList;
      content = inline?.find((policy) => policy.PolicyName === document.name)?.PolicyDocument;
      title = `${principal.name} / ${document.name}`;
    } else {
      content = defaultDocument(policies.find((policy) => policy.Arn === document.arn));
      title = document.arn.slice(document.arn.lastIndexOf('/') + 1);
      readOnly ||= isAwsManagedPolicyArn(document.arn);
    }
    if (content === undefined) throw Object.assign(new Error(`${title} has no such policy document.`), { name: 'NoSuchEntityException' });
    return { content: readable(content), readOnly, title };
  }));

  connection.onRequest(serviceLinkedRolesRequest, ({ servicePrincipal }) => organization.run(async (model) => {
    const role = serviceLinkedRoleOf(servicePrincipal);
    if (!role) return { roleName: null, accounts: 0 };
    await model.loadHierarchy();
    return { roleName: role.roleName, accounts: model.hierarchy().accounts.length };
  }));
}
