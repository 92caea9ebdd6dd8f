import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluateRequest } from '../../../server/src/permissions/evaluate';
import { policyEditImpact } from '../../../server/src/permissions/impact';
import { renderDecision, renderImpact, renderSummary } from '../../../server/src/permissions/render';
import { summarizeActions } from '../../../server/src/permissions/summary';
import { ids, policy, sampleOrganization } from './sampleOrganization';

const organization = () => sampleOrganization({
  policies: [
    policy('p-denydelete', 'DenyBucketDeletion', 'SERVICE_CONTROL_POLICY', { Sid: 'DenyDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }),
    policy('p-mfa', 'RequireMfa', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
  ],
  attachments: [{ PolicyId: 'p-denydelete', TargetId: ids.workloads }, { PolicyId: 'p-mfa', TargetId: ids.sandbox }],
});

test('renderDecision explains each level with the policy and statement that decided it', () => {
  const text = renderDecision(evaluateRequest(organization(), { action: 's3:DeleteBucket', principalAccount: ids.prodAccount }));
  const lines = text.split('\n');
  assert.equal(lines[0], '### `s3:DeleteBucket`: denied by an explicit Deny');
  assert.ok(lines.includes('Decided by SCP `DenyBucketDeletion` Statement[0] "DenyDelete" at OU `Workloads` (ou-ab12-workload).'), text);
  assert.ok(lines.includes('- Root `Root` (r-ab12): **allowed**: allowed by `FullAWSAccess` Statement[0]. Attached: `FullAWSAccess`.'), text);
  assert.ok(lines.includes('- OU `Workloads` (ou-ab12-workload): **denied by an explicit Deny**: denied by `DenyBucketDeletion` Statement[0] "DenyDelete"; allowed by `FullAWSAccess` Statement[0]. Attached: `FullAWSAccess`, `DenyBucketDeletion`.'), text);
  assert.ok(lines.includes('**Resource control policies** of account 111111111111: allowed.'), text);
});

test('renderDecision says what an undecided answer depends on, and why chains were not applied', () => {
  const text = renderDecision(evaluateRequest(organization(), { action: 'iam:CreateUser', principalAccount: ids.sandboxAccount }));
  assert.match(text, /^### `iam:CreateUser`: depends on the request/);
  assert.ok(text.includes('- `BoolIfExists` `aws:MultiFactorAuthPresent`: "false" (`RequireMfa` Statement[0])'), text);
  assert.ok(text.includes('**Resource control policies** of account 333333333333: not applied (RCPs do not govern this service).'), text);
  const management = renderDecision(evaluateRequest(organization(), { action: 's3:DeleteBucket', principalAccount: ids.management }));
  assert.ok(management.includes('not applied (the management account is not affected)'), management);
});

test('renderSummary gives counts and the groups of denied and undecided accounts', () => {
  const deleteBucket = renderSummary(summarizeActions(organization(), { actions: ['s3:DeleteBucket'] }), 's3:DeleteBucket');
  assert.equal(deleteBucket, [
    '**`s3:DeleteBucket`**: allowed in 2 accounts of 4, denied in 2 accounts.',
    '- denied in 2 accounts by SCP `DenyBucketDeletion` Statement[0] "DenyDelete" at OU `Workloads` (ou-ab12-workload)',
  ].join('\n'));
  const iam = renderSummary(summarizeActions(organization(), { actions: ['iam:CreateUser'] }), 'iam:CreateUser');
  assert.ok(iam.includes('- in 1 account, depends on `BoolIfExists` `aws:MultiFactorAuthPresent`: "false" (`RequireMfa` Statement[0])'), iam);
  assert.equal(renderSummary({ accounts: 4, classes: [] }, 'ec2:Nope*'), '`ec2:Nope*`: no action of the IAM catalog matches.');
});

test('renderImpact says who gains and who loses what', () => {
  const edited = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }] };
  const impact = policyEditImpact(organization(), 'p-denydelete', edited, { actions: ['s3:DeleteBucket', 's3:DeleteObject'] });
  assert.equal(renderImpact(impact), '0 account-action pairs gained, 2 lost.\n- lost in 2 accounts: `s3:DeleteObject`');
  assert.equal(renderImpact({ policyId: 'p-x', changes: [], gained: 0, lost: 0 }), 'No account gains or loses any action named in this policy.');
});
