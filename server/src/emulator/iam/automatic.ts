/**
 * The IAM roles AWS creates on its own, at the moment it creates them: the service-linked role of a service
 * whose trusted access is enabled (in every member account, when access is enabled or an account joins;
 * deleted when it is disabled or the account leaves), Organizations' own `AWSServiceRoleForOrganizations`
 * in every account that joins, and the role CreateAccount preconfigures in the accounts it creates
 * (`OrganizationAccountAccessRole` unless the request named another), which trusts the management account.
 */
import { awsManagedPolicyNamed } from '../../aws/managedPolicies';
import { accountRootArn, iamArn } from '../../aws/iamArns';
import {
  serviceLinkedRoleOf, serviceLinkedRolePath, serviceLinkedRoleTrustPolicy, type ServiceLinkedRole,
} from '../../aws/serviceLinkedRoles';
import type { AccountJoinedMethod } from '@aws-sdk/client-organizations';
import { ORGANIZATIONS_SERVICE_PRINCIPAL } from '../../aws/serviceLinkedRoles';
import type { Context } from '../context';
import type { AccountRecord, IamRoleRecord } from '../state';
import { AccountIam } from './accountIam';

/** The ARN of a service-linked role's AWS managed policy, as the state keeps it (from the data; built from its name if the data lacks it). */
function policyArnOf(entry: ServiceLinkedRole): string {
  return awsManagedPolicyNamed(entry.policyName)?.Arn ?? AccountIam.stored(iamArn('aws', 'aws', 'policy', '/aws-service-role/', entry.policyName));
}

/** A service-linked role record, as the service creates it. */
export function serviceLinkedRoleRecord(iam: AccountIam, entry: ServiceLinkedRole): IamRoleRecord {
  return {
    AccountId: iam.accountId,
    Id: iam.newId('role'),
    Name: entry.roleName,
    Path: serviceLinkedRolePath(entry),
    CreateDate: iam.ctx.nowIso,
    AssumeRolePolicyDocument: serviceLinkedRoleTrustPolicy(entry),
    Description: entry.description,
    MaxSessionDuration: 3600,
    Tags: [],
    InlinePolicies: {},
    AttachedPolicies: [{ PolicyName: entry.policyName, PolicyArn: policyArnOf(entry) }],
    ServicePrincipal: entry.servicePrincipal,
  };
}

/** Creates a service's service-linked role in an account unless it is there; true when it created one. */
export function createServiceLinkedRole(ctx: Context, accountId: string, servicePrincipal: string): boolean {
  const entry = serviceLinkedRoleOf(servicePrincipal);
  if (!entry) return false;
  const iam = new AccountIam(ctx, accountId, ctx.partition);
  if (iam.principal('role', entry.roleName)) return false;
  iam.putPrincipal('role', serviceLinkedRoleRecord(iam, entry));
  return true;
}

/** The services whose service-linked roles the organization keeps in an account: its own (in members) and trusted ones. */
function organizationServicePrincipals(ctx: Context, accountId: string): string[] {
  const trusted = ctx.tx.values('serviceAccess').map((access) => access.ServicePrincipal);
  return ctx.isManagementAccount(accountId) ? trusted : [ORGANIZATIONS_SERVICE_PRINCIPAL, ...trusted];
}

/** Makes an account a member (`Context.join`), with the service-linked roles the organization keeps in it. */
export function joinOrganization(ctx: Context, account: AccountRecord, parentId: string, method: AccountJoinedMethod): AccountRecord {
  const joined = ctx.join(account, parentId, method);
  for (const principal of organizationServicePrincipals(ctx, account.Id)) createServiceLinkedRole(ctx, account.Id, principal);
  return joined;
}

/** Makes a member standalone again (`Context.leave`), without the service-linked roles of the organization. */
export function leaveOrganization(ctx: Context, account: AccountRecord): void {
  for (const principal of organizationServicePrincipals(ctx, account.Id)) deleteServiceLinkedRole(ctx, account.Id, principal);
  ctx.leave(account);
}

/** Deletes a service's service-linked role from an account, if it has it. */
export function deleteServiceLinkedRole(ctx: Context, accountId: string, servicePrincipal: string): void {
  const entry = serviceLinkedRoleOf(servicePrincipal);
  const iam = new AccountIam(ctx, accountId);
  if (entry && iam.principal('role', entry.roleName)?.ServicePrincipal === servicePrincipal) iam.deletePrincipal('role', entry.roleName);
}

/**
 * The role CreateAccount preconfigures: it trusts the management account and has administrator permissions,
 * as the inline policy `AdministratorAccess` (what AWS puts on `OrganizationAccountAccessRole`).
 */
export function createAccountAccessRole(ctx: Context, accountId: string, roleName: string, managementAccountId: string): void {
  const iam = new AccountIam(ctx, accountId, ctx.partition);
  if (iam.principal('role', roleName)) return;
  iam.putPrincipal('role', {
    AccountId: accountId,
    Id: iam.newId('role'),
    Name: roleName,
    Path: '/',
    CreateDate: ctx.nowIso,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: accountRootArn(iam.partition, managementAccountId) }, Action: 'sts:AssumeRole' }],
    }),
    MaxSessionDuration: 3600,
    Tags: [],
    InlinePolicies: { AdministratorAccess: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
    AttachedPolicies: [],
  });
}
