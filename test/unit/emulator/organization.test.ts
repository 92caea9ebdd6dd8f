import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { FileStore } from '../../../server/src/emulator/fileStore';
import { SINGLE } from '../../../server/src/emulator/state';
import { createAccount, inviteAccount, MANAGEMENT, organization, OUTSIDER, rejects } from './engineSupport';

test('CreateOrganization makes the caller the management account, and leaves the root without policy types as AWS does', () => {
  const org = organization({ create: false });
  const created = org.call('CreateOrganization').Organization;
  assert.match(created.Id, /^o-[a-z0-9]{10,32}$/);
  assert.equal(created.Arn, `arn:aws:organizations::${MANAGEMENT}:organization/${created.Id}`);
  assert.equal(created.FeatureSet, 'ALL');
  assert.equal(created.MasterAccountId, MANAGEMENT);
  assert.equal(created.MasterAccountArn, `arn:aws:organizations::${MANAGEMENT}:account/${created.Id}/${MANAGEMENT}`);
  assert.deepEqual(created.AvailablePolicyTypes, []);
  const root = org.call('ListRoots').Roots[0];
  assert.match(root.Id, /^r-[0-9a-z]{4,32}$/);
  assert.equal(root.Name, 'Root');
  assert.deepEqual(root.PolicyTypes, []);
  const management = org.call('DescribeAccount', { AccountId: MANAGEMENT }).Account;
  assert.equal(management.JoinedMethod, 'CREATED');
  assert.equal(management.State, 'ACTIVE');
  assert.deepEqual(management.Paths, [`${created.Id}/${root.Id}/${MANAGEMENT}/`]);

  // Enabling SCPs, as the Terraform provider's acceptance test does next, works the first time.
  const enabled = org.call('EnablePolicyType', { RootId: root.Id, PolicyType: 'SERVICE_CONTROL_POLICY' }).Root;
  assert.deepEqual(enabled.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
  for (const target of [root.Id, MANAGEMENT]) {
    assert.deepEqual(org.call('ListPoliciesForTarget', { TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' }).Policies.map((p: { Name: string }) => p.Name), ['FullAWSAccess']);
  }
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

test('a state file written by an earlier version, whose CreateOrganization enabled SCPs, keeps its policy types', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'earlier-state-'));
  try {
    // The records the earlier engine committed for CreateOrganization: SCPs enabled, FullAWSAccess on the root and the management account.
    const file = path.join(folder, 'organization.state');
    const store = FileStore.open(file);
    store.commit([
      { collection: 'organization', id: SINGLE, value: { Id: 'o-abcdefghij', FeatureSet: 'ALL', MasterAccountId: MANAGEMENT, CreatedTimestamp: '2026-01-01T00:00:00.000Z' } },
      { collection: 'roots', id: 'r-abcd', value: { Id: 'r-abcd', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] } },
      { collection: 'accounts', id: MANAGEMENT, value: { Id: MANAGEMENT, Name: 'Management', Email: 'management@example.com', State: 'ACTIVE', ParentId: 'r-abcd', JoinedMethod: 'CREATED', JoinedTimestamp: '2026-01-01T00:00:00.000Z' } },
      { collection: 'attachments', id: 'r-abcd', value: ['p-FullAWSAccess'] },
      { collection: 'attachments', id: MANAGEMENT, value: ['p-FullAWSAccess'] },
    ]);
    store.close();

    const reopened = FileStore.open(file);
    try {
      const engine = new OrganizationsEngine({ store: reopened });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read the SDK output shapes freely.
      const call = (operation: string, input: Record<string, unknown>) => engine.call(operation, input, MANAGEMENT) as any;
      assert.deepEqual(call('ListRoots', {}).Roots[0].PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
      const attached = call('ListPoliciesForTarget', { TargetId: MANAGEMENT, Filter: 'SERVICE_CONTROL_POLICY' });
      assert.deepEqual(attached.Policies.map((policy: { Id: string }) => policy.Id), ['p-FullAWSAccess']);
      rejects(() => call('EnablePolicyType', { RootId: 'r-abcd', PolicyType: 'SERVICE_CONTROL_POLICY' }), 'PolicyTypeAlreadyEnabledException');
    } finally {
      reopened.close();
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
