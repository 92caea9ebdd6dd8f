/**
 * The IAM principals of the seeds. In the sample, each account gets what a real landing zone gives it: an
 * `Admin` and a `ReadOnly` role that the management account assumes, a `CIDeploy` role that the CI/CD
 * account assumes, with PowerUserAccess cut down by the `DeployBoundary` permissions boundary, and a
 * `break-glass` user with AdministratorAccess; the sample's SCPs then take from them what the organization
 * forbids (leaving it, stopping CloudTrail, Regions outside the approved two). The generator gives large
 * organizations a number of roles per account, built directly as records.
 */
import { accountRootArn } from '../aws/iamArns';
import { iamIdPrefixes } from '../aws/iamIds';
import { serviceLinkedRoleOf, ORGANIZATIONS_SERVICE_PRINCIPAL } from '../aws/serviceLinkedRoles';
import { iamKey } from './iam/directory';
import type { IamRoleRecord } from './state';

/** Runs one operation of a service as a caller (the engine's `call`). */
export type ServiceCall = (operation: string, input: Record<string, unknown>, caller: string, options?: { service?: 'organizations' | 'iam' }) => unknown;

/** A policy document, indented as a person writes it, or compact as Terraform's jsonencode gives it. */
const document = (statement: object | object[], compact = false): string => JSON.stringify({ Version: '2012-10-17', Statement: statement }, null, compact ? undefined : 2);
const trusting = (principal: object, compact = false): string => document([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }], compact);

/** What CI may deploy: the services of the workloads, and no IAM users or changes to its own boundary. */
const deployBoundary = document([
  { Sid: 'DeployWorkloads', Effect: 'Allow', Action: ['cloudformation:*', 's3:*', 'lambda:*', 'ecs:*', 'ecr:*', 'ec2:*', 'logs:*', 'cloudwatch:*', 'dynamodb:*', 'sqs:*', 'sns:*', 'iam:PassRole', 'iam:GetRole'], Resource: '*' },
  { Sid: 'NoIamUsersOrBoundaryChanges', Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'], Resource: '*' },
]);

const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** Creates the sample's principals in one account, by real IAM operations as that account. */
export function populateAccountPrincipals(call: ServiceCall, accountId: string, management: string, ciAccountId: string): void {
  const iam = (operation: string, input: Record<string, unknown>) => call(operation, input, accountId, { service: 'iam' }) as Record<string, { Arn: string }>;
  const fromManagement = trusting({ AWS: accountRootArn('aws', management) });
  iam('CreateRole', { RoleName: 'Admin', AssumeRolePolicyDocument: fromManagement, Description: 'Administrators of the platform team', Tags: [{ Key: 'access', Value: 'admin' }] });
  iam('AttachRolePolicy', { RoleName: 'Admin', PolicyArn: managed('AdministratorAccess') });
  iam('CreateRole', { RoleName: 'ReadOnly', AssumeRolePolicyDocument: fromManagement, Description: 'Auditors and on-call engineers', MaxSessionDuration: 14400 });
  iam('AttachRolePolicy', { RoleName: 'ReadOnly', PolicyArn: managed('ReadOnlyAccess') });
  const boundary = iam('CreatePolicy', { PolicyName: 'DeployBoundary', Path: '/boundaries/', Description: 'The most a deployment role may do', PolicyDocument: deployBoundary }).Policy.Arn;
  iam('CreateRole', {
    RoleName: 'CIDeploy', Path: '/ci/', AssumeRolePolicyDocument: trusting({ AWS: accountRootArn('aws', ciAccountId) }),
    Description: 'Assumed by the pipelines of the CI/CD account', PermissionsBoundary: boundary, Tags: [{ Key: 'access', Value: 'deploy' }],
  });
  iam('AttachRolePolicy', { RoleName: 'CIDeploy', PolicyArn: managed('PowerUserAccess') });
  iam('PutRolePolicy', { RoleName: 'CIDeploy', PolicyName: 'PassDeploymentRoles', PolicyDocument: document([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${accountId}:role/app/*` }]) });
  iam('CreateGroup', { GroupName: 'Emergency' });
  iam('AttachGroupPolicy', { GroupName: 'Emergency', PolicyArn: managed('AdministratorAccess') });
  iam('CreateUser', { UserName: 'break-glass', Tags: [{ Key: 'access', Value: 'emergency' }] });
  iam('AddUserToGroup', { GroupName: 'Emergency', UserName: 'break-glass' });
}

/** The generator's roles: the two every created account has, then realistic application and pipeline roles. */
export function generatedRoles(accountId: string, management: string, count: number, now: string, nextId: () => string): Record<string, IamRoleRecord> {
  const roles: Record<string, IamRoleRecord> = {};
  const add = (role: Omit<IamRoleRecord, 'AccountId' | 'Id' | 'CreateDate' | 'Tags' | 'InlinePolicies' | 'AttachedPolicies' | 'MaxSessionDuration'> & Partial<IamRoleRecord>) => {
    roles[iamKey(accountId, role.Name)] = { AccountId: accountId, Id: iamIdPrefixes.role + nextId(), CreateDate: now, Tags: [], InlinePolicies: {}, AttachedPolicies: [], MaxSessionDuration: 3600, ...role };
  };
  const organizations = serviceLinkedRoleOf(ORGANIZATIONS_SERVICE_PRINCIPAL)!;
  if (accountId !== management) {
    add({
      Name: organizations.roleName, Path: `/aws-service-role/${organizations.servicePrincipal}/`, AssumeRolePolicyDocument: generatedTrust.organizations,
      ServicePrincipal: organizations.servicePrincipal, AttachedPolicies: [{ PolicyName: organizations.policyName, PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${organizations.policyName}` }],
    });
  }
  add({ Name: 'OrganizationAccountAccessRole', Path: '/', AssumeRolePolicyDocument: trusting({ AWS: accountRootArn('aws', management) }, true), InlinePolicies: { AdministratorAccess: generatedInline.admin } });
  for (let index = Object.keys(roles).length; index < count; index++) {
    const service = generatedServices[index % generatedServices.length];
    add({
      Name: `${service.name}-role-${index}`, Path: '/app/', AssumeRolePolicyDocument: generatedTrust[service.name],
      InlinePolicies: { [`${service.name}-access`]: generatedInline[service.name] },
      AttachedPolicies: [{ PolicyName: service.managed, PolicyArn: managed(service.managed) }],
      Tags: [{ Key: 'service', Value: service.name }],
    });
  }
  return roles;
}

/** The services the generator's roles are for; documents are shared strings, as the same template would give. */
const generatedServices = [
  { name: 'lambda', principal: 'lambda.amazonaws.com', managed: 'ReadOnlyAccess', actions: ['logs:*', 'dynamodb:GetItem', 'dynamodb:PutItem'] },
  { name: 'ecs', principal: 'ecs-tasks.amazonaws.com', managed: 'ReadOnlyAccess', actions: ['s3:GetObject', 's3:PutObject', 'sqs:*'] },
  { name: 'ec2', principal: 'ec2.amazonaws.com', managed: 'ReadOnlyAccess', actions: ['ssm:GetParameter', 'cloudwatch:PutMetricData'] },
];
const generatedTrust: Record<string, string> = {
  organizations: trusting({ Service: ORGANIZATIONS_SERVICE_PRINCIPAL }, true),
  ...Object.fromEntries(generatedServices.map((service) => [service.name, trusting({ Service: service.principal }, true)])),
};
const generatedInline: Record<string, string> = {
  admin: document([{ Effect: 'Allow', Action: '*', Resource: '*' }], true),
  ...Object.fromEntries(generatedServices.map((service) => [service.name, document([{ Effect: 'Allow', Action: service.actions, Resource: '*' }], true)])),
};
