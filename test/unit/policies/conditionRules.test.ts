import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, codesOf, findingsOf, policy } from './findings';

const withCondition = (Condition: unknown, Action: string | string[] = 's3:DeleteBucket') => policy({ Effect: 'Deny', Action, Resource: '*', Condition });

test('well-formed conditions pass', async () => {
  assert.deepEqual(await codesOf(withCondition({
    StringNotEqualsIfExists: { 'aws:RequestedRegion': ['eu-west-1'] },
    ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' },
    'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] },
    Bool: { 'aws:MultiFactorAuthPresent': 'false' },
    NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' },
    DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
    NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] },
    Null: { 'aws:ResourceTag/team': 'true' },
    StringLike: { 's3:prefix': 'home/${aws:username}/*' },
  }), 'SERVICE_CONTROL_POLICY'), []);
});

test('unknown operators are errors with did-you-mean, keeping the set qualifier', async () => {
  const text = JSON.stringify(withCondition({ 'ForAnyValue:StringEqual': { 'aws:TagKeys': 'team' } }));
  const [finding] = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.equal(finding.code, 401);
  assert.ok('ForAnyValue:StringEquals' in JSON.parse(applyFix(text, finding)).Statement[0].Condition);
});

test('Null cannot take IfExists', async () => {
  assert.deepEqual(await codesOf(withCondition({ NullIfExists: { 'aws:SourceVpc': 'true' } }), 'SERVICE_CONTROL_POLICY'), [402]);
});

test('set qualifiers: warned on single-valued keys, and missing on multivalued keys', async () => {
  assert.deepEqual(await codesOf(withCondition({ 'ForAllValues:StringEquals': { 'aws:RequestedRegion': 'eu-west-1' } }), 'SERVICE_CONTROL_POLICY'), [403]);
  assert.deepEqual(await codesOf(withCondition({ StringEquals: { 'aws:TagKeys': 'team' } }), 'SERVICE_CONTROL_POLICY'), [404]);
});

test('unknown condition keys are warnings; service keys and tag keys with a variable part are known', async () => {
  assert.deepEqual(await codesOf(withCondition({ StringEquals: { 'aws:RequestedRegon': 'eu-west-1' } }), 'SERVICE_CONTROL_POLICY'), [405]);
  assert.deepEqual(await codesOf(withCondition({ StringEquals: { 's3:x-amz-acl': 'private', 'aws:PrincipalTag/team': 'a' } }), 'SERVICE_CONTROL_POLICY'), []);
});

test('values must fit the operator: numbers, dates, booleans, IP addresses, ARNs', async () => {
  for (const [operator, key, value] of [
    ['NumericLessThan', 'aws:MultiFactorAuthAge', 'an hour'],
    ['DateLessThan', 'aws:CurrentTime', 'yesterday'],
    ['Bool', 'aws:SecureTransport', 'yes'],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/33'],
    ['ArnLike', 'aws:PrincipalArn', 'role/Admin'],
  ]) {
    assert.deepEqual(await codesOf(withCondition({ [operator]: { [key]: value } }), 'SERVICE_CONTROL_POLICY'), [406], operator);
  }
});

test('an operator of another type than the key is a warning', async () => {
  assert.deepEqual(await codesOf(withCondition({ NumericEquals: { 'aws:RequestedRegion': '1' } }), 'SERVICE_CONTROL_POLICY'), [407]);
});

test('policy variables: syntax, placeholders, and the version they need', async () => {
  assert.deepEqual(await codesOf(withCondition({ StringLike: { 's3:prefix': 'home/${aws:username/*' } }), 'SERVICE_CONTROL_POLICY'), [408]);
  assert.deepEqual(await codesOf(withCondition({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${Account}:role/x' } }), 'SERVICE_CONTROL_POLICY'), [412]);
  const legacy = { Version: '2008-10-17', Statement: [{ Effect: 'Deny', Action: 's3:ListBucket', Resource: '*', Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } }] };
  assert.deepEqual(await codesOf(legacy, 'IDENTITY_POLICY'), [409]);
});

test('a Condition block has operator objects with scalar values', async () => {
  assert.deepEqual(await codesOf(withCondition({ StringEquals: 'eu-west-1' }), 'SERVICE_CONTROL_POLICY'), [410]);
  assert.deepEqual(await codesOf(withCondition({ StringEquals: { 'aws:RequestedRegion': { region: 'x' } } }), 'SERVICE_CONTROL_POLICY'), [410]);
});

test('a wildcard under StringEquals is literal: warned, with a fix to StringLike', async () => {
  const text = JSON.stringify(withCondition({ StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } }));
  const [finding] = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.equal(finding.code, 411);
  assert.ok('StringLike' in JSON.parse(applyFix(text, finding)).Statement[0].Condition);
});

test('placeholders such as <my-vpc> are warnings, not errors', async () => {
  assert.deepEqual(await codesOf(withCondition({ NotIpAddress: { 'aws:SourceIp': '<my-corporate-cidr>' } }), 'SERVICE_CONTROL_POLICY'), [217]);
});

test('a value of many unclosed policy variables is one syntax error (and too large an SCP)', async () => {
  const value = 'home/' + '${'.repeat(50_000) + 'aws:username}';
  assert.deepEqual(await codesOf(withCondition({ StringLike: { 's3:prefix': value } }), 'SERVICE_CONTROL_POLICY'), [408, 601]);
});
