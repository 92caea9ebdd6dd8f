import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { integratedServices } from '../../../server/src/aws/servicePrincipals';
import { createAccount, createOu, inviteAccount, MANAGEMENT, organization, OUTSIDER, rejects, type TestOrganization } from './engineSupport';

/** `<account>|<service principal>` of every account's service-linked role of SSO, read through each account's IAM. */
function serviceLinkedRoles(org: TestOrganization): string[] {
  const accounts = [MANAGEMENT, OUTSIDER, ...org.call('ListAccounts').Accounts.map((account: { Id: string }) => account.Id)];
  return [...new Set(accounts)].filter((account) => org.call('ListRoles', {}, account, 'iam').Roles
    .some((role: { RoleName: string }) => role.RoleName === 'AWSServiceRoleForSSO')).map((account) => `${account}|sso.amazonaws.com`).sort();
}

test('trusted access creates a service-linked role in every account, also in later joiners, and disabling removes them', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  org.call('EnableAWSServiceAccess', { ServicePrincipal: 'sso.amazonaws.com' });
  assert.deepEqual(serviceLinkedRoles(org), [`${MANAGEMENT}|sso.amazonaws.com`, `${member}|sso.amazonaws.com`].sort());
  const listed = org.call('ListAWSServiceAccessForOrganization').EnabledServicePrincipals;
  assert.deepEqual(listed.map((s: { ServicePrincipal: string }) => s.ServicePrincipal), ['sso.amazonaws.com']);
  assert.ok(listed[0].DateEnabled instanceof Date);
  org.call('EnableAWSServiceAccess', { ServicePrincipal: 'sso.amazonaws.com' });
  inviteAccount(org, OUTSIDER);
  const created = createAccount(org, 'Later');
  assert.ok(serviceLinkedRoles(org).includes(`${OUTSIDER}|sso.amazonaws.com`));
  assert.ok(serviceLinkedRoles(org).includes(`${created}|sso.amazonaws.com`));
  org.call('RemoveAccountFromOrganization', { AccountId: OUTSIDER });
  assert.ok(!serviceLinkedRoles(org).includes(`${OUTSIDER}|sso.amazonaws.com`));
  org.call('DisableAWSServiceAccess', { ServicePrincipal: 'sso.amazonaws.com' });
  assert.deepEqual(serviceLinkedRoles(org), []);
  assert.deepEqual(org.call('ListAWSServiceAccessForOrganization').EnabledServicePrincipals, []);
});

test('trusted access knows only integrated services and needs all features', () => {
  const org = organization();
  rejects(() => org.call('EnableAWSServiceAccess', { ServicePrincipal: 'example.amazonaws.com' }), 'InvalidInputException', 'UNRECOGNIZED_SERVICE_PRINCIPAL');
  rejects(() => org.call('EnableAWSServiceAccess', {}), 'InvalidInputException', 'INPUT_REQUIRED');
  rejects(() => org.call('EnableAWSServiceAccess', { ServicePrincipal: 'has space' }), 'InvalidInputException', 'INVALID_PATTERN');
  const billing = organization({ featureSet: 'CONSOLIDATED_BILLING' });
  rejects(() => billing.call('EnableAWSServiceAccess', { ServicePrincipal: 'sso.amazonaws.com' }), 'ConstraintViolationException', 'ORGANIZATION_NOT_IN_ALL_FEATURES_MODE');
  for (const service of integratedServices) {
    assert.match(service.servicePrincipal, /^[a-z0-9.-]+\.amazonaws\.com$/);
    assert.ok(service.description.length > 10 && service.description.length < 100, service.servicePrincipal);
  }
});

test('delegated administrators: members only, service access first, per-service limits, list both ways', () => {
  const org = organization();
  const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((name) => createAccount(org, name));
  rejects(() => org.call('RegisterDelegatedAdministrator', { AccountId: a, ServicePrincipal: 'guardduty.amazonaws.com' }), 'ConstraintViolationException', 'SERVICE_ACCESS_NOT_ENABLED');
  org.call('EnableAWSServiceAccess', { ServicePrincipal: 'guardduty.amazonaws.com' });
  org.call('EnableAWSServiceAccess', { ServicePrincipal: 'cloudtrail.amazonaws.com' });
  rejects(() => org.call('RegisterDelegatedAdministrator', { AccountId: MANAGEMENT, ServicePrincipal: 'guardduty.amazonaws.com' }), 'ConstraintViolationException', 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR');
  rejects(() => org.call('RegisterDelegatedAdministrator', { AccountId: '000000000000', ServicePrincipal: 'guardduty.amazonaws.com' }), 'AccountNotFoundException');
  rejects(() => org.call('RegisterDelegatedAdministrator', { AccountId: a, ServicePrincipal: 'ram.amazonaws.com' }), 'InvalidInputException', 'UNRECOGNIZED_SERVICE_PRINCIPAL');
  org.call('RegisterDelegatedAdministrator', { AccountId: a, ServicePrincipal: 'guardduty.amazonaws.com' });
  rejects(() => org.call('RegisterDelegatedAdministrator', { AccountId: a, ServicePrincipal: 'guardduty.amazonaws.com' }), 'AccountAlreadyRegisteredException');
  rejects(() => org.call('RegisterDelegatedAdministrator', { AccountId: b, ServicePrincipal: 'guardduty.amazonaws.com' }), 'ConstraintViolationException', 'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE');
  // CloudTrail allows three delegated administrators.
  for (const account of [a, b, c]) org.call('RegisterDelegatedAdministrator', { AccountId: account, ServicePrincipal: 'cloudtrail.amazonaws.com' });
  rejects(() => org.call('RegisterDelegatedAdministrator', { AccountId: d, ServicePrincipal: 'cloudtrail.amazonaws.com' }), 'ConstraintViolationException', 'MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED');
  const all = org.call('ListDelegatedAdministrators').DelegatedAdministrators;
  assert.deepEqual(all.map((admin: { Id: string }) => admin.Id), [a, b, c]);
  assert.ok(all[0].DelegationEnabledDate instanceof Date);
  assert.equal(all[0].Paths, undefined);
  assert.deepEqual(org.call('ListDelegatedAdministrators', { ServicePrincipal: 'guardduty.amazonaws.com' }).DelegatedAdministrators.map((admin: { Id: string }) => admin.Id), [a]);
  assert.deepEqual(org.call('ListDelegatedServicesForAccount', { AccountId: a }).DelegatedServices.map((s: { ServicePrincipal: string }) => s.ServicePrincipal), ['guardduty.amazonaws.com', 'cloudtrail.amazonaws.com']);
  rejects(() => org.call('ListDelegatedServicesForAccount', { AccountId: d }), 'AccountNotRegisteredException');
  rejects(() => org.call('ListDelegatedServicesForAccount', { AccountId: '000000000000' }), 'AccountNotFoundException');
  rejects(() => org.call('RemoveAccountFromOrganization', { AccountId: a }), 'ConstraintViolationException', 'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG');
  rejects(() => org.call('LeaveOrganization', {}, b), 'ConstraintViolationException', 'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG');
  org.call('DeregisterDelegatedAdministrator', { AccountId: a, ServicePrincipal: 'guardduty.amazonaws.com' });
  rejects(() => org.call('DeregisterDelegatedAdministrator', { AccountId: a, ServicePrincipal: 'guardduty.amazonaws.com' }), 'AccountNotRegisteredException');
  rejects(() => org.call('DeregisterDelegatedAdministrator', { AccountId: '000000000000', ServicePrincipal: 'guardduty.amazonaws.com' }), 'AccountNotFoundException');
  // A suspended account can't become one.
  org.call('CloseAccount', { AccountId: d });
  rejects(() => org.call('RegisterDelegatedAdministrator', { AccountId: d, ServicePrincipal: 'guardduty.amazonaws.com' }), 'ConstraintViolationException', 'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR');
});

test('TagResource, UntagResource and ListTagsForResource on roots, OUs, accounts and policies', () => {
  const org = organization({ quotas: { tagsPerResource: 3 } });
  const ou = createOu(org, 'Tagged');
  for (const resource of [org.rootId, ou, MANAGEMENT]) {
    org.call('TagResource', { ResourceId: resource, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
    org.call('TagResource', { ResourceId: resource, Tags: [{ Key: 'a', Value: 'changed' }] });
    assert.deepEqual(org.call('ListTagsForResource', { ResourceId: resource }).Tags, [{ Key: 'a', Value: 'changed' }, { Key: 'b', Value: '2' }]);
    rejects(() => org.call('TagResource', { ResourceId: resource, Tags: [{ Key: 'c', Value: '3' }, { Key: 'd', Value: '4' }] }), 'ConstraintViolationException', 'MAX_TAG_LIMIT_EXCEEDED');
    org.call('UntagResource', { ResourceId: resource, TagKeys: ['a', 'missing'] });
    assert.deepEqual(org.call('ListTagsForResource', { ResourceId: resource }).Tags, [{ Key: 'b', Value: '2' }]);
  }
  rejects(() => org.call('TagResource', { ResourceId: 'ou-zzzz-zzzzzzzz', Tags: [{ Key: 'a', Value: '1' }] }), 'TargetNotFoundException');
  const pattern = rejects(() => org.call('TagResource', { ResourceId: 'h-1234567890', Tags: [{ Key: 'a', Value: '1' }] }), 'InvalidInputException', 'INVALID_PATTERN');
  assert.equal(pattern.message, 'You provided a value that does not match the required pattern.');
  rejects(() => org.call('TagResource', { ResourceId: ou, Tags: [{ Key: 'aws:reserved', Value: '1' }] }), 'InvalidInputException', 'INVALID_SYSTEM_TAGS_PARAMETER');
  rejects(() => org.call('TagResource', { ResourceId: ou, Tags: [{ Key: 'k'.repeat(129), Value: '1' }] }), 'InvalidInputException', 'MAX_LENGTH_EXCEEDED');
  rejects(() => org.call('TagResource', { ResourceId: ou }), 'InvalidInputException', 'INPUT_REQUIRED');
  rejects(() => org.call('TagResource', { ResourceId: 'p-FullAWSAccess', Tags: [{ Key: 'a', Value: '1' }] }), 'InvalidInputException', 'IMMUTABLE_POLICY');
  rejects(() => org.call('ListTagsForResource', { ResourceId: '000000000000' }), 'TargetNotFoundException');
});

const delegation = (accountId: string, actions: string[], condition?: unknown) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Delegate', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: actions, Resource: '*', ...(condition ? { Condition: condition } : {}) }],
});

test('the delegation resource policy: put, describe, delete, and AWS validation reasons', () => {
  const org = organization();
  const admin = createAccount(org, 'Admin');
  rejects(() => org.call('DescribeResourcePolicy'), 'ResourcePolicyNotFoundException');
  rejects(() => org.call('DeleteResourcePolicy'), 'ResourcePolicyNotFoundException');
  const put = org.call('PutResourcePolicy', { Content: delegation(admin, ['organizations:Describe*', 'organizations:List*']), Tags: [{ Key: 'k', Value: 'v' }] }).ResourcePolicy;
  const organizationId = org.call('DescribeOrganization').Organization.Id;
  assert.match(put.ResourcePolicySummary.Id, /^rp-[0-9a-zA-Z_]{4,128}$/);
  assert.equal(put.ResourcePolicySummary.Arn, `arn:aws:organizations::${MANAGEMENT}:resourcepolicy/${organizationId}/${put.ResourcePolicySummary.Id}`);
  assert.deepEqual(org.call('DescribeResourcePolicy').ResourcePolicy, put);
  assert.deepEqual(org.call('ListTagsForResource', { ResourceId: put.ResourcePolicySummary.Id }).Tags, [{ Key: 'k', Value: 'v' }]);
  rejects(() => org.call('PutResourcePolicy', { Content: '{not json' }), 'InvalidInputException', 'INVALID_RESOURCE_POLICY_JSON');
  rejects(() => org.call('PutResourcePolicy', { Content: delegation(admin, ['organizations:CreateAccount']) }), 'InvalidInputException', 'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY');
  rejects(() => org.call('PutResourcePolicy', { Content: delegation(admin, ['s3:GetObject']) }), 'InvalidInputException', 'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY');
  rejects(() => org.call('PutResourcePolicy', { Content: delegation(admin, ['organizations:CreatePolicy'], { StringEquals: { 'organizations:PolicyType': 'MADE_UP_POLICY' } }) }), 'InvalidInputException', 'UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY');
  rejects(() => org.call('PutResourcePolicy', { Content: delegation('bad', ['organizations:ListRoots']) }), 'InvalidInputException', 'INVALID_PRINCIPAL');
  rejects(() => org.call('PutResourcePolicy', { Content: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: admin }, Action: 'organizations:ListRoots', Resource: 'arn:aws:s3:::bucket' }] }) }), 'InvalidInputException', 'UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY');
  rejects(() => org.call('PutResourcePolicy', { Content: delegation(admin, ['organizations:ListRoots']) }, admin), 'AccessDeniedException');
  org.call('DeleteResourcePolicy');
  rejects(() => org.call('DescribeResourcePolicy'), 'ResourcePolicyNotFoundException');
});

test('responsibility transfers validate their input and answer with AWS errors in a world of one organization', () => {
  const org = organization();
  const invite = { Type: 'BILLING', Target: { Type: 'ACCOUNT', Id: '222222222222' }, StartTimestamp: new Date('2027-01-01T00:00:00Z'), SourceName: 'Billing' };
  rejects(() => org.call('InviteOrganizationToTransferResponsibility', invite), 'HandshakeConstraintViolationException', 'TARGET_ACCOUNT_VALIDATION_FAILURE');
  rejects(() => org.call('InviteOrganizationToTransferResponsibility', { ...invite, Target: { Type: 'ACCOUNT', Id: MANAGEMENT } }), 'HandshakeConstraintViolationException', 'SOURCE_AND_TARGET_CANNOT_MATCH');
  rejects(() => org.call('InviteOrganizationToTransferResponsibility', { ...invite, Type: 'SHIPPING' }), 'InvalidInputException', 'INVALID_ENUM');
  rejects(() => org.call('InviteOrganizationToTransferResponsibility', { ...invite, StartTimestamp: undefined }), 'InvalidInputException', 'INPUT_REQUIRED');
  rejects(() => org.call('DescribeResponsibilityTransfer', { Id: 'rt-12345678' }), 'ResponsibilityTransferNotFoundException');
  rejects(() => org.call('DescribeResponsibilityTransfer', { Id: 'x' }), 'InvalidInputException', 'INVALID_PATTERN');
  rejects(() => org.call('UpdateResponsibilityTransfer', { Id: 'rt-12345678', Name: 'New' }), 'ResponsibilityTransferNotFoundException');
  rejects(() => org.call('TerminateResponsibilityTransfer', { Id: 'rt-12345678' }), 'ResponsibilityTransferNotFoundException');
  rejects(() => org.call('ListInboundResponsibilityTransfers', { Type: 'BILLING', Id: 'rt-12345678' }), 'ResponsibilityTransferNotFoundException');
  assert.deepEqual(org.call('ListInboundResponsibilityTransfers', { Type: 'BILLING' }).ResponsibilityTransfers, []);
  assert.deepEqual(org.call('ListOutboundResponsibilityTransfers', { Type: 'BILLING' }).ResponsibilityTransfers, []);
  rejects(() => org.call('ListOutboundResponsibilityTransfers', {}), 'InvalidInputException', 'INPUT_REQUIRED');
});
