import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { createAccount, createOu, inviteAccount, MANAGEMENT, organization, rejects, type TestOrganization } from './engineSupport';

test('CreateOrganizationalUnit makes an OU with AWS ID, ARN and path, FullAWSAccess and tags', () => {
  const org = organization();
  const created = org.call('CreateOrganizationalUnit', { ParentId: org.rootId, Name: 'Security', Tags: [{ Key: 'team', Value: 'sec' }] }).OrganizationalUnit;
  const organizationId = org.call('DescribeOrganization').Organization.Id;
  assert.match(created.Id, new RegExp(`^ou-${org.rootId.slice(2)}-[a-z0-9]{8,32}$`));
  assert.equal(created.Arn, `arn:aws:organizations::${MANAGEMENT}:ou/${organizationId}/${created.Id}`);
  assert.equal(created.Path, `${organizationId}/${org.rootId}/${created.Id}/`);
  assert.deepEqual(org.call('ListTagsForResource', { ResourceId: created.Id }).Tags, [{ Key: 'team', Value: 'sec' }]);
  assert.deepEqual(org.call('ListPoliciesForTarget', { TargetId: created.Id, Filter: 'SERVICE_CONTROL_POLICY' }).Policies.map((p: { Id: string }) => p.Id), ['p-FullAWSAccess']);
  assert.deepEqual(org.call('DescribeOrganizationalUnit', { OrganizationalUnitId: created.Id }).OrganizationalUnit, created);
});

test('OU rules: parent must exist, names unique per parent, depth at most five, the OU quota', () => {
  const org = organization({ quotas: { organizationalUnitsPerOrganization: 7 } });
  rejects(() => createOu(org, 'X', 'ou-zzzz-zzzzzzzz'), 'ParentNotFoundException');
  rejects(() => createOu(org, 'X', 'not-an-id'), 'InvalidInputException', 'INVALID_PATTERN');
  rejects(() => createOu(org, ''), 'InvalidInputException', 'MIN_LENGTH_EXCEEDED');
  rejects(() => createOu(org, 'x'.repeat(129)), 'InvalidInputException', 'MAX_LENGTH_EXCEEDED');
  rejects(() => org.call('CreateOrganizationalUnit', { Name: 'NoParent' }), 'InvalidInputException', 'INPUT_REQUIRED');
  let parent = org.rootId;
  for (let level = 1; level <= 5; level++) parent = createOu(org, `Level ${level}`, parent);
  rejects(() => createOu(org, 'Level 6', parent), 'ConstraintViolationException', 'OU_DEPTH_LIMIT_EXCEEDED');
  createOu(org, 'Level 2');
  rejects(() => createOu(org, 'Level 1'), 'DuplicateOrganizationalUnitException');
  createOu(org, 'Sibling');
  rejects(() => createOu(org, 'Too many'), 'ConstraintViolationException', 'OU_NUMBER_LIMIT_EXCEEDED');
});

test('UpdateOrganizationalUnit renames, refusing a duplicate name and an unknown OU', () => {
  const org = organization();
  const a = createOu(org, 'A');
  createOu(org, 'B');
  assert.equal(org.call('UpdateOrganizationalUnit', { OrganizationalUnitId: a, Name: 'Renamed' }).OrganizationalUnit.Name, 'Renamed');
  rejects(() => org.call('UpdateOrganizationalUnit', { OrganizationalUnitId: a, Name: 'B' }), 'DuplicateOrganizationalUnitException');
  rejects(() => org.call('UpdateOrganizationalUnit', { OrganizationalUnitId: 'ou-abcd-12345678', Name: 'C' }), 'OrganizationalUnitNotFoundException');
  rejects(() => org.call('DescribeOrganizationalUnit', { OrganizationalUnitId: 'ou-abcd-12345678' }), 'OrganizationalUnitNotFoundException');
});

test('DeleteOrganizationalUnit refuses an OU with accounts or child OUs', () => {
  const org = organization();
  const parent = createOu(org, 'Parent');
  const child = createOu(org, 'Child', parent);
  rejects(() => org.call('DeleteOrganizationalUnit', { OrganizationalUnitId: parent }), 'OrganizationalUnitNotEmptyException');
  const account = createAccount(org, 'Inside');
  org.call('MoveAccount', { AccountId: account, SourceParentId: org.rootId, DestinationParentId: child });
  rejects(() => org.call('DeleteOrganizationalUnit', { OrganizationalUnitId: child }), 'OrganizationalUnitNotEmptyException');
  org.call('MoveAccount', { AccountId: account, SourceParentId: child, DestinationParentId: org.rootId });
  org.call('DeleteOrganizationalUnit', { OrganizationalUnitId: child });
  org.call('DeleteOrganizationalUnit', { OrganizationalUnitId: parent });
  rejects(() => org.call('DeleteOrganizationalUnit', { OrganizationalUnitId: parent }), 'OrganizationalUnitNotFoundException');
  assert.deepEqual(org.call('ListOrganizationalUnitsForParent', { ParentId: org.rootId }).OrganizationalUnits, []);
});

test('ListChildren, ListParents, ListOrganizationalUnitsForParent and ListRoots walk the tree', () => {
  const org = organization();
  const ou = createOu(org, 'Workloads');
  const nested = createOu(org, 'Prod', ou);
  const account = createAccount(org, 'App');
  org.call('MoveAccount', { AccountId: account, SourceParentId: org.rootId, DestinationParentId: nested });
  assert.deepEqual(org.call('ListChildren', { ParentId: org.rootId, ChildType: 'ORGANIZATIONAL_UNIT' }).Children, [{ Id: ou, Type: 'ORGANIZATIONAL_UNIT' }]);
  assert.deepEqual(org.call('ListChildren', { ParentId: nested, ChildType: 'ACCOUNT' }).Children, [{ Id: account, Type: 'ACCOUNT' }]);
  assert.deepEqual(org.call('ListChildren', { ParentId: org.rootId, ChildType: 'ACCOUNT' }).Children, [{ Id: MANAGEMENT, Type: 'ACCOUNT' }]);
  rejects(() => org.call('ListChildren', { ParentId: org.rootId, ChildType: 'POLICY' }), 'InvalidInputException', 'INVALID_ENUM');
  rejects(() => org.call('ListChildren', { ParentId: 'r-zzzz', ChildType: 'ACCOUNT' }), 'ParentNotFoundException');
  assert.deepEqual(org.call('ListParents', { ChildId: account }).Parents, [{ Id: nested, Type: 'ORGANIZATIONAL_UNIT' }]);
  assert.deepEqual(org.call('ListParents', { ChildId: ou }).Parents, [{ Id: org.rootId, Type: 'ROOT' }]);
  rejects(() => org.call('ListParents', { ChildId: '123456789012' }), 'ChildNotFoundException');
  assert.deepEqual(org.call('ListOrganizationalUnitsForParent', { ParentId: ou }).OrganizationalUnits.map((o: { Name: string }) => o.Name), ['Prod']);
  rejects(() => org.call('ListOrganizationalUnitsForParent', { ParentId: 'ou-zzzz-zzzzzzzz' }), 'ParentNotFoundException');
  assert.equal(org.call('ListRoots').Roots.length, 1);
  const described = org.call('DescribeAccount', { AccountId: account }).Account;
  assert.equal(described.Paths[0].split('/').slice(1, -1).join('/'), [org.rootId, ou, nested, account].join('/'));
});

test('paging follows NextToken with MaxResults in 1..20 and refuses a foreign token', () => {
  const org = organization();
  for (let index = 0; index < 25; index++) createOu(org, `OU ${index}`);
  const first = org.call('ListOrganizationalUnitsForParent', { ParentId: org.rootId });
  assert.equal(first.OrganizationalUnits.length, 20);
  const second = org.call('ListOrganizationalUnitsForParent', { ParentId: org.rootId, NextToken: first.NextToken });
  assert.equal(second.OrganizationalUnits.length, 5);
  assert.equal(second.NextToken, undefined);
  const names = [...first.OrganizationalUnits, ...second.OrganizationalUnits].map((ou: { Name: string }) => ou.Name);
  assert.equal(new Set(names).size, 25);
  const small = org.call('ListOrganizationalUnitsForParent', { ParentId: org.rootId, MaxResults: 3 });
  assert.equal(small.OrganizationalUnits.length, 3);
  rejects(() => org.call('ListOrganizationalUnitsForParent', { ParentId: org.rootId, MaxResults: 0 }), 'InvalidInputException', 'MIN_VALUE_EXCEEDED');
  rejects(() => org.call('ListOrganizationalUnitsForParent', { ParentId: org.rootId, MaxResults: 21 }), 'InvalidInputException', 'MAX_VALUE_EXCEEDED');
  rejects(() => org.call('ListOrganizationalUnitsForParent', { ParentId: org.rootId, NextToken: 'garbage' }), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
  rejects(() => org.call('ListAccounts', { NextToken: first.NextToken }), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
  const other = createOu(org, 'Other');
  rejects(() => org.call('ListOrganizationalUnitsForParent', { ParentId: other, NextToken: first.NextToken }), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
});

test('account lists stay the same whether derived incrementally or from scratch', () => {
  const org = organization({ quotas: { accountsPerOrganization: 100 } });
  const ous = [org.rootId, createOu(org, 'A'), createOu(org, 'B')];
  const accounts: string[] = [];
  const lists = (engine: TestOrganization['engine']) => ous.map((parentId) => {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = engine.call('ListAccountsForParent', { ParentId: parentId, ...(token ? { NextToken: token } : {}) }, MANAGEMENT) as { Accounts: { Id: string; State: string }[]; NextToken?: string };
      ids.push(...page.Accounts.map((account) => `${account.Id}:${account.State}`));
      token = page.NextToken;
    } while (token);
    return ids;
  });
  for (let step = 0; step < 60; step++) {
    const kind = step % 6;
    if (kind < 2 || accounts.length < 3) accounts.push(createAccount(org, `Account ${step}`));
    else if (kind === 2) {
      const account = accounts[(step * 7) % accounts.length];
      const source = org.call('ListParents', { ChildId: account }).Parents[0].Id;
      const destination = ous[(ous.indexOf(source) + 1) % ous.length];
      org.call('MoveAccount', { AccountId: account, SourceParentId: source, DestinationParentId: destination });
    } else if (kind === 3) {
      const account = accounts.splice((step * 3) % accounts.length, 1)[0];
      org.call('RemoveAccountFromOrganization', { AccountId: account });
      if (step % 4 === 3) accounts.push(inviteAccountBack(org, account));
    } else if (kind === 4) {
      const active = accounts.filter((id) => org.call('DescribeAccount', { AccountId: id }).Account.State === 'ACTIVE');
      if (active.length) org.call('CloseAccount', { AccountId: active[step % active.length] });
    } else {
      org.call('TagResource', { ResourceId: accounts[step % accounts.length], Tags: [{ Key: 'step', Value: String(step) }] });
    }
    lists(org.engine);
    const fresh = new OrganizationsEngine({ clock: () => org.now() });
    fresh.importState(org.engine.exportState());
    assert.deepEqual(lists(org.engine), lists(fresh), `after step ${step}`);
  }
});

function inviteAccountBack(org: TestOrganization, accountId: string): string {
  inviteAccount(org, accountId);
  return accountId;
}
