import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { summarizeActionEntry, summarizeActions } from '../../../server/src/permissions/summary';
import { ids, policy, sampleOrganization } from './sampleOrganization';

const members = [ids.prodAccount, ids.devAccount, ids.sandboxAccount];

function organizationWithDenials() {
  return sampleOrganization({
    policies: [
      policy('p-denywrites', 'DenyS3Writes', 'SERVICE_CONTROL_POLICY', { Sid: 'NoPut', Effect: 'Deny', Action: 's3:Put*', Resource: '*' }),
      policy('p-allowlist', 'SandboxAllowList', 'SERVICE_CONTROL_POLICY', { Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: '*' }),
    ],
    attachments: [{ PolicyId: 'p-denywrites', TargetId: ids.workloads }, { PolicyId: 'p-allowlist', TargetId: ids.sandbox }],
    withoutFullAccess: [ids.sandbox],
  });
}

test('the summary counts allowed accounts and groups denied ones by the level and policy that deny', () => {
  const summary = summarizeActions(organizationWithDenials(), { actions: ['s3:PutObject'] });
  assert.equal(summary.accounts, 4);
  const [only] = summary.classes;
  assert.deepEqual([...only.allowed].sort(), [ids.sandboxAccount, ids.management].sort());
  assert.equal(only.denied.length, 1);
  assert.deepEqual(only.denied[0].cause.target, { Id: ids.workloads, Name: 'Workloads', Type: 'ORGANIZATIONAL_UNIT' });
  assert.deepEqual(only.denied[0].cause.statements.map((statement) => [statement.policyName, statement.Sid]), [['DenyS3Writes', 'NoPut']]);
  assert.deepEqual([...only.denied[0].accounts].sort(), [ids.prodAccount, ids.devAccount]);
  assert.deepEqual(only.depends, []);
});

test('a wildcard is evaluated once per class of actions that every statement treats alike', () => {
  const organization = organizationWithDenials();
  const actions = ['s3:GetObject', 's3:GetBucketPolicy', 's3:PutObject', 's3:PutBucketPolicy', 'ec2:DescribeInstances', 'ec2:RunInstances'];
  const summary = summarizeActions(organization, { actions });
  const classOf = (action: string) => summary.classes.find((candidate) => candidate.actions.includes(action))!;
  assert.equal(classOf('s3:GetObject'), classOf('s3:GetBucketPolicy'));
  assert.equal(classOf('s3:PutObject'), classOf('s3:PutBucketPolicy'));
  assert.notEqual(classOf('ec2:DescribeInstances'), classOf('ec2:RunInstances'));
  assert.equal(summary.classes.length, 4);
  const runInstances = classOf('ec2:RunInstances');
  assert.equal(runInstances.denied[0].cause.kind, 'implicitDeny');
  assert.deepEqual(runInstances.denied[0].accounts, [ids.sandboxAccount]);
  assert.deepEqual(classOf('ec2:DescribeInstances').allowed.length, 4);
});

// Organizations User Guide, SCP examples: exceptions by account through aws:PrincipalAccount.
test('conditions on keys that differ per account are decided with each account\'s own value', () => {
  const organization = sampleOrganization({
    policies: [policy('p-onlyprod', 'OnlyProdRuns', 'SERVICE_CONTROL_POLICY', {
      Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': [ids.prodAccount] } },
    })],
    attachments: [{ PolicyId: 'p-onlyprod', TargetId: ids.root }],
  });
  const [only] = summarizeActions(organization, { actions: ['ec2:RunInstances'] }).classes;
  assert.deepEqual([...only.allowed].sort(), [ids.prodAccount, ids.management].sort());
  assert.deepEqual([...only.denied[0].accounts].sort(), [ids.devAccount, ids.sandboxAccount]);
  // Asked for one principal, the summary is about that principal everywhere.
  const fixed = summarizeActions(organization, { actions: ['ec2:RunInstances'], principalAccount: ids.prodAccount }).classes[0];
  assert.equal(fixed.allowed.length, 4);
});

test('undecided accounts are grouped by what they depend on', () => {
  const organization = sampleOrganization({
    policies: [policy('p-mfa', 'RequireMfa', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })],
    attachments: [{ PolicyId: 'p-mfa', TargetId: ids.sandbox }],
  });
  const [only] = summarizeActions(organization, { actions: ['iam:CreateUser'] }).classes;
  assert.equal(only.depends.length, 1);
  assert.deepEqual(only.depends[0].accounts, [ids.sandboxAccount]);
  assert.equal(only.depends[0].dependsOn[0].key, 'aws:MultiFactorAuthPresent');
  assert.equal(only.decisions.get(ids.sandboxAccount), 'depends');
  const decided = summarizeActions(organization, { actions: ['iam:CreateUser'], context: { 'aws:MultiFactorAuthPresent': 'false' } }).classes[0];
  assert.equal(decided.decisions.get(ids.sandboxAccount), 'explicitDeny');
});

test('summarizeActionEntry expands a wildcard with the IAM catalog', async () => {
  const summary = await summarizeActionEntry(organizationWithDenials(), 's3:Get*');
  const actions = summary.classes.flatMap((actionClass) => actionClass.actions);
  assert.ok(actions.includes('s3:GetObject') && actions.length > 30, `${actions.length} actions`);
  assert.ok(actions.every((action) => action.startsWith('s3:Get')));
  assert.equal(summary.classes.length, 1, 'no statement tells S3 Get actions apart');
  for (const account of members) assert.equal(summary.classes[0].decisions.get(account), 'allowed');
  const unknown = await summarizeActionEntry(organizationWithDenials(), 'ec2:NoSuchAction');
  assert.deepEqual(unknown.classes.map((actionClass) => actionClass.actions), [['ec2:NoSuchAction']], 'a plain action is evaluated as written');
});
