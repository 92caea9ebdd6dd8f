import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compileWildcard, matchesWildcard, testWildcard, wildcardPattern } from '../../../server/src/aws/wildcard';

// IAM User Guide, "IAM JSON policy elements: Action": `*` matches any run of characters, `?` one.
test('matchesWildcard: * matches any run, ? exactly one character', () => {
  assert.equal(matchesWildcard('s3:Get*', 's3:GetObject'), true);
  assert.equal(matchesWildcard('s3:Get*', 's3:Get'), true, '* matches the empty run');
  assert.equal(matchesWildcard('s3:Get*', 's3:PutObject'), false);
  assert.equal(matchesWildcard('iam:*AccessKey*', 'iam:CreateAccessKey'), true);
  assert.equal(matchesWildcard('iam:*AccessKey*', 'iam:UpdateAccessKeyLastUsed'), true);
  assert.equal(matchesWildcard('iam:*AccessKey*', 'iam:CreateUser'), false);
  assert.equal(matchesWildcard('ec2:?escribe*', 'ec2:DescribeInstances'), true);
  assert.equal(matchesWildcard('ec2:?escribe*', 'ec2:escribeInstances'), false);
  assert.equal(matchesWildcard('a?c', 'abc'), true);
  assert.equal(matchesWildcard('a?c', 'ac'), false);
  assert.equal(matchesWildcard('*', ''), true);
  assert.equal(matchesWildcard('', ''), true);
  assert.equal(matchesWildcard('abc', 'abcd'), false);
  assert.equal(matchesWildcard('*a*a', 'aa'), true);
  assert.equal(matchesWildcard('a*a', 'a'), false, 'prefix and suffix may not overlap');
  assert.equal(matchesWildcard('*?b', 'b'), false);
  assert.equal(matchesWildcard('*?b', 'xb'), true);
});

// Action names are case-insensitive; ARNs are case-sensitive (IAM User Guide, Action and Resource elements).
test('matchesWildcard: case rules are the caller\'s choice', () => {
  assert.equal(matchesWildcard('S3:get*', 's3:GetObject', { caseInsensitive: true }), true);
  assert.equal(matchesWildcard('S3:get*', 's3:GetObject'), false);
  assert.equal(matchesWildcard('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key'), false);
  assert.equal(matchesWildcard('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c'), true, '* crosses / and :');
});

test('matchesWildcard: pathological patterns are decided without exponential backtracking', () => {
  const pattern = '*a'.repeat(40) + 'b';
  const value = 'a'.repeat(5000);
  assert.equal(matchesWildcard(pattern, value), false);
  assert.equal(matchesWildcard('*?'.repeat(50) + 'x', '?'.repeat(3000)), false);
  assert.equal(matchesWildcard('*a'.repeat(40), value), true);
});

test('wildcardPattern caches compiled patterns and reports the fixed prefix', () => {
  assert.equal(wildcardPattern('s3:Get*'), wildcardPattern('s3:Get*'));
  assert.notEqual(wildcardPattern('s3:Get*'), wildcardPattern('s3:Get*', { caseInsensitive: true }));
  assert.equal(wildcardPattern('S3:Get*', { caseInsensitive: true }).prefix, 's3:get');
  assert.equal(wildcardPattern('s3:?et').prefix, 's3:');
  assert.equal(wildcardPattern('s3:GetObject').literal, true);
  assert.equal(wildcardPattern('s3:Get?').literal, false);
});

test('compileWildcard keeps literal pieces literal (resolved policy variables, ${*})', () => {
  const pattern = compileWildcard(['home/', { literal: 'a*b' }, '/*']);
  assert.equal(testWildcard(pattern, 'home/a*b/file'), true);
  assert.equal(testWildcard(pattern, 'home/axxb/file'), false);
});
