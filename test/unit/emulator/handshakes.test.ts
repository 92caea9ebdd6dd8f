import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createAccount, DAY_MS, inviteAccount, MANAGEMENT, organization, OUTSIDER, rejects } from './engineSupport';

test('InviteAccountToOrganization by account ID sends an OPEN INVITE handshake as AWS shows it', () => {
  const org = organization();
  const organizationId = org.call('DescribeOrganization').Organization.Id;
  const handshake = org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: OUTSIDER }, Notes: 'Welcome', Tags: [{ Key: 'team', Value: 'x' }] }).Handshake;
  assert.match(handshake.Id, /^h-[0-9a-z]{8,32}$/);
  assert.equal(handshake.Arn, `arn:aws:organizations::${MANAGEMENT}:handshake/${organizationId}/invite/${handshake.Id}`);
  assert.equal(handshake.State, 'OPEN');
  assert.equal(handshake.Action, 'INVITE');
  assert.deepEqual(handshake.Parties, [{ Id: organizationId, Type: 'ORGANIZATION' }, { Id: OUTSIDER, Type: 'ACCOUNT' }]);
  assert.equal(handshake.ExpirationTimestamp.getTime() - handshake.RequestedTimestamp.getTime(), 15 * DAY_MS);
  assert.deepEqual(handshake.Resources.map((r: { Type: string }) => r.Type), ['ORGANIZATION', 'ACCOUNT', 'NOTES']);
  assert.deepEqual(handshake.Resources[0].Resources.map((r: { Type: string }) => r.Type), ['MASTER_EMAIL', 'MASTER_NAME', 'ORGANIZATION_FEATURE_SET']);
  // The invited account sees it before it joins, and accepts it with its own ID.
  assert.deepEqual(org.call('ListHandshakesForAccount', {}, OUTSIDER).Handshakes.map((h: { Id: string }) => h.Id), [handshake.Id]);
  assert.equal(org.call('DescribeHandshake', { HandshakeId: handshake.Id }, OUTSIDER).Handshake.State, 'OPEN');
  const accepted = org.call('AcceptHandshake', { HandshakeId: handshake.Id }, OUTSIDER).Handshake;
  assert.equal(accepted.State, 'ACCEPTED');
  const account = org.call('DescribeAccount', { AccountId: OUTSIDER }).Account;
  assert.equal(account.JoinedMethod, 'INVITED');
  assert.deepEqual(org.call('ListTagsForResource', { ResourceId: OUTSIDER }).Tags, [{ Key: 'team', Value: 'x' }]);
  assert.equal(org.call('DescribeOrganization', {}, OUTSIDER).Organization.Id, organizationId);
});

test('an invitation by email reaches the standalone account with that email, or a new one', () => {
  const org = organization();
  const member = createAccount(org, 'Leaving', 'leaving@example.com');
  org.call('RemoveAccountFromOrganization', { AccountId: member });
  const known = org.call('InviteAccountToOrganization', { Target: { Type: 'EMAIL', Id: 'leaving@example.com' } }).Handshake;
  assert.deepEqual(org.call('ListHandshakesForAccount', {}, member).Handshakes.map((h: { Id: string }) => h.Id), [known.Id]);
  const fresh = org.call('InviteAccountToOrganization', { Target: { Type: 'EMAIL', Id: 'newcomer@example.com' } }).Handshake;
  assert.deepEqual(fresh.Parties[1], { Id: 'newcomer@example.com', Type: 'EMAIL' });
  const newcomer = org.engine.standaloneAccounts().find((account) => account.Email === 'newcomer@example.com');
  assert.match(newcomer?.Id ?? '', /^\d{12}$/);
  assert.deepEqual(org.call('ListHandshakesForAccount', {}, newcomer!.Id).Handshakes.map((h: { Id: string }) => h.Id), [fresh.Id]);
  org.call('AcceptHandshake', { HandshakeId: fresh.Id }, newcomer!.Id);
  assert.equal(org.call('DescribeAccount', { AccountId: newcomer!.Id }).Account.Email, 'newcomer@example.com');
  assert.deepEqual(org.engine.standaloneAccounts().map((account) => account.Id), [member]);
});

test('invitation rules: members, duplicates, party types, quota, rate, who may send', () => {
  const org = organization({ quotas: { accountsPerOrganization: 3 } });
  const member = createAccount(org, 'Member');
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: member } }), 'HandshakeConstraintViolationException', 'ALREADY_IN_AN_ORGANIZATION');
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ORGANIZATION', Id: 'o-abcdefghij' } }), 'InvalidInputException', 'INVALID_PARTY_TYPE_TARGET');
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'EMAIL', Id: 'not-an-email' } }), 'InvalidInputException', 'INVALID_EMAIL_ADDRESS_TARGET');
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: OUTSIDER } }, member), 'AccessDeniedException');
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: OUTSIDER } }, OUTSIDER), 'AWSOrganizationsNotInUseException');
  org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: OUTSIDER } });
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: OUTSIDER } }), 'DuplicateHandshakeException');
  // Open invitations count toward the account quota (3: management, member, the open invitation).
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: '222222222222' } }), 'HandshakeConstraintViolationException', 'ACCOUNT_NUMBER_LIMIT_EXCEEDED');
});

test('at most max(20, account quota) invitations a day', () => {
  const org = organization({ quotas: { accountsPerOrganization: 100 } });
  for (let index = 0; index < 100; index++) {
    const id = String(200000000000 + index);
    const handshake = org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: id } }).Handshake;
    org.call('DeclineHandshake', { HandshakeId: handshake.Id }, id);
  }
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: '300000000000' } }), 'HandshakeConstraintViolationException', 'HANDSHAKE_RATE_LIMIT_EXCEEDED');
  org.advance(DAY_MS);
  org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: '300000000000' } });
});

test('accept, decline and cancel: who may act, and transitions from final states', () => {
  const org = organization();
  const invite = (id: string) => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: id } }).Handshake.Id;
  const first = invite('222222222222');
  rejects(() => org.call('AcceptHandshake', { HandshakeId: first }), 'AccessDeniedException');
  rejects(() => org.call('DeclineHandshake', { HandshakeId: first }), 'AccessDeniedException');
  rejects(() => org.call('CancelHandshake', { HandshakeId: first }, '222222222222'), 'AccessDeniedException');
  rejects(() => org.call('AcceptHandshake', { HandshakeId: first }, OUTSIDER), 'HandshakeNotFoundException');
  rejects(() => org.call('DescribeHandshake', { HandshakeId: first }, OUTSIDER), 'HandshakeNotFoundException');
  rejects(() => org.call('DescribeHandshake', { HandshakeId: 'h-0000000000' }), 'HandshakeNotFoundException');
  rejects(() => org.call('DescribeHandshake', { HandshakeId: 'x' }), 'InvalidInputException', 'INVALID_PATTERN');
  assert.equal(org.call('DeclineHandshake', { HandshakeId: first }, '222222222222').Handshake.State, 'DECLINED');
  rejects(() => org.call('DeclineHandshake', { HandshakeId: first }, '222222222222'), 'HandshakeAlreadyInStateException');
  rejects(() => org.call('AcceptHandshake', { HandshakeId: first }, '222222222222'), 'InvalidHandshakeTransitionException');
  const second = invite('333333333333');
  assert.equal(org.call('CancelHandshake', { HandshakeId: second }).Handshake.State, 'CANCELED');
  rejects(() => org.call('CancelHandshake', { HandshakeId: second }), 'HandshakeAlreadyInStateException');
  rejects(() => org.call('AcceptHandshake', { HandshakeId: second }, '333333333333'), 'InvalidHandshakeTransitionException');
  const third = invite('444444444444');
  org.call('AcceptHandshake', { HandshakeId: third }, '444444444444');
  rejects(() => org.call('AcceptHandshake', { HandshakeId: third }, '444444444444'), 'HandshakeAlreadyInStateException');
  rejects(() => org.call('CancelHandshake', { HandshakeId: third }), 'InvalidHandshakeTransitionException');
});

test('invitations expire after 15 days; finished handshakes are listed for 30 days', () => {
  const org = organization();
  const id = org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: OUTSIDER } }).Handshake.Id;
  org.advance(15 * DAY_MS - 1);
  assert.equal(org.call('DescribeHandshake', { HandshakeId: id }).Handshake.State, 'OPEN');
  org.advance(1);
  assert.equal(org.call('DescribeHandshake', { HandshakeId: id }).Handshake.State, 'EXPIRED');
  rejects(() => org.call('AcceptHandshake', { HandshakeId: id }, OUTSIDER), 'InvalidHandshakeTransitionException');
  org.advance(30 * DAY_MS - 1);
  assert.equal(org.call('ListHandshakesForOrganization').Handshakes.length, 1);
  org.advance(1);
  assert.equal(org.call('ListHandshakesForOrganization').Handshakes.length, 0);
  rejects(() => org.call('DescribeHandshake', { HandshakeId: id }), 'HandshakeNotFoundException');
  // An expired invitation no longer counts: the account can be invited again.
  org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: OUTSIDER } });
});

test('handshake lists filter by action type or parent handshake, not both', () => {
  const org = organization({ featureSet: 'CONSOLIDATED_BILLING' });
  inviteAccount(org, OUTSIDER);
  const parent = org.call('EnableAllFeatures').Handshake.Id;
  const byAction = org.call('ListHandshakesForOrganization', { Filter: { ActionType: 'INVITE' } }).Handshakes;
  assert.deepEqual(byAction.map((h: { Action: string }) => h.Action), ['INVITE']);
  const byParent = org.call('ListHandshakesForOrganization', { Filter: { ParentHandshakeId: parent } }).Handshakes;
  assert.deepEqual(byParent.map((h: { Action: string }) => h.Action), ['ENABLE_ALL_FEATURES']);
  rejects(() => org.call('ListHandshakesForOrganization', { Filter: { ActionType: 'INVITE', ParentHandshakeId: parent } }), 'InvalidInputException', 'MAX_LIMIT_EXCEEDED_FILTER');
  rejects(() => org.call('ListHandshakesForOrganization', {}, OUTSIDER), 'AccessDeniedException');
});

test('EnableAllFeatures: invited members approve, then the management account accepts the final approval', () => {
  const org = organization({ featureSet: 'CONSOLIDATED_BILLING' });
  createAccount(org, 'Created');
  inviteAccount(org, OUTSIDER);
  rejects(() => org.call('EnableAllFeatures', {}, OUTSIDER), 'AccessDeniedException');
  const parent = org.call('EnableAllFeatures').Handshake;
  assert.equal(parent.Action, 'ENABLE_ALL_FEATURES');
  assert.equal(parent.State, 'REQUESTED');
  assert.equal(parent.ExpirationTimestamp.getTime() - parent.RequestedTimestamp.getTime(), 90 * DAY_MS);
  rejects(() => org.call('EnableAllFeatures'), 'HandshakeConstraintViolationException', 'ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION');
  rejects(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: '222222222222' } }), 'HandshakeConstraintViolationException', 'INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES');
  rejects(() => org.call('AcceptHandshake', { HandshakeId: parent.Id }), 'AccessDeniedException');
  const request = org.call('ListHandshakesForAccount', {}, OUTSIDER).Handshakes.find((h: { Action: string }) => h.Action === 'ENABLE_ALL_FEATURES');
  assert.deepEqual(request.Resources.map((r: { Type: string }) => r.Type), ['ORGANIZATION', 'PARENT_HANDSHAKE']);
  assert.equal(org.call('ListHandshakesForAccount', { Filter: { ActionType: 'APPROVE_ALL_FEATURES' } }).Handshakes.length, 0);
  org.call('AcceptHandshake', { HandshakeId: request.Id }, OUTSIDER);
  assert.equal(org.call('DescribeHandshake', { HandshakeId: parent.Id }).Handshake.State, 'OPEN');
  const approval = org.call('ListHandshakesForAccount', { Filter: { ActionType: 'APPROVE_ALL_FEATURES' } }).Handshakes[0];
  assert.equal(approval.State, 'OPEN');
  assert.equal(org.call('DescribeOrganization').Organization.FeatureSet, 'CONSOLIDATED_BILLING');
  org.call('AcceptHandshake', { HandshakeId: approval.Id });
  assert.equal(org.call('DescribeOrganization').Organization.FeatureSet, 'ALL');
  assert.equal(org.call('DescribeHandshake', { HandshakeId: parent.Id }).Handshake.State, 'ACCEPTED');
  rejects(() => org.call('EnableAllFeatures'), 'HandshakeConstraintViolationException', 'ORGANIZATION_ALREADY_HAS_ALL_FEATURES');
  org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' });
});

test('canceling the enable-all-features request cancels its open requests and allows invitations again', () => {
  const org = organization({ featureSet: 'CONSOLIDATED_BILLING' });
  inviteAccount(org, OUTSIDER);
  const parent = org.call('EnableAllFeatures').Handshake.Id;
  org.call('CancelHandshake', { HandshakeId: parent });
  const request = org.call('ListHandshakesForAccount', {}, OUTSIDER).Handshakes.find((h: { Action: string }) => h.Action === 'ENABLE_ALL_FEATURES');
  assert.equal(request.State, 'CANCELED');
  org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: '222222222222' } });
  assert.equal(org.call('EnableAllFeatures').Handshake.State, 'REQUESTED');
});

test('an enable-all-features request expires after 90 days', () => {
  const org = organization({ featureSet: 'CONSOLIDATED_BILLING' });
  inviteAccount(org, OUTSIDER);
  const parent = org.call('EnableAllFeatures').Handshake.Id;
  org.advance(90 * DAY_MS);
  assert.equal(org.call('DescribeHandshake', { HandshakeId: parent }).Handshake.State, 'EXPIRED');
  assert.equal(org.call('EnableAllFeatures').Handshake.State, 'REQUESTED');
});
