import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Context, defaultTimings } from '../../../server/src/emulator/context';
import { resolveQuotas } from '../../../server/src/emulator/quotas';
import { enforceTagPolicy } from '../../../server/src/emulator/tagPolicies';
import { createAccount, createOu, MANAGEMENT, organization, rejects, type TestOrganization } from './engineSupport';

/** Enables tag policies and attaches a new tag policy with these entries to a target. */
function attachTagPolicy(org: TestOrganization, targetId: string, tags: Record<string, unknown>, name = 'CostCenters'): string {
  if (!org.call('ListRoots').Roots[0].PolicyTypes.some((type: { Type: string }) => type.Type === 'TAG_POLICY')) {
    org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'TAG_POLICY' });
  }
  const { Policy } = org.call('CreatePolicy', { Name: name, Description: '', Type: 'TAG_POLICY', Content: JSON.stringify({ tags }) });
  org.call('AttachPolicy', { PolicyId: Policy.PolicySummary.Id, TargetId: targetId });
  return Policy.PolicySummary.Id;
}

const costCenter = {
  costcenter: {
    tag_key: { '@@assign': 'CostCenter' },
    tag_value: { '@@assign': ['100', '2*'] },
    enforced_for: { '@@assign': ['organizations:account', 'organizations:ou'] },
  },
};

test('tagging calls on Organizations resources are refused when an enforced tag policy is not met', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  attachTagPolicy(org, org.rootId, costCenter);
  const violation = (run: () => unknown) => {
    const error = rejects(run, 'ConstraintViolationException', 'TAG_POLICY_VIOLATION');
    assert.equal(error.message, 'You attempted to create or update a resource with tags that are not compliant with the tag policy requirements for this account.');
  };

  violation(() => org.call('TagResource', { ResourceId: member, Tags: [{ Key: 'CostCenter', Value: '300' }] }));
  violation(() => org.call('TagResource', { ResourceId: member, Tags: [{ Key: 'costcenter', Value: '100' }] }));
  violation(() => org.call('CreateOrganizationalUnit', { ParentId: org.rootId, Name: 'Team', Tags: [{ Key: 'CostCenter', Value: '999' }] }));
  violation(() => org.call('CreateAccount', { AccountName: 'Tagged', Email: 'tagged@example.com', Tags: [{ Key: 'COSTCENTER', Value: '100' }] }));
  violation(() => org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: '444455556666' }, Tags: [{ Key: 'CostCenter', Value: 'x' }] }));
  assert.deepEqual(org.call('ListTagsForResource', { ResourceId: member }).Tags, [], 'a refused call tags nothing');

  // Compliant values (the wildcard included), other keys, and types the policy does not enforce are accepted.
  org.call('TagResource', { ResourceId: member, Tags: [{ Key: 'CostCenter', Value: '250' }, { Key: 'team', Value: 'anything' }] });
  org.call('CreateOrganizationalUnit', { ParentId: org.rootId, Name: 'Team', Tags: [{ Key: 'CostCenter', Value: '100' }] });
  org.call('TagResource', { ResourceId: org.rootId, Tags: [{ Key: 'CostCenter', Value: '999' }] });
  const { Policy } = org.call('CreatePolicy', { Name: 'Tagged', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}', Tags: [{ Key: 'CostCenter', Value: '999' }] });
  assert.deepEqual(org.call('ListTagsForResource', { ResourceId: Policy.PolicySummary.Id }).Tags, [{ Key: 'CostCenter', Value: '999' }]);
});

test('Organizations resources follow the management account\'s effective tag policy; service:ALL_SUPPORTED and service:* enforce every type', () => {
  const org = organization();
  const elsewhere = createOu(org, 'Elsewhere');
  const member = createAccount(org, 'Member');
  org.call('MoveAccount', { AccountId: member, SourceParentId: org.rootId, DestinationParentId: elsewhere });
  // A policy on an OU without the management account does not govern the organization's resources.
  attachTagPolicy(org, elsewhere, { owner: { tag_value: { '@@assign': ['platform'] }, enforced_for: { '@@assign': ['organizations:ALL_SUPPORTED'] } } });
  org.call('TagResource', { ResourceId: member, Tags: [{ Key: 'owner', Value: 'someone' }] });
  attachTagPolicy(org, MANAGEMENT, { owner: { tag_value: { '@@assign': ['platform'] }, enforced_for: { '@@assign': ['organizations:*'] } } }, 'Owners');
  rejects(() => org.call('TagResource', { ResourceId: org.rootId, Tags: [{ Key: 'owner', Value: 'someone' }] }), 'ConstraintViolationException', 'TAG_POLICY_VIOLATION');
  org.call('TagResource', { ResourceId: org.rootId, Tags: [{ Key: 'owner', Value: 'platform' }] });
});

test('enforceTagPolicy serves any resource type, with the owning account\'s effective tag policy', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  attachTagPolicy(org, member, { env: { tag_value: { '@@assign': ['prod', 'dev'] }, enforced_for: { '@@assign': ['iam:role'] } } });
  const enforce = (accountId: string, type: string, value: string) => org.engine.transact('test', (tx, now) =>
    enforceTagPolicy(new Context(tx, now, MANAGEMENT, resolveQuotas(), defaultTimings), accountId, type, [{ Key: 'env', Value: value }]));
  rejects(() => enforce(member, 'iam:role', 'test'), 'ConstraintViolationException', 'TAG_POLICY_VIOLATION');
  enforce(member, 'iam:role', 'prod');
  enforce(member, 'iam:user', 'test');
  enforce(MANAGEMENT, 'iam:role', 'test');
});

test('accounts whose effective tag policy is invalid are listed, with the errors and the policies that caused them', () => {
  const org = organization();
  const team = createOu(org, 'Team');
  const inside = createAccount(org, 'Inside');
  org.call('MoveAccount', { AccountId: inside, SourceParentId: org.rootId, DestinationParentId: team });
  const valid = attachTagPolicy(org, org.rootId, costCenter);
  const listed = () => org.call('ListAccountsWithInvalidEffectivePolicy', { PolicyType: 'TAG_POLICY' }).Accounts.map((account: { Id: string }) => account.Id);
  assert.deepEqual(listed(), []);
  assert.deepEqual(org.call('ListEffectivePolicyValidationErrors', { AccountId: inside, PolicyType: 'TAG_POLICY' }).EffectivePolicyValidationErrors, []);

  const broken = attachTagPolicy(org, team, {
    costcenter: { tag_key: { '@@assign': 'Department' }, enforced_for: { '@@append': ['everything'] }, tag_value: { '@@append': ['*a*'] } },
  }, 'Broken');
  assert.deepEqual(listed(), [inside]);
  const answer = org.call('ListEffectivePolicyValidationErrors', { AccountId: inside, PolicyType: 'TAG_POLICY' });
  assert.equal(answer.AccountId, inside);
  assert.equal(answer.Path, `${org.call('DescribeOrganization').Organization.Id}/${org.rootId}/${team}/${inside}/`);
  const errors = answer.EffectivePolicyValidationErrors.map((error: { ErrorCode: string; PathToError: string; ContributingPolicies: string[] }) =>
    [error.ErrorCode, error.PathToError, error.ContributingPolicies]);
  assert.deepEqual(errors, [
    ['INVALID_TAG_KEY', 'tags.costcenter.tag_key', [valid, broken]],
    ['INVALID_TAG_VALUE', 'tags.costcenter.tag_value[2]', [valid, broken]],
    ['INVALID_RESOURCE_TYPE', 'tags.costcenter.enforced_for[2]', [valid, broken]],
  ]);
  assert.deepEqual(org.call('ListAccountsWithInvalidEffectivePolicy', { PolicyType: 'BACKUP_POLICY' }).Accounts, []);
});

test('tag policies enforce their keys on IAM roles and users, the types AWS lists for IAM, and not on customer managed policies', () => {
  const org = organization();
  const member = createAccount(org, 'Member');
  attachTagPolicy(org, org.rootId, { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100'] }, enforced_for: { '@@assign': ['iam:role', 'iam:user'] } } });
  const iam = (operation: string, input: Record<string, unknown>) => org.call(operation, input, member, 'iam');
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const violation = (run: () => unknown) => {
    const error = rejects(run, 'InvalidInputException');
    assert.equal(error.message, 'You attempted to create or update a resource with tags that are not compliant with the tag policy requirements for this account.');
  };

  violation(() => iam('CreateRole', { RoleName: 'App', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'CostCenter', Value: '300' }] }));
  violation(() => iam('CreateUser', { UserName: 'dev', Tags: [{ Key: 'costcenter', Value: '100' }] }));
  assert.deepEqual(iam('ListRoles', {}).Roles.filter((role: { RoleName: string }) => role.RoleName === 'App'), [], 'a refused CreateRole creates nothing');
  iam('CreateRole', { RoleName: 'App', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'CostCenter', Value: '100' }] });
  violation(() => iam('TagRole', { RoleName: 'App', Tags: [{ Key: 'CostCenter', Value: '999' }] }));
  assert.deepEqual(iam('ListRoleTags', { RoleName: 'App' }).Tags, [{ Key: 'CostCenter', Value: '100' }]);

  // iam:policy is not among the types AWS enforces, and other keys are only reported.
  const policy = iam('CreatePolicy', { PolicyName: 'Tagged', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }), Tags: [{ Key: 'CostCenter', Value: '999' }] }).Policy;
  assert.deepEqual(iam('ListPolicyTags', { PolicyArn: policy.Arn }).Tags, [{ Key: 'CostCenter', Value: '999' }]);
  iam('TagRole', { RoleName: 'App', Tags: [{ Key: 'team', Value: 'anything' }] });
});
