import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { generateOrganization } from '../../../server/src/emulator/seeds';
import { createOu, MANAGEMENT, organization, rejects, type TestOrganization } from './engineSupport';

/** Every page of a List operation. */
function all<T>(org: TestOrganization, operation: string, key: string, input: Record<string, unknown> = {}): T[] {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const output = org.call(operation, { ...input, ...(token ? { NextToken: token } : {}) });
    items.push(...(output[key] as T[]));
    token = output.NextToken;
  } while (token);
  return items;
}

test('the sample organization has the OUs, accounts, policies and services issue 3 lists', () => {
  const org = organization({ create: false });
  org.engine.reset('sample');
  const rootId = org.call('ListRoots').Roots[0].Id;
  const top = all<{ Name: string; Id: string }>(org, 'ListOrganizationalUnitsForParent', 'OrganizationalUnits', { ParentId: rootId });
  assert.deepEqual(top.map((ou) => ou.Name), ['Security', 'Infrastructure', 'Workloads', 'Sandbox', 'Suspended']);
  const workloads = top.find((ou) => ou.Name === 'Workloads')!.Id;
  assert.deepEqual(all<{ Name: string }>(org, 'ListOrganizationalUnitsForParent', 'OrganizationalUnits', { ParentId: workloads }).map((ou) => ou.Name), ['Prod', 'Dev']);
  const accounts = all<{ Name: string; Email: string; State: string; JoinedMethod: string }>(org, 'ListAccounts', 'Accounts');
  assert.ok(accounts.length >= 24 && accounts.length <= 60, `${accounts.length} accounts`);
  assert.equal(new Set(accounts.map((account) => account.Email)).size, accounts.length);
  assert.ok(accounts.some((account) => account.JoinedMethod === 'INVITED'));
  const suspended = top.find((ou) => ou.Name === 'Suspended')!.Id;
  const closed = all<{ State: string }>(org, 'ListAccountsForParent', 'Accounts', { ParentId: suspended });
  assert.deepEqual(closed.map((account) => account.State), ['SUSPENDED']);
  const scps = all<{ Name: string }>(org, 'ListPolicies', 'Policies', { Filter: 'SERVICE_CONTROL_POLICY' }).map((policy) => policy.Name);
  assert.ok(scps.includes('FullAWSAccess') && scps.includes('DenyLeaveOrganization') && scps.length >= 4);
  assert.equal(all(org, 'ListPolicies', 'Policies', { Filter: 'TAG_POLICY' }).length, 1);
  assert.equal(all(org, 'ListPolicies', 'Policies', { Filter: 'BACKUP_POLICY' }).length, 1);
  assert.equal(all(org, 'ListAWSServiceAccessForOrganization', 'EnabledServicePrincipals').length, 2);
  const invitations = all<{ State: string; Action: string }>(org, 'ListHandshakesForOrganization', 'Handshakes').filter((h) => h.Action === 'INVITE' && h.State === 'OPEN');
  assert.equal(invitations.length, 1);
  assert.equal(org.call('DescribeOrganization').Organization.MasterAccountEmail, 'aws-management@example.com');
  // The account quota was raised for the sample: creating one more account works.
  org.call('CreateAccount', { AccountName: 'One more', Email: 'one-more@example.com' });
});

test('the sample keeps the invariants: at least one SCP everywhere, depth, effective tag policy', () => {
  const org = organization({ create: false });
  org.engine.reset('sample');
  const accounts = all<{ Id: string }>(org, 'ListAccounts', 'Accounts');
  for (const account of accounts) {
    assert.ok(org.call('ListPoliciesForTarget', { TargetId: account.Id, Filter: 'SERVICE_CONTROL_POLICY' }).Policies.length >= 1);
  }
  const effective = org.call('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY', TargetId: accounts[1].Id }).EffectivePolicy;
  assert.equal(JSON.parse(effective.PolicyContent).tags.costcenter.tag_key, 'CostCenter');
  // The sample's DenyLeaveOrganization guardrail holds.
  rejects(() => org.call('LeaveOrganization', {}, accounts[1].Id), 'AccessDeniedException');
});

test('generateOrganization builds a large organization that the engine serves with the same invariants', () => {
  const state = generateOrganization({ accounts: 2000, ous: 60, policies: 30, depth: 5, managementAccountId: MANAGEMENT, accountQuota: 2001 });
  const engine = new OrganizationsEngine();
  engine.importState(state);
  const call: TestOrganization['call'] = (operation, input = {}, caller = MANAGEMENT) => engine.call(operation, input, caller) as never;
  const org: TestOrganization = { engine, call, advance: () => {}, now: () => new Date(), rootId: call('ListRoots').Roots[0].Id };
  const accounts = all<{ Id: string }>(org, 'ListAccounts', 'Accounts');
  assert.equal(accounts.length, 2000);
  assert.equal(new Set(accounts.map((account) => account.Id)).size, 2000);
  for (const account of accounts.slice(0, 50)) {
    assert.match(account.Id, /^\d{12}$/);
    assert.deepEqual(org.call('ListPoliciesForTarget', { TargetId: account.Id, Filter: 'SERVICE_CONTROL_POLICY' }).Policies.map((p: { Id: string }) => p.Id), ['p-FullAWSAccess']);
  }
  // Depth 5 is reached and not exceeded: a sixth level is refused.
  const depths = accounts.map((account) => org.call('DescribeAccount', { AccountId: account.Id }).Account.Paths[0].split('/').length - 4);
  assert.equal(Math.max(...depths), 5);
  const deepest = accounts[depths.indexOf(5)];
  const parent = org.call('ListParents', { ChildId: deepest.Id }).Parents[0].Id;
  rejects(() => createOu(org, 'Sixth', parent), 'ConstraintViolationException', 'OU_DEPTH_LIMIT_EXCEEDED');
  assert.equal(all(org, 'ListPolicies', 'Policies', { Filter: 'SERVICE_CONTROL_POLICY' }).length, 31);
  // New IDs continue the generator's sequences without colliding; the raised quota holds.
  assert.match(org.call('CreateAccount', { AccountName: 'New', Email: 'new@example.com' }).CreateAccountStatus.Id, /^car-/);
  rejects(() => org.call('CreateAccount', { AccountName: 'Newer', Email: 'newer@example.com' }), 'ConstraintViolationException', 'ACCOUNT_NUMBER_LIMIT_EXCEEDED');
  const rootId = org.rootId;
  const newOu = createOu(org, 'New OU');
  const children = all<{ Id: string }>(org, 'ListOrganizationalUnitsForParent', 'OrganizationalUnits', { ParentId: rootId });
  assert.equal(children.filter((ou) => ou.Id === newOu).length, 1);
  rejects(() => createOu(org, 'OU 1', rootId), 'DuplicateOrganizationalUnitException');
});
