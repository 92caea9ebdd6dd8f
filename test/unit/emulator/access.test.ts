import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { OrganizationsError } from '../../../server/src/emulator/errors';
import { createAccount, createOu, MANAGEMENT, organization, OUTSIDER, rejects, type TestOrganization } from './engineSupport';

// Who may call what, from the SDK's command documentation (facts §5.8).
const managementOnly = [
  'CreateAccount', 'CreateGovCloudAccount', 'CreateOrganizationalUnit', 'DeleteOrganizationalUnit', 'UpdateOrganizationalUnit', 'MoveAccount',
  'InviteAccountToOrganization', 'RemoveAccountFromOrganization', 'EnableAllFeatures', 'EnableAWSServiceAccess', 'DisableAWSServiceAccess',
  'RegisterDelegatedAdministrator', 'DeregisterDelegatedAdministrator', 'PutResourcePolicy', 'DeleteResourcePolicy',
  'InviteOrganizationToTransferResponsibility', 'CloseAccount', 'DeleteOrganization', 'DescribeResponsibilityTransfer',
  'ListInboundResponsibilityTransfers', 'ListOutboundResponsibilityTransfers', 'UpdateResponsibilityTransfer', 'TerminateResponsibilityTransfer',
];
const policyManagement = ['AttachPolicy', 'DetachPolicy', 'CreatePolicy', 'UpdatePolicy', 'DeletePolicy', 'EnablePolicyType', 'DisablePolicyType', 'TagResource', 'UntagResource'];
const readers = [
  'DescribePolicy', 'DescribeAccount', 'DescribeCreateAccountStatus', 'DescribeOrganizationalUnit', 'DescribeResourcePolicy', 'ListAccounts',
  'ListAccountsForParent', 'ListAccountsWithInvalidEffectivePolicy', 'ListAWSServiceAccessForOrganization', 'ListChildren',
  'ListCreateAccountStatus', 'ListDelegatedAdministrators', 'ListDelegatedServicesForAccount', 'ListEffectivePolicyValidationErrors',
  'ListHandshakesForOrganization', 'ListOrganizationalUnitsForParent', 'ListParents', 'ListPolicies', 'ListPoliciesForTarget', 'ListRoots',
  'ListTagsForResource', 'ListTargetsForPolicy',
];
const anyMember = ['DescribeOrganization', 'DescribeEffectivePolicy', 'LeaveOrganization'];
const anyAccount = ['DescribeHandshake', 'ListHandshakesForAccount', 'AcceptHandshake', 'DeclineHandshake', 'CancelHandshake'];
const anyone = ['CreateOrganization'];

function errorOf(org: TestOrganization, operation: string, caller: string): string | undefined {
  try {
    org.engine.call(operation, {}, caller);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof OrganizationsError);
    return error.name;
  }
}

test('the access table covers every operation once', () => {
  const all = [...managementOnly, ...policyManagement, ...readers, ...anyMember, ...anyAccount, ...anyone];
  assert.equal(new Set(all).size, all.length);
  assert.deepEqual([...all].sort(), [...OrganizationsEngine.operations]);
});

test('a plain member account gets only the operations for any member or any account', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  for (const operation of [...managementOnly, ...policyManagement, ...readers]) {
    assert.equal(errorOf(org, operation, member), 'AccessDeniedException', operation);
  }
  for (const operation of [...anyMember, ...anyAccount]) {
    assert.notEqual(errorOf(org, operation, member), 'AccessDeniedException', operation);
  }
});

test('an account outside the organization gets AWSOrganizationsNotInUseException except for handshakes and CreateOrganization', () => {
  const org = organization();
  for (const operation of [...managementOnly, ...policyManagement, ...readers, ...anyMember]) {
    assert.equal(errorOf(org, operation, OUTSIDER), 'AWSOrganizationsNotInUseException', operation);
  }
  for (const operation of anyAccount) {
    const error = errorOf(org, operation, OUTSIDER);
    assert.ok(error !== 'AWSOrganizationsNotInUseException' && error !== 'AccessDeniedException', `${operation}: ${error}`);
  }
});

test('the management account may call everything', () => {
  const org = organization();
  for (const operation of [...managementOnly, ...policyManagement, ...readers, ...anyMember]) {
    assert.notEqual(errorOf(org, operation, MANAGEMENT), 'AccessDeniedException', operation);
  }
});

test('a delegated administrator may read but not manage policies without the delegation policy', () => {
  const org = organization();
  const admin = createAccount(org, 'Admin');
  org.call('EnableAWSServiceAccess', { ServicePrincipal: 'guardduty.amazonaws.com' });
  org.call('RegisterDelegatedAdministrator', { AccountId: admin, ServicePrincipal: 'guardduty.amazonaws.com' });
  for (const operation of readers) assert.notEqual(errorOf(org, operation, admin), 'AccessDeniedException', operation);
  for (const operation of [...managementOnly, ...policyManagement]) assert.equal(errorOf(org, operation, admin), 'AccessDeniedException', operation);
  assert.ok(org.call('ListAccounts', {}, admin).Accounts.length >= 2);
});

test('the delegation policy lets a member manage the policy types it names', () => {
  const org = organization();
  const delegate = createAccount(org, 'Delegate');
  org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'TAG_POLICY' });
  org.call('PutResourcePolicy', {
    Content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Principal: { AWS: delegate }, Action: ['organizations:Describe*', 'organizations:List*'], Resource: '*' },
        {
          Sid: 'TagPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${delegate}:root` },
          Action: ['organizations:CreatePolicy', 'organizations:UpdatePolicy', 'organizations:DeletePolicy', 'organizations:AttachPolicy', 'organizations:DetachPolicy'],
          Resource: '*', Condition: { StringEquals: { 'organizations:PolicyType': ['TAG_POLICY'] } },
        },
        { Sid: 'NoRoots', Effect: 'Deny', Principal: { AWS: delegate }, Action: 'organizations:ListRoots', Resource: '*' },
      ],
    }),
  });
  const policy = org.call('CreatePolicy', { Name: 'Tags', Description: 'd', Type: 'TAG_POLICY', Content: '{"tags":{}}' }, delegate).Policy.PolicySummary.Id;
  org.call('AttachPolicy', { PolicyId: policy, TargetId: org.rootId }, delegate);
  rejects(() => org.call('CreatePolicy', { Name: 'Scp', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}' }, delegate), 'AccessDeniedException');
  rejects(() => org.call('DetachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: org.rootId }, delegate), 'AccessDeniedException');
  rejects(() => org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'BACKUP_POLICY' }, delegate), 'AccessDeniedException');
  assert.ok(org.call('ListAccounts', {}, delegate).Accounts.length >= 2);
  assert.deepEqual(org.call('ListPolicies', { Filter: 'TAG_POLICY' }, delegate).Policies.map((p: { Id: string }) => p.Id), [policy]);
  rejects(() => org.call('ListRoots', {}, delegate), 'AccessDeniedException');
  rejects(() => org.call('CreateOrganizationalUnit', { ParentId: org.rootId, Name: 'X' }, delegate), 'AccessDeniedException');
  org.call('DeleteResourcePolicy');
  rejects(() => org.call('ListAccounts', {}, delegate), 'AccessDeniedException');
});

test('service control policies restrict the Organizations calls of member accounts, never of the management account', () => {
  const org = organization();
  const ou = createOu(org, 'Locked');
  const member = createAccount(org, 'Member');
  const locked = createAccount(org, 'Locked Member');
  org.call('MoveAccount', { AccountId: locked, SourceParentId: org.rootId, DestinationParentId: ou });
  const policy = (name: string, statement: Record<string, unknown>) => org.call('CreatePolicy', {
    Name: name, Description: name, Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
  }).Policy.PolicySummary.Id;
  const denyLeave = policy('DenyLeave', { Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' });
  org.call('AttachPolicy', { PolicyId: denyLeave, TargetId: org.rootId });
  const error = rejects(() => org.call('LeaveOrganization', {}, member), 'AccessDeniedException');
  assert.match(error.message, /service control policy/);
  assert.equal(org.call('DescribeOrganization', {}, member).Organization.MasterAccountId, MANAGEMENT);
  // A conditional deny can't be judged without the request's context, so it doesn't apply.
  const conditional = policy('DenyDescribeFromRoot', { Effect: 'Deny', Action: 'organizations:Describe*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } });
  org.call('AttachPolicy', { PolicyId: conditional, TargetId: org.rootId });
  org.call('DescribeOrganization', {}, member);
  // Without an Allow at one level of its path, an account can call nothing.
  const denyS3 = policy('DenyS3', { Effect: 'Deny', Action: 's3:*', Resource: '*' });
  org.call('AttachPolicy', { PolicyId: denyS3, TargetId: ou });
  org.call('DetachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: ou });
  rejects(() => org.call('DescribeOrganization', {}, locked), 'AccessDeniedException');
  const allowDescribe = policy('AllowDescribe', { Effect: 'Allow', NotAction: ['organizations:Leave*'], Resource: '*' });
  org.call('AttachPolicy', { PolicyId: allowDescribe, TargetId: ou });
  org.call('DescribeOrganization', {}, locked);
  // The management account is never restricted, and disabling SCPs lifts every restriction.
  org.call('AttachPolicy', { PolicyId: policy('DenyAll', { Effect: 'Deny', Action: '*', Resource: '*' }), TargetId: org.rootId });
  rejects(() => org.call('DescribeOrganization', {}, member), 'AccessDeniedException');
  org.call('DescribeOrganization');
  org.call('DisablePolicyType', { RootId: org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' });
  org.call('LeaveOrganization', {}, member);
});
