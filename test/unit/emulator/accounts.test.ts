import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createAccount, createOu, DAY_MS, inviteAccount, MANAGEMENT, organization, OUTSIDER, rejects } from './engineSupport';

test('CreateAccount is IN_PROGRESS, then SUCCEEDED by the clock, with a car- ID and a new 12-digit account', () => {
  const org = organization({ timings: { accountCreationMs: 5000 } });
  const status = org.call('CreateAccount', { AccountName: 'Payments', Email: 'payments@example.com', Tags: [{ Key: 'team', Value: 'pay' }] }).CreateAccountStatus;
  assert.match(status.Id, /^car-[a-z0-9]{8,32}$/);
  assert.equal(status.State, 'IN_PROGRESS');
  assert.equal(status.AccountName, 'Payments');
  assert.equal(status.AccountId, undefined);
  assert.ok(status.RequestedTimestamp instanceof Date);
  assert.equal(org.call('ListAccounts').Accounts.length, 1, 'the account does not exist yet');
  org.advance(4999);
  assert.equal(org.call('DescribeCreateAccountStatus', { CreateAccountRequestId: status.Id }).CreateAccountStatus.State, 'IN_PROGRESS');
  org.advance(1);
  const done = org.call('DescribeCreateAccountStatus', { CreateAccountRequestId: status.Id }).CreateAccountStatus;
  assert.equal(done.State, 'SUCCEEDED');
  assert.match(done.AccountId, /^\d{12}$/);
  assert.equal(done.CompletedTimestamp.getTime(), status.RequestedTimestamp.getTime() + 5000);
  const account = org.call('DescribeAccount', { AccountId: done.AccountId }).Account;
  assert.equal(account.Name, 'Payments');
  assert.equal(account.Email, 'payments@example.com');
  assert.equal(account.JoinedMethod, 'CREATED');
  assert.equal(account.State, 'ACTIVE');
  assert.equal(account.Status, 'ACTIVE');
  assert.deepEqual(org.call('ListParents', { ChildId: done.AccountId }).Parents, [{ Id: org.rootId, Type: 'ROOT' }]);
  assert.deepEqual(org.call('ListTagsForResource', { ResourceId: done.AccountId }).Tags, [{ Key: 'team', Value: 'pay' }]);
  assert.deepEqual(org.call('ListPoliciesForTarget', { TargetId: done.AccountId, Filter: 'SERVICE_CONTROL_POLICY' }).Policies.map((p: { Id: string }) => p.Id), ['p-FullAWSAccess']);
});

test('CreateAccount fails asynchronously with EMAIL_ALREADY_EXISTS for a taken email', () => {
  const org = organization();
  createAccount(org, 'First', 'taken@example.com');
  const status = org.call('CreateAccount', { AccountName: 'Second', Email: 'TAKEN@example.com' }).CreateAccountStatus;
  assert.equal(status.State, 'IN_PROGRESS');
  org.advance(60_000);
  const failed = org.call('DescribeCreateAccountStatus', { CreateAccountRequestId: status.Id }).CreateAccountStatus;
  assert.equal(failed.State, 'FAILED');
  assert.equal(failed.FailureReason, 'EMAIL_ALREADY_EXISTS');
  assert.equal(org.call('ListAccounts').Accounts.length, 2);
});

test('CreateAccount limits: five in progress, the account quota, input validation', () => {
  const org = organization({ quotas: { accountsPerOrganization: 7 } });
  for (let index = 0; index < 5; index++) org.call('CreateAccount', { AccountName: `A${index}`, Email: `a${index}@example.com` });
  const sixth = rejects(() => org.call('CreateAccount', { AccountName: 'A5', Email: 'a5@example.com' }), 'ConstraintViolationException', 'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED');
  assert.equal(sixth.message, 'You attempted to exceed the number of accounts that can be in progress at a time.');
  org.advance(60_000);
  org.call('CreateAccount', { AccountName: 'A5', Email: 'a5@example.com' });
  rejects(() => org.call('CreateAccount', { AccountName: 'A6', Email: 'a6@example.com' }), 'ConstraintViolationException', 'ACCOUNT_NUMBER_LIMIT_EXCEEDED');
  rejects(() => org.call('CreateAccount', { AccountName: 'Bad', Email: 'not-an-email' }), 'InvalidInputException', 'INVALID_PATTERN');
  rejects(() => org.call('CreateAccount', { AccountName: 'x'.repeat(51), Email: 'long@example.com' }), 'InvalidInputException', 'MAX_LENGTH_EXCEEDED');
  rejects(() => org.call('CreateAccount', { Email: 'noname@example.com' }), 'InvalidInputException', 'INPUT_REQUIRED');
  rejects(() => org.call('CreateAccount', { AccountName: 'Role', Email: 'role@example.com', RoleName: 'bad role!' }), 'InvalidInputException', 'INVALID_ROLE_NAME');
  rejects(() => org.call('CreateAccount', { AccountName: 'Billing', Email: 'b@example.com', IamUserAccessToBilling: 'MAYBE' }), 'InvalidInputException', 'INVALID_ENUM');
  rejects(() => org.call('CreateAccount', { AccountName: 'Tags', Email: 't@example.com', Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }), 'InvalidInputException', 'DUPLICATE_TAG_KEY');
});

test('CreateAccount and CreateGovCloudAccount are for the management account; GovCloud answers as AWS does offline', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  rejects(() => org.call('CreateAccount', { AccountName: 'X', Email: 'x@example.com' }, member), 'AccessDeniedException');
  rejects(() => org.call('CreateAccount', { AccountName: 'X', Email: 'x@example.com' }, OUTSIDER), 'AWSOrganizationsNotInUseException');
  rejects(() => org.call('CreateGovCloudAccount', { AccountName: 'Gov', Email: 'gov@example.com' }), 'ConstraintViolationException', 'MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED');
  rejects(() => org.call('CreateGovCloudAccount', { AccountName: 'Gov' }), 'InvalidInputException', 'INPUT_REQUIRED');
});

test('DescribeCreateAccountStatus and ListCreateAccountStatus', () => {
  const org = organization();
  createAccount(org, 'Done');
  org.call('CreateAccount', { AccountName: 'Pending', Email: 'pending@example.com' });
  const all = org.call('ListCreateAccountStatus').CreateAccountStatuses;
  assert.deepEqual(all.map((s: { State: string }) => s.State), ['SUCCEEDED', 'IN_PROGRESS']);
  assert.deepEqual(org.call('ListCreateAccountStatus', { States: ['IN_PROGRESS'] }).CreateAccountStatuses.map((s: { AccountName: string }) => s.AccountName), ['Pending']);
  rejects(() => org.call('ListCreateAccountStatus', { States: ['DONE'] }), 'InvalidInputException', 'INVALID_ENUM');
  rejects(() => org.call('DescribeCreateAccountStatus', { CreateAccountRequestId: 'car-00000000' }), 'CreateAccountStatusNotFoundException');
  rejects(() => org.call('DescribeCreateAccountStatus', { CreateAccountRequestId: 'nope' }), 'InvalidInputException', 'INVALID_PATTERN');
});

test('DescribeAccount, ListAccounts and ListAccountsForParent', () => {
  const org = organization();
  const ou = createOu(org, 'Team');
  const account = createAccount(org, 'Team Account');
  org.call('MoveAccount', { AccountId: account, SourceParentId: org.rootId, DestinationParentId: ou });
  const organizationId = org.call('DescribeOrganization').Organization.Id;
  const described = org.call('DescribeAccount', { AccountId: account }).Account;
  assert.equal(described.Arn, `arn:aws:organizations::${MANAGEMENT}:account/${organizationId}/${account}`);
  assert.deepEqual(described.Paths, [`${organizationId}/${org.rootId}/${ou}/${account}/`]);
  rejects(() => org.call('DescribeAccount', { AccountId: '000000000000' }), 'AccountNotFoundException');
  rejects(() => org.call('DescribeAccount', { AccountId: '12345' }), 'InvalidInputException', 'INVALID_PATTERN');
  assert.deepEqual(org.call('ListAccounts').Accounts.map((a: { Id: string }) => a.Id), [MANAGEMENT, account]);
  assert.deepEqual(org.call('ListAccountsForParent', { ParentId: ou }).Accounts.map((a: { Id: string }) => a.Id), [account]);
  assert.deepEqual(org.call('ListAccountsForParent', { ParentId: org.rootId }).Accounts.map((a: { Id: string }) => a.Id), [MANAGEMENT]);
  rejects(() => org.call('ListAccountsForParent', { ParentId: 'ou-zzzz-zzzzzzzz' }), 'ParentNotFoundException');
});

test('MoveAccount checks the account, the source and the destination', () => {
  const org = organization();
  const a = createOu(org, 'A');
  const b = createOu(org, 'B');
  const account = createAccount(org, 'Mover');
  rejects(() => org.call('MoveAccount', { AccountId: account, SourceParentId: a, DestinationParentId: b }), 'SourceParentNotFoundException');
  rejects(() => org.call('MoveAccount', { AccountId: account, SourceParentId: 'ou-zzzz-zzzzzzzz', DestinationParentId: b }), 'SourceParentNotFoundException');
  rejects(() => org.call('MoveAccount', { AccountId: account, SourceParentId: org.rootId, DestinationParentId: 'ou-zzzz-zzzzzzzz' }), 'DestinationParentNotFoundException');
  rejects(() => org.call('MoveAccount', { AccountId: '000000000000', SourceParentId: org.rootId, DestinationParentId: b }), 'AccountNotFoundException');
  rejects(() => org.call('MoveAccount', { AccountId: account, SourceParentId: org.rootId, DestinationParentId: org.rootId }), 'DuplicateAccountException');
  rejects(() => org.call('MoveAccount', { AccountId: account, SourceParentId: org.rootId, DestinationParentId: b }, account), 'AccessDeniedException');
  org.call('MoveAccount', { AccountId: account, SourceParentId: org.rootId, DestinationParentId: b });
  assert.deepEqual(org.call('ListParents', { ChildId: account }).Parents, [{ Id: b, Type: 'ORGANIZATIONAL_UNIT' }]);
});

test('RemoveAccountFromOrganization and LeaveOrganization make the account standalone again', () => {
  const org = organization();
  const removed = createAccount(org, 'Removed');
  const leaver = createAccount(org, 'Leaver');
  rejects(() => org.call('RemoveAccountFromOrganization', { AccountId: MANAGEMENT }), 'MasterCannotLeaveOrganizationException');
  rejects(() => org.call('LeaveOrganization'), 'MasterCannotLeaveOrganizationException');
  rejects(() => org.call('RemoveAccountFromOrganization', { AccountId: '000000000000' }), 'AccountNotFoundException');
  org.call('RemoveAccountFromOrganization', { AccountId: removed });
  org.call('LeaveOrganization', {}, leaver);
  assert.deepEqual(org.call('ListAccounts').Accounts.map((a: { Id: string }) => a.Id), [MANAGEMENT]);
  rejects(() => org.call('DescribeOrganization', {}, leaver), 'AWSOrganizationsNotInUseException');
  rejects(() => org.call('LeaveOrganization', {}, leaver), 'AWSOrganizationsNotInUseException');
  // The former member can be invited back; it joins as INVITED.
  inviteAccount(org, removed);
  assert.equal(org.call('DescribeAccount', { AccountId: removed }).Account.JoinedMethod, 'INVITED');
});

test('CloseAccount: PENDING_CLOSURE, SUSPENDED by the clock, CLOSED after 90 days', () => {
  const org = organization({ timings: { accountClosureMs: 10_000 } });
  const account = createAccount(org, 'Closing');
  rejects(() => org.call('CloseAccount', { AccountId: MANAGEMENT }), 'ConstraintViolationException', 'CANNOT_CLOSE_MANAGEMENT_ACCOUNT');
  rejects(() => org.call('CloseAccount', { AccountId: '000000000000' }), 'AccountNotFoundException');
  rejects(() => org.call('CloseAccount', { AccountId: account }, account), 'AccessDeniedException');
  org.call('CloseAccount', { AccountId: account });
  let described = org.call('DescribeAccount', { AccountId: account }).Account;
  assert.equal(described.State, 'PENDING_CLOSURE');
  assert.equal(described.Status, 'PENDING_CLOSURE');
  rejects(() => org.call('CloseAccount', { AccountId: account }), 'AccountAlreadyClosedException');
  org.advance(10_000);
  // An export is the state as of now, as a call sees it, even when no call came since the closure fell due.
  assert.equal((org.engine.exportState().collections.accounts[account] as { State: string }).State, 'SUSPENDED');
  described = org.call('DescribeAccount', { AccountId: account }).Account;
  assert.equal(described.State, 'SUSPENDED');
  assert.equal(described.Status, 'SUSPENDED');
  rejects(() => org.call('CloseAccount', { AccountId: account }), 'AccountAlreadyClosedException');
  org.advance(90 * DAY_MS);
  assert.equal(org.call('DescribeAccount', { AccountId: account }).Account.State, 'CLOSED');
});

test('a permanently closed account no longer counts toward the account quota', () => {
  const org = organization({ quotas: { accountsPerOrganization: 3 } });
  createAccount(org, 'Kept');
  const closing = createAccount(org, 'Closing');
  rejects(() => org.call('CreateAccount', { AccountName: 'Extra', Email: 'extra@example.com' }), 'ConstraintViolationException', 'ACCOUNT_NUMBER_LIMIT_EXCEEDED');
  org.call('CloseAccount', { AccountId: closing });
  org.advance(60_000);
  rejects(() => org.call('CreateAccount', { AccountName: 'Extra', Email: 'extra@example.com' }), 'ConstraintViolationException', 'ACCOUNT_NUMBER_LIMIT_EXCEEDED');
  org.advance(90 * DAY_MS);
  assert.equal(org.call('DescribeAccount', { AccountId: closing }).Account.State, 'CLOSED');
  assert.equal(org.call('CreateAccount', { AccountName: 'Extra', Email: 'extra@example.com' }).CreateAccountStatus.State, 'IN_PROGRESS');
});
