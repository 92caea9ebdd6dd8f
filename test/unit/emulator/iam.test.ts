/**
 * The IAM of every account in the engine: the roles AWS creates on its own and when, quotas and conflicts as IAM
 * reports them, policy versions, group membership, the simulator's verdicts with a boundary and an ordered SCP
 * list, the sample's principals, and the migration of a state written before accounts had IAM.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsManagedPolicyNamed } from '../../../server/src/aws/managedPolicies';
import { serviceLinkedRoles } from '../../../server/src/aws/serviceLinkedRoles';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { integratedServices } from '../../../server/src/aws/servicePrincipals';
import { createAccount, inviteAccount, MANAGEMENT, organization, OUTSIDER, rejects } from './engineSupport';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const allow = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

test('every service-linked role names an AWS managed policy of the data package, at the service-role path', () => {
  for (const entry of serviceLinkedRoles) {
    const policy = awsManagedPolicyNamed(entry.policyName);
    assert.ok(policy, `${entry.roleName}: no AWS managed policy ${entry.policyName}`);
    assert.equal(policy.Path, '/aws-service-role/', entry.policyName);
  }
  const integrated = new Set(integratedServices.map((service) => service.servicePrincipal));
  assert.ok(serviceLinkedRoles.filter((entry) => integrated.has(entry.servicePrincipal)).length >= 25);
});

test('CreateAccount preconfigures the named role trusting the management account; an invited account gets none', () => {
  const org = organization();
  const request = org.call('CreateAccount', { AccountName: 'Named', Email: 'named@example.com', RoleName: 'OrgAdmin' }).CreateAccountStatus.Id;
  org.advance(60_000);
  const created = org.call('DescribeCreateAccountStatus', { CreateAccountRequestId: request }).CreateAccountStatus.AccountId;
  const role = org.call('GetRole', { RoleName: 'OrgAdmin' }, created, 'iam').Role;
  assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument)).Statement[0].Principal, { AWS: `arn:aws:iam::${MANAGEMENT}:root` });
  assert.deepEqual(org.call('ListRolePolicies', { RoleName: 'OrgAdmin' }, created, 'iam').PolicyNames, ['AdministratorAccess']);
  inviteAccount(org, OUTSIDER);
  const invitedRoles = org.call('ListRoles', {}, OUTSIDER, 'iam').Roles.map((entry: { RoleName: string }) => entry.RoleName);
  assert.deepEqual(invitedRoles, ['AWSServiceRoleForOrganizations']);
  // The management account has no AWSServiceRoleForOrganizations of its own; a member that leaves loses it.
  assert.deepEqual(org.call('ListRoles', {}, MANAGEMENT, 'iam').Roles, []);
  org.call('RemoveAccountFromOrganization', { AccountId: OUTSIDER });
  assert.deepEqual(org.call('ListRoles', {}, OUTSIDER, 'iam').Roles, []);
});

test('IAM refuses duplicates without regard to case, deletes only empty principals, and keeps at most five policy versions', () => {
  const org = organization();
  const iam = (operation: string, input: Record<string, unknown>) => org.call(operation, input, MANAGEMENT, 'iam');
  iam('CreateUser', { UserName: 'Alice' });
  rejects(() => iam('CreateUser', { UserName: 'alice' }), 'EntityAlreadyExistsException');
  rejects(() => iam('CreateUser', { UserName: 'bad name' }), 'ValidationError');
  iam('CreateGroup', { GroupName: 'Admins' });
  iam('AddUserToGroup', { GroupName: 'Admins', UserName: 'Alice' });
  assert.deepEqual(iam('GetGroup', { GroupName: 'admins' }).Users.map((user: { UserName: string }) => user.UserName), ['Alice']);
  rejects(() => iam('DeleteUser', { UserName: 'Alice' }), 'DeleteConflictException');
  iam('UpdateUser', { UserName: 'Alice', NewUserName: 'Alicia' });
  assert.deepEqual(iam('ListGroupsForUser', { UserName: 'Alicia' }).Groups.map((group: { GroupName: string }) => group.GroupName), ['Admins']);

  const arn = iam('CreatePolicy', { PolicyName: 'Ops', PolicyDocument: allow('ec2:*') }).Policy.Arn;
  for (let version = 2; version <= 5; version++) iam('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow(`s3:Get${version}*`), SetAsDefault: version === 3 });
  rejects(() => iam('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow('sqs:*') }), 'LimitExceededException');
  assert.equal(iam('GetPolicy', { PolicyArn: arn }).Policy.DefaultVersionId, 'v3');
  rejects(() => iam('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v3' }), 'DeleteConflictException');
  iam('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
  assert.equal(iam('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow('sqs:*') }).PolicyVersion.VersionId, 'v6');
  iam('AttachGroupPolicy', { GroupName: 'Admins', PolicyArn: arn });
  assert.equal(iam('GetPolicy', { PolicyArn: arn }).Policy.AttachmentCount, 1);
  rejects(() => iam('DeletePolicy', { PolicyArn: arn }), 'DeleteConflictException');
  rejects(() => iam('AttachGroupPolicy', { GroupName: 'Admins', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSSOServiceRolePolicy' }), 'PolicyNotAttachableException');
  rejects(() => iam('AttachGroupPolicy', { GroupName: 'Admins', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }), 'NoSuchEntityException');
  rejects(() => iam('PutUserPolicy', { UserName: 'Alicia', PolicyName: 'big', PolicyDocument: allow(`s3:${'x'.repeat(2100)}`) }), 'LimitExceededException');
  rejects(() => iam('CreateRole', { RoleName: 'NoPrincipal', AssumeRolePolicyDocument: allow('sts:AssumeRole') }), 'MalformedPolicyDocumentException');
});

test('IAM answers in the request\'s partition, keeps tag keys case insensitive, and words invalid input as its front end does', () => {
  const org = organization();
  const cn = (operation: string, input: Record<string, unknown>) => org.call(operation, input, MANAGEMENT, 'iam', 'aws-cn');
  const role = cn('CreateRole', { RoleName: 'China', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'Team', Value: 'a' }] }).Role;
  assert.equal(role.Arn, `arn:aws-cn:iam::${MANAGEMENT}:role/China`);
  cn('AttachRolePolicy', { RoleName: 'China', PolicyArn: 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess' });
  assert.deepEqual(cn('ListAttachedRolePolicies', { RoleName: 'China' }).AttachedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess' }]);
  // The same attachment, seen from the aws partition, and detached by its aws ARN.
  assert.equal(org.call('ListAttachedRolePolicies', { RoleName: 'China' }, MANAGEMENT, 'iam').AttachedPolicies[0].PolicyArn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  org.call('DetachRolePolicy', { RoleName: 'China', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, MANAGEMENT, 'iam');

  // IAM's tag keys are case insensitive: a tag replaces the one that differs in case, two in one request are refused.
  cn('TagRole', { RoleName: 'China', Tags: [{ Key: 'team', Value: 'b' }] });
  assert.deepEqual(cn('ListRoleTags', { RoleName: 'China' }).Tags, [{ Key: 'team', Value: 'b' }]);
  const duplicate = rejects(() => cn('TagRole', { RoleName: 'China', Tags: [{ Key: 'Env', Value: '1' }, { Key: 'env', Value: '2' }] }), 'InvalidInputException');
  assert.equal(duplicate.message, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');

  const long = rejects(() => cn('CreateRole', { RoleName: 'x'.repeat(65), AssumeRolePolicyDocument: trust }), 'ValidationError');
  assert.equal(long.message, `1 validation error detected: Value '${'x'.repeat(65)}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`);
  const missing = rejects(() => cn('GetRole', {}), 'ValidationError');
  assert.equal(missing.message, "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
  const pattern = rejects(() => cn('GetRole', { RoleName: 'no spaces' }), 'ValidationError');
  assert.equal(pattern.message, "1 validation error detected: Value 'no spaces' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
});

test('the simulator cuts by the permissions boundary and evaluates an ordered list of SCPs', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  const iam = (operation: string, input: Record<string, unknown>) => org.call(operation, input, member, 'iam');
  const boundary = iam('CreatePolicy', { PolicyName: 'OnlyS3', PolicyDocument: allow('s3:*') }).Policy.Arn;
  iam('CreateRole', { RoleName: 'Bounded', AssumeRolePolicyDocument: trust, PermissionsBoundary: boundary });
  iam('AttachRolePolicy', { RoleName: 'Bounded', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
  const [s3, ec2] = iam('SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${member}:role/Bounded`, ActionNames: ['s3:GetObject', 'ec2:RunInstances'] }).EvaluationResults;
  assert.equal(s3.EvalDecision, 'allowed');
  assert.equal(s3.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary, true);
  assert.equal(ec2.EvalDecision, 'implicitDeny');
  assert.equal(ec2.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary, false);
  assert.equal(ec2.OrganizationsDecisionDetail.AllowedByOrganizations, true);

  const full = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const denyEc2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] });
  const custom = iam('SimulateCustomPolicy', {
    PolicyInputList: [full], ActionNames: ['ec2:RunInstances', 'sqs:SendMessage'],
    OrderedOrganizationPolicyInputList: [{ ServiceControlPolicyInputList: [full] }, { ServiceControlPolicyInputList: [full, denyEc2] }, { ServiceControlPolicyInputList: [full] }],
  }).EvaluationResults;
  assert.deepEqual(custom.map((result: { EvalDecision: string }) => result.EvalDecision), ['explicitDeny', 'allowed']);
  assert.equal(custom[0].OrganizationsDecisionDetail.AllowedByOrganizations, false);
  const unmatched = iam('SimulateCustomPolicy', { PolicyInputList: [allow('s3:*')], ActionNames: ['s3:ListBucket'], ContextEntries: [] }).EvaluationResults[0];
  assert.equal(unmatched.OrganizationsDecisionDetail, undefined);
});

test('the sample gives every account an admin, a read-only and a bounded CI role and a break-glass user, which its SCPs cut down', () => {
  const engine = new OrganizationsEngine({ clock: () => new Date('2026-03-01T00:00:00Z') });
  engine.reset('sample');
  const accounts = (engine.call('ListAccounts', {}, MANAGEMENT) as { Accounts: { Id: string; Name: string }[] }).Accounts;
  const payments = accounts.find((account) => account.Name === 'Payments Prod')!.Id;
  const ci = accounts.find((account) => account.Name === 'CI/CD')!.Id;
  const iam = (operation: string, input: Record<string, unknown>) => engine.call(operation, input, payments, { service: 'iam' }) as Record<string, never>;
  const roles = (iam('ListRoles', {}).Roles as { RoleName: string }[]).map((role) => role.RoleName);
  for (const name of ['Admin', 'ReadOnly', 'CIDeploy', 'OrganizationAccountAccessRole', 'AWSServiceRoleForSSO', 'AWSServiceRoleForCloudTrail']) assert.ok(roles.includes(name), roles.join());
  const deploy = (iam('GetRole', { RoleName: 'CIDeploy' }).Role as { PermissionsBoundary: { PermissionsBoundaryArn: string }; AssumeRolePolicyDocument: string });
  assert.equal(deploy.PermissionsBoundary.PermissionsBoundaryArn, `arn:aws:iam::${payments}:policy/boundaries/DeployBoundary`);
  assert.match(decodeURIComponent(deploy.AssumeRolePolicyDocument), new RegExp(`arn:aws:iam::${ci}:root`));
  const verdicts = (iam('SimulatePrincipalPolicy', {
    PolicySourceArn: `arn:aws:iam::${payments}:user/break-glass`, ActionNames: ['ec2:TerminateInstances', 'cloudtrail:StopLogging'],
    ContextEntries: [{ ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: ['us-east-1'], ContextKeyType: 'string' }],
  }).EvaluationResults as { EvalDecision: string }[]).map((result) => result.EvalDecision);
  assert.deepEqual(verdicts, ['allowed', 'explicitDeny']);
});

test('a state written before accounts had IAM opens with its service-linked roles as IAM roles', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  org.call('EnableAWSServiceAccess', { ServicePrincipal: 'sso.amazonaws.com' });
  // The version-1 state: service-linked roles as bare records, no IAM, no version record.
  const { collections } = org.engine.exportState();
  for (const name of ['iamRoles', 'iamUsers', 'iamGroups', 'iamPolicies', 'stateVersion']) delete collections[name];
  collections.serviceLinkedRoles = Object.fromEntries([MANAGEMENT, member].map((id) => [`${id}|sso.amazonaws.com`, { AccountId: id, ServicePrincipal: 'sso.amazonaws.com', CreatedTimestamp: '2026-01-05T10:00:00.000Z' }]));
  const migrated = new OrganizationsEngine({ store: { load: () => collections, commit: () => {}, close: () => {} }, clock: org.now });
  const names = (account: string) => (migrated.call('ListRoles', {}, account, { service: 'iam' }) as { Roles: { RoleName: string }[] }).Roles.map((role) => role.RoleName);
  assert.deepEqual(names(MANAGEMENT), ['AWSServiceRoleForSSO']);
  assert.deepEqual(names(member), ['AWSServiceRoleForOrganizations', 'AWSServiceRoleForSSO', 'OrganizationAccountAccessRole']);
  assert.deepEqual(migrated.exportState().collections.serviceLinkedRoles ?? {}, {});
  assert.equal(migrated.exportState().collections.stateVersion?.organization, 2);
});
