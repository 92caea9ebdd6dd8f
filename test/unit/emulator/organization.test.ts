import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createAccount, inviteAccount, MANAGEMENT, organization, OUTSIDER, rejects } from './engineSupport';

test('CreateOrganization makes the caller the management account, with SCPs enabled for all features', () => {
  const org = organization({ create: false });
  const created = org.call('CreateOrganization').Organization;
  assert.match(created.Id, /^o-[a-z0-9]{10,32}$/);
  assert.equal(created.Arn, `arn:aws:organizations::${MANAGEMENT}:organization/${created.Id}`);
  assert.equal(created.FeatureSet, 'ALL');
  assert.equal(created.MasterAccountId, MANAGEMENT);
  assert.equal(created.MasterAccountArn, `arn:aws:organizations::${MANAGEMENT}:account/${created.Id}/${MANAGEMENT}`);
  assert.deepEqual(created.AvailablePolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
  const root = org.call('ListRoots').Roots[0];
  assert.match(root.Id, /^r-[0-9a-z]{4,32}$/);
  assert.equal(root.Name, 'Root');
  assert.deepEqual(org.call('ListPoliciesForTarget', { TargetId: root.Id, Filter: 'SERVICE_CONTROL_POLICY' }).Policies.map((p: { Name: string }) => p.Name), ['FullAWSAccess']);
  const management = org.call('DescribeAccount', { AccountId: MANAGEMENT }).Account;
  assert.equal(management.JoinedMethod, 'CREATED');
  assert.equal(management.State, 'ACTIVE');
  assert.deepEqual(management.Paths, [`${created.Id}/${root.Id}/${MANAGEMENT}/`]);
});

test('CreateOrganization with consolidated billing has no policy types', () => {
  const org = organization({ featureSet: 'CONSOLIDATED_BILLING' });
  const described = org.call('DescribeOrganization').Organization;
  assert.equal(described.FeatureSet, 'CONSOLIDATED_BILLING');
  assert.deepEqual(described.AvailablePolicyTypes, []);
  assert.deepEqual(org.call('ListRoots').Roots[0].PolicyTypes, []);
});

test('CreateOrganization is refused for a member and validates the feature set', () => {
  const org = organization();
  rejects(() => org.call('CreateOrganization'), 'AlreadyInOrganizationException');
  rejects(() => org.call('CreateOrganization', { FeatureSet: 'SOME' }, OUTSIDER), 'InvalidInputException', 'INVALID_ENUM');
});

test('DescribeOrganization works for every member and not for outsiders', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  assert.equal(org.call('DescribeOrganization', {}, member).Organization.MasterAccountId, MANAGEMENT);
  rejects(() => org.call('DescribeOrganization', {}, OUTSIDER), 'AWSOrganizationsNotInUseException');
  const empty = organization({ create: false });
  rejects(() => empty.call('DescribeOrganization'), 'AWSOrganizationsNotInUseException');
});

test('DeleteOrganization needs an organization without members and frees the management account', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  rejects(() => org.call('DeleteOrganization', {}, member), 'AccessDeniedException');
  rejects(() => org.call('DeleteOrganization'), 'OrganizationNotEmptyException');
  org.call('RemoveAccountFromOrganization', { AccountId: member });
  org.call('DeleteOrganization');
  rejects(() => org.call('DescribeOrganization'), 'AWSOrganizationsNotInUseException');
  // The former management account can create a new organization, with new IDs.
  const again = org.call('CreateOrganization').Organization;
  assert.equal(again.MasterAccountId, MANAGEMENT);
  inviteAccount(org, member);
  assert.equal(org.call('ListAccounts').Accounts.length, 2);
});
