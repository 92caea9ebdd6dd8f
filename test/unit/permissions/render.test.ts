import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluateRequest } from '../../../server/src/permissions/evaluate';
import type { ServiceAccess } from '../../../server/src/permissions/effectivePermissions';
import { attachedPolicy, policyEditImpact } from '../../../server/src/permissions/impact';
import {
  renderAccountReport, renderActionHover, renderAttachmentHover, renderAttachmentLens, renderDecision, renderImpact, renderImpactLens, renderSummary,
  renderUnitReport, renderWhyDenied,
} from '../../../server/src/permissions/render';
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

test('renderWhyDenied asks the question of the account and answers with each group\'s decision', () => {
  const decide = (action: string) => evaluateRequest(organization(), { action, principalAccount: ids.prodAccount });
  const one = renderWhyDenied(organization(), { entry: 's3:DeleteBucket', accountId: ids.prodAccount, decisions: [{ decision: decide('s3:DeleteBucket'), others: 0 }], more: 0 }, undefined, '2026-06-01');
  const lines = one.split('\n');
  assert.equal(lines[0], '# Why is `s3:DeleteBucket` allowed or denied in account `prod-app` (111111111111)?');
  assert.equal(lines[2], '### `s3:DeleteBucket`: denied by an explicit Deny');
  assert.equal(lines.at(-1), '_4 accounts · SCPs and RCPs only, no identity policies · IAM catalog 2026-06-01_');
  const groups = renderWhyDenied(organization(), {
    entry: 's3:*', accountId: ids.prodAccount, decisions: [{ decision: decide('s3:DeleteBucket'), others: 0 }, { decision: decide('s3:GetObject'), others: 41 }], more: 3,
  }, 'arn:aws:s3:::amzn-s3-demo-bucket', '2026-06-01');
  assert.match(groups, /^# Why is `s3:\*` on `arn:aws:s3:::amzn-s3-demo-bucket` allowed or denied in account `prod-app` \(111111111111\)\?/);
  assert.ok(groups.includes('### `s3:GetObject`: allowed\n'), groups);
  assert.ok(groups.includes('_The same for 41 other actions of `s3:*`._\n\n… and 3 more groups of actions.'), groups);
  const none = renderWhyDenied(organization(), { entry: 'nope:*', accountId: ids.prodAccount, decisions: [], more: 0 }, undefined, 'v');
  assert.ok(none.includes('\nNo action of the IAM catalog matches `nope:*`.\n'), none);
});

test('renderActionHover shows the first groups of the summary, how many more, and the context account', () => {
  const summary = summarizeActions(organization(), { actions: ['s3:DeleteBucket', 's3:GetObject'] });
  const hover = renderActionHover(organization(), 's3:*', summary, 1, undefined, 'v1');
  assert.equal(hover.split('\n')[0], '**Effective permissions** of `s3:*` over the organization\'s SCPs and RCPs:');
  assert.ok(hover.includes('… and 1 more groups of actions.'), hover);
  assert.ok(!hover.includes('context account'), hover);
  const decision = evaluateRequest(organization(), { action: 's3:DeleteBucket', principalAccount: ids.sandboxAccount });
  const inAccount = renderActionHover(organization(), 's3:DeleteBucket', summary, 6, { entry: 's3:DeleteBucket', accountId: ids.sandboxAccount, decisions: [{ decision, others: 0 }], more: 0 }, 'v1');
  assert.ok(inAccount.includes('**In account `sandbox` (333333333333)** (context account):\n\n### `s3:DeleteBucket`: allowed'), inAccount);
});

test('the attachment hover and CodeLens say where an SCP is attached, whom it governs, and what an edit changes', () => {
  const attached = attachedPolicy(organization(), 'SERVICE_CONTROL_POLICY', 'DenyBucketDeletion')!;
  const unchanged = renderAttachmentHover(organization(), attached, null);
  assert.equal(unchanged, '**SCP `DenyBucketDeletion`** (p-denydelete) is attached to OU `Workloads` (ou-ab12-workload). It governs 2 accounts (the management account is never affected).');
  assert.ok(renderAttachmentHover(organization(), attached, undefined).endsWith('_The document does not parse; fix it to see the impact of the change._'));
  const impact = policyEditImpact(organization(), 'p-denydelete', { Version: '2012-10-17', Statement: [] }, { actions: ['s3:DeleteBucket'] });
  assert.ok(renderAttachmentHover(organization(), attached, impact).includes('**Unsaved changes** compared with the deployed policy:\n\n2 account-action pairs gained, 0 lost.'));
  assert.equal(renderAttachmentLens(attached), 'DenyBucketDeletion: attached to 1 target, governs 2 accounts');
  assert.equal(renderImpactLens(impact), 'Unsaved change: 2 account-action pairs change access (2 gained, 0 lost)');
  const withoutRcps = sampleOrganization({ rcps: false, policies: [policy('p-rcp', 'DenyOutside', 'RESOURCE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:*', Resource: '*' })] });
  assert.ok(renderAttachmentHover(withoutRcps, attachedPolicy(withoutRcps, 'RESOURCE_CONTROL_POLICY', 'DenyOutside')!, null)
    .endsWith('is not attached anywhere. It governs 0 accounts (the management account is never affected). RCPs are not enabled on the root, so it has no effect.'));
});

/** One service and access level of an account's report, with the actions of each decision. */
function access(service: string, accessLevel: string, actions: Partial<ServiceAccess['actions']>): ServiceAccess {
  return { service, accessLevel, actions: { allowed: [], explicitDeny: [], implicitDeny: [], depends: [], ...actions } };
}

test('renderAccountReport counts each decision per service and access level, services in order, and names partly denied actions', () => {
  const report = renderAccountReport(organization(), ids.prodAccount, [
    access('s3', 'Write', { allowed: ['s3:PutObject'], explicitDeny: ['s3:DeleteBucket'] }),
    access('ec2', 'List', { allowed: ['ec2:DescribeInstances', 'ec2:DescribeVpcs'] }),
    access('s3', 'Read', { depends: ['s3:GetObject'] }),
    access('iam', 'Write', { implicitDeny: ['iam:CreateUser'] }),
  ]);
  assert.equal(report, [
    '# Effective permissions of account `prod-app` (111111111111)',
    '',
    'Path: `Root` → `Workloads` → `Prod` → `prod-app`',
    '',
    '_Depends_ counts actions whose answer hinges on the request (a condition key, the resource): run "Why is this denied?" for one of them to see on what.',
    '',
    '## ec2', '', '| Access level | Allowed | Explicitly denied | Not allowed | Depends |', '|---|---:|---:|---:|---:|', '| List | 2 | 0 | 0 | 0 |', '',
    '## iam', '', '| Access level | Allowed | Explicitly denied | Not allowed | Depends |', '|---|---:|---:|---:|---:|', '| Write | 0 | 0 | 1 | 0 |', '',
    '## s3', '', '| Access level | Allowed | Explicitly denied | Not allowed | Depends |', '|---|---:|---:|---:|---:|', '| Write | 1 | 1 | 0 | 0 |', '| Read | 0 | 0 | 0 | 1 |',
    '', 'Denied (Write): `s3:DeleteBucket`',
  ].join('\n'));
  assert.ok(renderAccountReport(organization(), ids.management, []).includes('\nThe management account is not affected by SCPs or RCPs.\n'));
});

test('renderUnitReport counts the actions every, some or no account under the OU may perform', () => {
  const report = renderUnitReport(organization(), ids.workloads, {
    accounts: [ids.prodAccount, ids.devAccount],
    access: [{ service: 's3', accessLevel: 'Write', allowedIn: new Map([['s3:PutObject', 2], ['s3:DeleteBucket', 1], ['s3:DeleteObject', 0]]) }],
  });
  assert.equal(report, [
    '# Effective permissions under OU `Workloads` (ou-ab12-workload)', '', '2 accounts in this OU and the OUs below it.', '',
    '## s3', '', '| Access level | Allowed in every account | In some | In none |', '|---|---:|---:|---:|', '| Write | 1 | 1 | 1 |',
  ].join('\n'));
  assert.equal(renderUnitReport(organization(), ids.prod, { accounts: [], access: [] }), '# Effective permissions under OU `Prod` (ou-ab12-prodprod)\n\n0 accounts in this OU and the OUs below it.');
});
