import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { arnMatchesTemplate } from '../../../server/src/policies/resourceRules';
import { codesOf, policy } from './findings';

const on = (Resource: string | string[], Action: string | string[] = 's3:GetObject') => policy({ Effect: 'Deny', Action, Resource });

test('ARNs of the actions\' resource types pass, wildcards and variables included', async () => {
  assert.deepEqual(await codesOf(on(['arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::*/home/${aws:username}/*']), 'SERVICE_CONTROL_POLICY'), []);
  assert.deepEqual(await codesOf(on('arn:aws:iam::111122223333:role/Admin', 'sts:AssumeRole'), 'SERVICE_CONTROL_POLICY'), []);
});

test('a resource must be an ARN or "*", with a named service', async () => {
  assert.deepEqual(await codesOf(on('amzn-s3-demo-bucket'), 'SERVICE_CONTROL_POLICY'), [501]);
  assert.deepEqual(await codesOf(on('arn:aws:s3'), 'SERVICE_CONTROL_POLICY'), [501]);
  assert.deepEqual(await codesOf(on('arn:aws:*:::bucket'), 'SERVICE_CONTROL_POLICY'), [501]);
});

test('partition, region and account formats', async () => {
  assert.deepEqual(await codesOf(on('arn:amazon:s3:::bucket/*'), 'SERVICE_CONTROL_POLICY'), [502]);
  assert.deepEqual(await codesOf(on('arn:aws:kms:Ireland:111122223333:key/1', 'kms:Decrypt'), 'SERVICE_CONTROL_POLICY'), [503]);
  assert.deepEqual(await codesOf(on('arn:aws:kms:eu-west-1:1111-2222-3333:key/1', 'kms:Decrypt'), 'SERVICE_CONTROL_POLICY'), [504]);
  assert.deepEqual(await codesOf(on('arn:aws-cn:kms:cn-north-1:111122223333:key/1', 'kms:Decrypt'), 'SERVICE_CONTROL_POLICY'), []);
});

test('an ARN of a service the actions do not act on, or of no resource type of theirs, is a warning', async () => {
  assert.deepEqual(await codesOf(on('arn:aws:kms:eu-west-1:111122223333:key/1'), 'SERVICE_CONTROL_POLICY'), [505]);
  assert.deepEqual(await codesOf(on('arn:aws:cloudformation:eu-west-1:111122223333:stack/Name', 'cloudformation:DeleteStack'), 'SERVICE_CONTROL_POLICY'), [506]);
  assert.deepEqual(await codesOf(on('arn:aws:cloudformation:eu-west-1:111122223333:stack/Name/*', 'cloudformation:DeleteStack'), 'SERVICE_CONTROL_POLICY'), []);
});

test('an ARN fits a template when the literals between its variables appear in order, however long the ARN', async () => {
  const instance = 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}';
  assert.ok(arnMatchesTemplate('arn:aws:ec2:us-east-1:111122223333:instance/i-0123', instance));
  assert.ok(!arnMatchesTemplate('arn:aws:ec2:us-east-1:111122223333:volume/vol-0123', instance));
  assert.ok(!arnMatchesTemplate('arn:aws:ec2:instance/', instance), 'the literals may not overlap');
  assert.ok(arnMatchesTemplate('arn:aws:iam::aws:policy/AdministratorAccess', 'arn:${Partition}:iam::aws:policy/AdministratorAccess'.replace('AdministratorAccess', '${PolicyName}')));
  // A regular expression of .* for each variable would backtrack over every colon of this ARN.
  const long = `arn:aws:ec2:${':/'.repeat(200_000)}`;
  assert.ok(!arnMatchesTemplate(long, instance));
  assert.ok(arnMatchesTemplate(`${long}:instance/i-1`, instance));
  assert.ok((await codesOf(on(long, 'ec2:StartInstances'), 'SERVICE_CONTROL_POLICY')).includes(506), 'validation ends, and finds no resource type');
});
