import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createAccount, createOu, MANAGEMENT, organization, rejects, type TestOrganization } from './engineSupport';

const denyS3 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] });

function createPolicy(org: TestOrganization, name: string, type = 'SERVICE_CONTROL_POLICY', content: string = denyS3): string {
  return org.call('CreatePolicy', { Name: name, Description: `${name} policy`, Type: type, Content: content }).Policy.PolicySummary.Id;
}

function attached(org: TestOrganization, targetId: string, type = 'SERVICE_CONTROL_POLICY'): string[] {
  return org.call('ListPoliciesForTarget', { TargetId: targetId, Filter: type }).Policies.map((policy: { Name: string }) => policy.Name);
}

test('CreatePolicy, DescribePolicy, UpdatePolicy and DeletePolicy with AWS IDs and ARNs', () => {
  const org = organization();
  const organizationId = org.call('DescribeOrganization').Organization.Id;
  const created = org.call('CreatePolicy', { Name: 'DenyS3', Description: 'No S3', Type: 'SERVICE_CONTROL_POLICY', Content: denyS3, Tags: [{ Key: 'k', Value: 'v' }] }).Policy;
  assert.match(created.PolicySummary.Id, /^p-[0-9a-zA-Z_]{8,128}$/);
  assert.equal(created.PolicySummary.Arn, `arn:aws:organizations::${MANAGEMENT}:policy/${organizationId}/service_control_policy/${created.PolicySummary.Id}`);
  assert.equal(created.PolicySummary.AwsManaged, false);
  assert.equal(created.Content, denyS3);
  assert.deepEqual(org.call('DescribePolicy', { PolicyId: created.PolicySummary.Id }).Policy, created);
  assert.deepEqual(org.call('ListTagsForResource', { ResourceId: created.PolicySummary.Id }).Tags, [{ Key: 'k', Value: 'v' }]);
  const updated = org.call('UpdatePolicy', { PolicyId: created.PolicySummary.Id, Name: 'DenyS3Everywhere', Description: 'Still no S3' }).Policy;
  assert.equal(updated.PolicySummary.Name, 'DenyS3Everywhere');
  assert.equal(updated.Content, denyS3);
  org.call('DeletePolicy', { PolicyId: created.PolicySummary.Id });
  rejects(() => org.call('DescribePolicy', { PolicyId: created.PolicySummary.Id }), 'PolicyNotFoundException');
  rejects(() => org.call('DeletePolicy', { PolicyId: created.PolicySummary.Id }), 'PolicyNotFoundException');
  rejects(() => org.call('DescribePolicy', { PolicyId: 'bad' }), 'InvalidInputException', 'INVALID_SYNTAX_POLICY_ID');
});

test('policy content: size per type with whitespace counted, syntax per type, unique names', () => {
  const org = organization({ quotas: { policiesPerType: { SERVICE_CONTROL_POLICY: 2 } } });
  const padded = denyS3.replace('{', '{' + ' '.repeat(5120 - denyS3.length));
  assert.equal(padded.length, 5120);
  createPolicy(org, 'Exactly5120', 'SERVICE_CONTROL_POLICY', padded);
  rejects(() => createPolicy(org, 'TooBig', 'SERVICE_CONTROL_POLICY', padded + ' '), 'ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED');
  rejects(() => createPolicy(org, 'NotJson', 'SERVICE_CONTROL_POLICY', '{'), 'MalformedPolicyDocumentException');
  rejects(() => createPolicy(org, 'NoVersion', 'SERVICE_CONTROL_POLICY', '{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}'), 'MalformedPolicyDocumentException');
  rejects(() => createPolicy(org, 'Principal', 'SERVICE_CONTROL_POLICY', '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}'), 'MalformedPolicyDocumentException');
  rejects(() => createPolicy(org, 'Exactly5120'), 'DuplicatePolicyException');
  rejects(() => createPolicy(org, 'FullAWSAccess'), 'DuplicatePolicyException');
  createPolicy(org, 'Second');
  rejects(() => createPolicy(org, 'Third'), 'ConstraintViolationException', 'POLICY_NUMBER_LIMIT_EXCEEDED');
  rejects(() => createPolicy(org, 'BadType', 'SOME_POLICY'), 'InvalidInputException', 'INVALID_ENUM_POLICY_TYPE');
  rejects(() => org.call('CreatePolicy', { Name: 'NoDescription', Type: 'SERVICE_CONTROL_POLICY', Content: denyS3 }), 'InvalidInputException', 'INPUT_REQUIRED');
  const aiOptOut = JSON.stringify({ services: { default: { opt_out_policy: { '@@assign': 'optOut' } } } });
  createPolicy(org, 'OptOut', 'AISERVICES_OPT_OUT_POLICY', aiOptOut);
  rejects(() => createPolicy(org, 'OptOutBig', 'AISERVICES_OPT_OUT_POLICY', aiOptOut + ' '.repeat(2500)), 'ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED');
  rejects(() => createPolicy(org, 'RcpAllow', 'RESOURCE_CONTROL_POLICY', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'), 'MalformedPolicyDocumentException');
});

test('AWS managed policies are listed, immutable, and every policy type of the SDK can be created', () => {
  const org = organization();
  const full = org.call('DescribePolicy', { PolicyId: 'p-FullAWSAccess' }).Policy.PolicySummary;
  assert.equal(full.AwsManaged, true);
  assert.equal(full.Arn, 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
  rejects(() => org.call('UpdatePolicy', { PolicyId: 'p-FullAWSAccess', Name: 'Mine' }), 'InvalidInputException', 'IMMUTABLE_POLICY');
  rejects(() => org.call('DeletePolicy', { PolicyId: 'p-FullAWSAccess' }), 'InvalidInputException', 'IMMUTABLE_POLICY');
  assert.deepEqual(org.call('ListPolicies', { Filter: 'SERVICE_CONTROL_POLICY' }).Policies.map((p: { Name: string }) => p.Name), ['FullAWSAccess']);
  assert.deepEqual(org.call('ListPolicies', { Filter: 'RESOURCE_CONTROL_POLICY' }).Policies.map((p: { Name: string }) => p.Name), ['RCPFullAWSAccess']);
  const types = ['AISERVICES_OPT_OUT_POLICY', 'BACKUP_POLICY', 'BEDROCK_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2', 'GUARDDUTY_POLICY',
    'INSPECTOR_POLICY', 'NETWORK_SECURITY_DIRECTOR_POLICY', 'S3_POLICY', 'SECURITYHUB_CSPM_POLICY', 'SECURITYHUB_POLICY', 'TAG_POLICY', 'UPGRADE_ROLLOUT_POLICY'];
  for (const type of types) createPolicy(org, `Policy of ${type}`, type, '{}');
  for (const type of types) assert.equal(org.call('ListPolicies', { Filter: type }).Policies.length, 1, type);
  rejects(() => org.call('ListPolicies', {}), 'InvalidInputException', 'INPUT_REQUIRED');
});

test('policy types are unavailable in a consolidated-billing organization', () => {
  const org = organization({ featureSet: 'CONSOLIDATED_BILLING' });
  rejects(() => createPolicy(org, 'X'), 'PolicyTypeNotAvailableForOrganizationException');
  rejects(() => org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'TAG_POLICY' }), 'PolicyTypeNotAvailableForOrganizationException');
  assert.deepEqual(org.call('ListPolicies', { Filter: 'SERVICE_CONTROL_POLICY' }).Policies, []);
});

test('AttachPolicy and DetachPolicy: duplicates, unknown targets, at most five and at least one SCP', () => {
  const org = organization();
  const ou = createOu(org, 'Team');
  const ids = [1, 2, 3, 4, 5].map((index) => createPolicy(org, `Guardrail${index}`));
  for (const id of ids.slice(0, 4)) org.call('AttachPolicy', { PolicyId: id, TargetId: ou });
  assert.deepEqual(attached(org, ou), ['FullAWSAccess', 'Guardrail1', 'Guardrail2', 'Guardrail3', 'Guardrail4']);
  rejects(() => org.call('AttachPolicy', { PolicyId: ids[4], TargetId: ou }), 'ConstraintViolationException', 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  rejects(() => org.call('AttachPolicy', { PolicyId: ids[0], TargetId: ou }), 'DuplicatePolicyAttachmentException');
  rejects(() => org.call('AttachPolicy', { PolicyId: ids[0], TargetId: 'ou-zzzz-zzzzzzzz' }), 'TargetNotFoundException');
  rejects(() => org.call('AttachPolicy', { PolicyId: ids[0], TargetId: 'p-12345678' }), 'InvalidInputException', 'INVALID_PATTERN_TARGET_ID');
  rejects(() => org.call('AttachPolicy', { PolicyId: 'p-00000000', TargetId: ou }), 'PolicyNotFoundException');
  rejects(() => org.call('DetachPolicy', { PolicyId: ids[4], TargetId: ou }), 'PolicyNotAttachedException');
  rejects(() => org.call('DeletePolicy', { PolicyId: ids[0] }), 'PolicyInUseException');
  for (const id of ['p-FullAWSAccess', ...ids.slice(0, 3)]) org.call('DetachPolicy', { PolicyId: id, TargetId: ou });
  assert.deepEqual(attached(org, ou), ['Guardrail4']);
  rejects(() => org.call('DetachPolicy', { PolicyId: ids[3], TargetId: ou }), 'ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  const targets = org.call('ListTargetsForPolicy', { PolicyId: ids[3] }).Targets;
  assert.deepEqual(targets, [{ TargetId: ou, Arn: org.call('DescribeOrganizationalUnit', { OrganizationalUnitId: ou }).OrganizationalUnit.Arn, Name: 'Team', Type: 'ORGANIZATIONAL_UNIT' }]);
  rejects(() => org.call('ListTargetsForPolicy', { PolicyId: 'p-00000000' }), 'PolicyNotFoundException');
  rejects(() => org.call('ListPoliciesForTarget', { TargetId: '000000000000', Filter: 'SERVICE_CONTROL_POLICY' }), 'TargetNotFoundException');
});

test('a policy of a type that is not enabled cannot be attached', () => {
  const org = organization();
  const tag = createPolicy(org, 'Tags', 'TAG_POLICY', '{"tags":{}}');
  rejects(() => org.call('AttachPolicy', { PolicyId: tag, TargetId: org.rootId }), 'PolicyTypeNotEnabledException');
});

test('EnablePolicyType and DisablePolicyType: defaults attached everywhere, policies detached on disable', () => {
  const org = organization();
  const ou = createOu(org, 'Team');
  const account = createAccount(org, 'App');
  const root = org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }).Root;
  assert.deepEqual(root.PolicyTypes.map((t: { Type: string }) => t.Type), ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']);
  for (const target of [org.rootId, ou, account, MANAGEMENT]) assert.deepEqual(attached(org, target, 'RESOURCE_CONTROL_POLICY'), ['RCPFullAWSAccess']);
  rejects(() => org.call('DetachPolicy', { PolicyId: 'p-RCPFullAWSAccess', TargetId: ou }), 'InvalidInputException', 'NON_DETACHABLE_POLICY');
  rejects(() => org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }), 'PolicyTypeAlreadyEnabledException');
  rejects(() => org.call('EnablePolicyType', { RootId: 'r-zzzz', PolicyType: 'TAG_POLICY' }), 'RootNotFoundException');
  // New OUs and accounts get the defaults of every enabled type.
  const later = createOu(org, 'Later');
  assert.deepEqual(attached(org, later, 'RESOURCE_CONTROL_POLICY'), ['RCPFullAWSAccess']);
  assert.deepEqual(attached(org, later), ['FullAWSAccess']);
  const guardrail = createPolicy(org, 'Guardrail');
  org.call('AttachPolicy', { PolicyId: guardrail, TargetId: account });
  org.call('DisablePolicyType', { RootId: org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' });
  assert.deepEqual(attached(org, account), []);
  assert.deepEqual(org.call('ListTargetsForPolicy', { PolicyId: guardrail }).Targets, []);
  assert.deepEqual(attached(org, account, 'RESOURCE_CONTROL_POLICY'), ['RCPFullAWSAccess']);
  // Re-enabling puts back only FullAWSAccess; the earlier attachments are gone.
  org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' });
  assert.deepEqual(attached(org, account), ['FullAWSAccess']);
});

test('SecurityHub policies need trusted access for Security Hub first', () => {
  const org = organization();
  rejects(() => org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'SECURITYHUB_POLICY' }), 'ConstraintViolationException', 'SERVICE_ACCESS_NOT_ENABLED');
  org.call('EnableAWSServiceAccess', { ServicePrincipal: 'securityhub.amazonaws.com' });
  org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'SECURITYHUB_POLICY' });
  rejects(() => org.call('DisableAWSServiceAccess', { ServicePrincipal: 'securityhub.amazonaws.com' }), 'ConstraintViolationException', 'POLICY_TYPE_ENABLED_FOR_THIS_SERVICE');
  org.call('DisablePolicyType', { RootId: org.rootId, PolicyType: 'SECURITYHUB_POLICY' });
  org.call('DisableAWSServiceAccess', { ServicePrincipal: 'securityhub.amazonaws.com' });
  rejects(() => org.call('DisablePolicyType', { RootId: org.rootId, PolicyType: 'SECURITYHUB_POLICY' }), 'PolicyTypeNotEnabledException');
});

test('DescribeEffectivePolicy merges tag policies from the root down to the account', () => {
  const org = organization();
  const ou = createOu(org, 'Team');
  const account = createAccount(org, 'App');
  const other = createAccount(org, 'Other');
  org.call('MoveAccount', { AccountId: account, SourceParentId: org.rootId, DestinationParentId: ou });
  org.call('EnablePolicyType', { RootId: org.rootId, PolicyType: 'TAG_POLICY' });
  const rootPolicy = createPolicy(org, 'RootTags', 'TAG_POLICY', JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100'] } } } }));
  const ouPolicy = createPolicy(org, 'TeamTags', 'TAG_POLICY', JSON.stringify({ tags: { costcenter: { tag_value: { '@@append': ['200'] } } } }));
  rejects(() => org.call('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY', TargetId: account }), 'EffectivePolicyNotFoundException');
  org.call('AttachPolicy', { PolicyId: rootPolicy, TargetId: org.rootId });
  org.call('AttachPolicy', { PolicyId: ouPolicy, TargetId: ou });
  const effective = org.call('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY', TargetId: account }).EffectivePolicy;
  assert.deepEqual(JSON.parse(effective.PolicyContent), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] } } });
  assert.equal(effective.TargetId, account);
  assert.equal(effective.PolicyType, 'TAG_POLICY');
  assert.ok(effective.LastUpdatedTimestamp instanceof Date);
  // A member reads its own effective policy (TargetId defaults to the caller), not another account's.
  assert.equal(org.call('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY' }, account).EffectivePolicy.TargetId, account);
  rejects(() => org.call('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY', TargetId: other }, account), 'AccessDeniedException');
  rejects(() => org.call('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY', TargetId: ou }), 'InvalidInputException', 'TARGET_NOT_SUPPORTED');
  rejects(() => org.call('DescribeEffectivePolicy', { PolicyType: 'SERVICE_CONTROL_POLICY', TargetId: account }), 'InvalidInputException', 'INVALID_ENUM_POLICY_TYPE');
  rejects(() => org.call('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY', TargetId: '000000000000' }), 'TargetNotFoundException');
  const validation = org.call('ListEffectivePolicyValidationErrors', { AccountId: account, PolicyType: 'TAG_POLICY' });
  assert.deepEqual(validation.EffectivePolicyValidationErrors, []);
  assert.equal(validation.Path, org.call('DescribeAccount', { AccountId: account }).Account.Paths[0]);
  rejects(() => org.call('ListEffectivePolicyValidationErrors', { AccountId: account, PolicyType: 'BACKUP_POLICY' }), 'EffectivePolicyNotFoundException');
  assert.deepEqual(org.call('ListAccountsWithInvalidEffectivePolicy', { PolicyType: 'TAG_POLICY' }), { Accounts: [], PolicyType: 'TAG_POLICY', NextToken: undefined });
});
