import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { actionsNamedIn, attachedPolicy, impactOfPolicyEdit, policyEditImpact } from '../../../server/src/permissions/impact';
import { ids, policy, sampleOrganization } from './sampleOrganization';

const deployed = policy('p-denywrites', 'DenyS3Writes', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:Put*', Resource: '*' });
const organization = () => sampleOrganization({ policies: [deployed], attachments: [{ PolicyId: deployed.Id, TargetId: ids.workloads }] });

test('widening a Deny loses actions in the accounts below its attachment, and nowhere else', () => {
  const edited = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] };
  const impact = policyEditImpact(organization(), deployed.Id, edited, { actions: ['s3:GetObject', 's3:PutObject', 'ec2:RunInstances'] });
  assert.deepEqual(impact.changes.map((change) => [change.actions, change.before, change.after, [...change.accounts].sort()]), [
    [['s3:GetObject'], 'allowed', 'denied', [ids.prodAccount, ids.devAccount]],
  ]);
  assert.equal(impact.lost, 2);
  assert.equal(impact.gained, 0);
});

test('removing a Deny gains actions; an unchanged document changes nothing', () => {
  const relaxed = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:PutBucketPolicy', Resource: '*' }] };
  const impact = policyEditImpact(organization(), deployed.Id, relaxed, { actions: ['s3:PutObject', 's3:PutBucketPolicy'] });
  assert.deepEqual(impact.changes.map((change) => [change.actions, change.before, change.after]), [[['s3:PutObject'], 'denied', 'allowed']]);
  assert.equal(impact.gained, 2);
  assert.deepEqual(policyEditImpact(organization(), deployed.Id, deployed.Content, { actions: ['s3:PutObject'] }).changes, []);
});

test('actionsNamedIn lists Action and NotAction entries of both versions once', () => {
  assert.deepEqual(actionsNamedIn(deployed.Content, { Statement: { Effect: 'Deny', NotAction: ['S3:PUT*', 'iam:*'], Resource: '*' } }), ['s3:Put*', 'iam:*']);
});

test('impactOfPolicyEdit expands the named wildcards with the IAM catalog', async () => {
  const edited = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }] };
  const impact = await impactOfPolicyEdit(organization(), deployed.Id, edited);
  const gained = impact.changes.filter((change) => change.after === 'allowed').flatMap((change) => change.actions);
  assert.ok(gained.includes('s3:PutBucketPolicy') && !gained.includes('s3:PutObject'));
  assert.ok(gained.every((action) => action.startsWith('s3:Put')));
});

test('attachedPolicy finds a policy by type and name, where it is attached, and the accounts it governs', () => {
  const attached = attachedPolicy(organization(), 'SERVICE_CONTROL_POLICY', 'DenyS3Writes');
  assert.deepEqual(attached && { id: attached.policy.Id, targets: attached.targets, governed: attached.governed }, { id: deployed.Id, targets: [ids.workloads], governed: 2 });
  // FullAWSAccess is attached to the management account too, which no SCP governs.
  assert.equal(attachedPolicy(organization(), 'SERVICE_CONTROL_POLICY', 'FullAWSAccess')?.governed, 3);
  assert.equal(attachedPolicy(organization(), 'RESOURCE_CONTROL_POLICY', 'DenyS3Writes'), undefined);
  assert.equal(attachedPolicy(organization(), 'SERVICE_CONTROL_POLICY', 'Missing'), undefined);
});
