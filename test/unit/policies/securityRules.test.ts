import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codesOf, findingsOf, policy } from './findings';

test('Allow with NotAction or NotResource in identity policies is a security warning', async () => {
  const [finding] = await findingsOf(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'IDENTITY_POLICY');
  assert.equal(finding.code, 801);
  assert.equal(finding.severity, 'SECURITY_WARNING');
  assert.deepEqual(await codesOf(policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }), 'IDENTITY_POLICY'), [802]);
  assert.deepEqual(await codesOf(policy({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }), 'IDENTITY_POLICY'), []);
});

test('iam:PassRole on every resource is a security warning, on named roles it is not', async () => {
  assert.deepEqual(await codesOf(policy({ Effect: 'Allow', Action: ['iam:Pass*'], Resource: '*' }), 'IDENTITY_POLICY'), [803]);
  assert.deepEqual(await codesOf(policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/AppRole' }), 'IDENTITY_POLICY'), []);
});

test('an SCP denying everything with no condition is a security warning', async () => {
  assert.deepEqual(await codesOf(policy({ Effect: 'Deny', Action: '*', Resource: '*' }), 'SERVICE_CONTROL_POLICY'), [804]);
  const exempted = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } } };
  assert.deepEqual(await codesOf(policy(exempted), 'SERVICE_CONTROL_POLICY'), []);
});

test('an SCP denying sts:AssumeRole with no condition would lock administrators out', async () => {
  assert.deepEqual(await codesOf(policy({ Effect: 'Deny', Action: 'sts:*', Resource: '*' }), 'SERVICE_CONTROL_POLICY'), [805]);
  assert.deepEqual(await codesOf(policy({ Effect: 'Deny', NotAction: ['s3:*'], Resource: '*' }), 'SERVICE_CONTROL_POLICY'), [805]);
  assert.deepEqual(await codesOf(policy({ Effect: 'Deny', NotAction: ['sts:*'], Resource: '*' }), 'SERVICE_CONTROL_POLICY'), []);
});

test('a resource-based policy allowing "*" with no condition is public', async () => {
  assert.deepEqual(await codesOf(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), 'RESOURCE_POLICY'), [806]);
  const conditioned = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } } };
  assert.deepEqual(await codesOf(policy(conditioned), 'RESOURCE_POLICY'), []);
});
