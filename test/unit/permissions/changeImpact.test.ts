import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyStructureChange, describeChangeImpact, impactOfStructureChange } from '../../../server/src/permissions/changeImpact';
import { ids, policy, sampleGraph, sampleOrganization } from './sampleOrganization';

const denyAll = policy('p-denyall', 'DenyAll', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: '*', Resource: '*' });
const denyS3Writes = policy('p-denys3w', 'DenyS3Writes', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:Put*', Resource: '*' });
const onlyIam = policy('p-onlyiam', 'DenyAllButIam', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' });
const names = (id: string) => `name-of-${id}`;

test('applyStructureChange moves accounts, and attaches or detaches a policy on each target', () => {
  const graph = sampleGraph({ policies: [denyAll] });
  const moved = applyStructureChange(graph, { kind: 'move', accountIds: [ids.devAccount, ids.sandboxAccount], destinationId: ids.prod });
  assert.deepEqual(moved.Accounts.filter((account) => account.ParentId === ids.prod).map((account) => account.Id).sort(), [ids.prodAccount, ids.devAccount, ids.sandboxAccount].sort());
  const attached = applyStructureChange(graph, { kind: 'attach', policyId: denyAll.Id, targetIds: [ids.sandbox, ids.prod] });
  assert.deepEqual(attached.Attachments.filter((attachment) => attachment.PolicyId === denyAll.Id).map((attachment) => attachment.TargetId), [ids.sandbox, ids.prod]);
  const detached = applyStructureChange(attached, { kind: 'detach', policyId: denyAll.Id, targetIds: [ids.prod] });
  assert.deepEqual(detached.Attachments.filter((attachment) => attachment.PolicyId === denyAll.Id).map((attachment) => attachment.TargetId), [ids.sandbox]);
});

test('moving accounts into an OU whose SCP denies everything locks them out, and says so first', async () => {
  const organization = sampleOrganization({ policies: [denyAll], attachments: [{ PolicyId: denyAll.Id, TargetId: ids.sandbox }] });
  const impact = await impactOfStructureChange(organization, { kind: 'move', accountIds: [ids.devAccount, ids.prodAccount], destinationId: ids.sandbox });
  assert.equal(impact.evaluated, true);
  assert.equal(impact.groups.length, 1);
  const [group] = impact.groups;
  assert.deepEqual([...group.accountIds].sort(), [ids.prodAccount, ids.devAccount].sort());
  assert.equal(group.lockedOut, true);
  assert.ok(group.lost.includes('s3:GetObject') && group.lost.includes('sts:AssumeRole'));
  assert.deepEqual(group.gained, []);
  const [sentence] = await describeChangeImpact(impact, names);
  assert.match(sentence, /^⚠ name-of-\d+ and name-of-\d+ would be denied every action: locked out/);
});

test('attaching a Deny of S3 writes loses exactly those actions below the target; detaching it gains them back', async () => {
  const organization = sampleOrganization({ policies: [denyS3Writes] });
  const attach = await impactOfStructureChange(organization, { kind: 'attach', policyId: denyS3Writes.Id, targetIds: [ids.workloads] });
  assert.deepEqual(attach.groups.map((group) => [[...group.accountIds].sort(), group.lockedOut, group.gained.length]), [[[ids.prodAccount, ids.devAccount].sort(), false, 0]]);
  const lost = attach.groups[0].lost;
  assert.ok(lost.length > 5 && lost.every((action) => action.startsWith('s3:Put')) && lost.includes('s3:PutObject'));
  const [sentence] = await describeChangeImpact(attach, names);
  assert.match(sentence, new RegExp(`^name-of-\\d+ and name-of-\\d+ lose ${lost.length} actions: s3:Put\\w+, .* and \\d+ more\\.$`));

  const attached = sampleOrganization({ policies: [denyS3Writes], attachments: [{ PolicyId: denyS3Writes.Id, TargetId: ids.sandbox }] });
  const detach = await impactOfStructureChange(attached, { kind: 'detach', policyId: denyS3Writes.Id, targetIds: [ids.sandbox] });
  assert.deepEqual(detach.groups.map((group) => [group.accountIds, group.lost.length, group.gained.length === lost.length]), [[[ids.sandboxAccount], 0, true]]);
});

test('a Deny with NotAction takes every other action away, which the named actions alone would not show', async () => {
  const organization = sampleOrganization({ policies: [onlyIam] });
  const impact = await impactOfStructureChange(organization, { kind: 'attach', policyId: onlyIam.Id, targetIds: [ids.sandboxAccount] });
  const [group] = impact.groups;
  assert.equal(group.lockedOut, false, 'IAM actions stay allowed');
  assert.ok(group.lost.includes('ec2:RunInstances') && !group.lost.some((action) => action.startsWith('iam:')));
  assert.match((await describeChangeImpact(impact, names))[0], /^name-of-333333333333 loses every action except iam:\* \(all \d+\)\.$/);
});

test('the management account, a policy the evaluator does not weigh, and a change that changes nothing', async () => {
  const organization = sampleOrganization({ policies: [denyAll], attachments: [{ PolicyId: denyAll.Id, TargetId: ids.sandbox }] });
  assert.deepEqual(await impactOfStructureChange(organization, { kind: 'move', accountIds: [ids.management], destinationId: ids.sandbox }), { evaluated: false, groups: [] });
  assert.deepEqual(await impactOfStructureChange(organization, { kind: 'attach', policyId: 'p-tagpolicy1', targetIds: [ids.sandbox] }), { evaluated: false, groups: [] });
  const unchanged = await impactOfStructureChange(organization, { kind: 'move', accountIds: [ids.prodAccount], destinationId: ids.workloads });
  assert.deepEqual(unchanged, { evaluated: true, groups: [] });
  assert.deepEqual(await describeChangeImpact(unchanged, names), []);
});

test('asked for the role the management account assumes, a Region restriction shows under an SCP that denies the root user', async () => {
  const denyRoot = policy('p-denyroot', 'DenyRootUser', 'SERVICE_CONTROL_POLICY', {
    Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' }, Null: { 'aws:AssumedRoot': 'true' } },
  });
  const region = policy('p-region00', 'EuOnly', 'SERVICE_CONTROL_POLICY', {
    Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
  });
  const organization = sampleOrganization({ policies: [denyRoot, region], attachments: [{ PolicyId: denyRoot.Id, TargetId: ids.root }] });
  const impact = await impactOfStructureChange(organization, { kind: 'attach', policyId: region.Id, targetIds: [ids.sandbox] });
  assert.deepEqual(impact.groups.map((group) => [group.accountIds, group.lockedOut, group.lost.length, group.conditional.includes('ec2:RunInstances')]), [[[ids.sandboxAccount], false, 0, true]]);
  const sentences = await describeChangeImpact(impact, names);
  assert.match(sentences[0], /^name-of-333333333333 may do every action except iam:\* \(all \d+\) and sts:\* \(all \d+\) only under conditions of the request\.$/);
  assert.match(sentences.at(-1)!, /^As seen by OrganizationAccountAccessRole in each account/);
});
