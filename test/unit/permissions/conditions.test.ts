import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  conditionContext, evaluateCondition, evaluateConditionBlock, resolvePolicyVariables,
} from '../../../server/src/permissions/conditions';

const v2012 = { version: '2012-10-17' };

test('a key the context does not give leaves the condition unknown, never guessed', () => {
  const forced = { ...conditionContext({ 'aws:PrincipalAccount': '111111111111' }, true), unknown: new Set(['aws:principalaccount']) };
  assert.equal(evaluateCondition({ operator: 'StringEquals', key: 'aws:PrincipalAccount', values: ['111111111111'] }, forced).result, 'unknown');
  const clause = { operator: 'StringEquals', key: 'aws:PrincipalTag/team', values: ['dev'] };
  const result = evaluateCondition(clause, conditionContext({}));
  assert.equal(result.result, 'unknown');
  assert.deepEqual(result.dependsOn, [{ ...clause, missingKeys: ['aws:PrincipalTag/team'] }]);
  assert.equal(evaluateCondition(clause, conditionContext({ 'AWS:principaltag/TEAM': 'dev' })).result, true, 'keys are case-insensitive');
});

// IAM User Guide, condition operators: "...IfExists": absent key → true; negated operator with an absent key → true.
test('absent keys: IfExists is true, negated operators true, positive operators false, Null tests presence', () => {
  const complete = conditionContext({}, true);
  assert.equal(evaluateCondition({ operator: 'StringEqualsIfExists', key: 'ec2:InstanceType', values: ['t2.micro'] }, complete).result, true);
  assert.equal(evaluateCondition({ operator: 'StringEquals', key: 'ec2:InstanceType', values: ['t2.micro'] }, complete).result, false);
  assert.equal(evaluateCondition({ operator: 'StringNotEquals', key: 'aws:PrincipalOrgID', values: ['o-123'] }, complete).result, true);
  assert.equal(evaluateCondition({ operator: 'Null', key: 'aws:TokenIssueTime', values: ['true'] }, complete).result, true);
  assert.equal(evaluateCondition({ operator: 'Null', key: 'aws:TokenIssueTime', values: ['false'] }, conditionContext({ 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' })).result, true);
});

// IAM User Guide, multivalued context keys: ForAllValues is true with no key or an empty set; ForAnyValue false.
test('set operators: ForAllValues and ForAnyValue, including empty sets', () => {
  const allowed = { operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['environment', 'cost-center'] };
  assert.equal(evaluateCondition(allowed, conditionContext({ 'aws:TagKeys': ['environment'] })).result, true);
  assert.equal(evaluateCondition(allowed, conditionContext({ 'aws:TagKeys': ['environment', 'owner'] })).result, false);
  assert.equal(evaluateCondition(allowed, conditionContext({ 'aws:TagKeys': [] })).result, true);
  assert.equal(evaluateCondition(allowed, conditionContext({}, true)).result, true);
  const any = { operator: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['environment'] };
  assert.equal(evaluateCondition(any, conditionContext({ 'aws:TagKeys': ['owner', 'environment'] })).result, true);
  assert.equal(evaluateCondition(any, conditionContext({ 'aws:TagKeys': [] })).result, false);
  const anyNot = { operator: 'ForAnyValue:StringNotEquals', key: 'aws:TagKeys', values: ['environment'] };
  assert.equal(evaluateCondition(anyNot, conditionContext({ 'aws:TagKeys': ['environment', 'owner'] })).result, true);
  assert.equal(evaluateCondition(anyNot, conditionContext({ 'aws:TagKeys': ['environment'] })).result, false);
  const plain = { operator: 'StringEquals', key: 'aws:TagKeys', values: ['environment'] };
  // Multivalued keys need a set operator: without one, several request values match neither the operator nor its
  // negation, in a complete context as in an incomplete one.
  for (const complete of [false, true]) {
    assert.equal(evaluateCondition(plain, conditionContext({ 'aws:TagKeys': ['a', 'b'] }, complete)).result, false);
    assert.equal(evaluateCondition(plain, conditionContext({ 'aws:TagKeys': ['environment', 'b'] }, complete)).result, false);
    assert.equal(evaluateCondition({ ...plain, operator: 'StringNotEquals', key: 'aws:CalledVia' }, conditionContext({ 'aws:CalledVia': ['a', 'b'] }, complete)).result, false);
  }
});

// IAM User Guide, condition element: values of one key are ORed; negated operators match none of them.
test('values of one key are alternatives; negated operators require matching none', () => {
  const regions = conditionContext({ 'aws:RequestedRegion': 'eu-west-1' });
  assert.equal(evaluateCondition({ operator: 'StringEquals', key: 'aws:RequestedRegion', values: ['us-east-1', 'eu-west-1'] }, regions).result, true);
  assert.equal(evaluateCondition({ operator: 'StringNotEquals', key: 'aws:RequestedRegion', values: ['us-east-1', 'eu-west-1'] }, regions).result, false);
  assert.equal(evaluateCondition({ operator: 'StringNotEquals', key: 'aws:RequestedRegion', values: ['us-east-1', 'us-west-2'] }, regions).result, true);
});

test('each operator family compares as documented', () => {
  const context = conditionContext({
    'aws:SourceIp': '203.0.113.7', 'aws:MultiFactorAuthAge': '3000', 'aws:CurrentTime': '2026-06-01T00:00:00Z',
    'aws:SecureTransport': 'true', 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic:part',
    'aws:username': 'Alice', 's3:prefix': 'home/alice/', 'kms:x': 'aGVsbG8=',
  });
  const check = (operator: string, key: string, values: string[], expected: boolean) =>
    assert.equal(evaluateCondition({ operator, key, values }, context).result, expected, `${operator} ${key} ${values.join(',')}`);
  check('IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], true);
  check('NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], false);
  check('IpAddress', 'aws:SourceIp', ['2001:db8::/32'], false);
  check('NumericLessThan', 'aws:MultiFactorAuthAge', ['3600'], true);
  check('NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['3000'], true);
  check('NumericEquals', 'aws:MultiFactorAuthAge', ['abc'], false);
  check('DateGreaterThan', 'aws:CurrentTime', ['2026-01-01T00:00:00Z'], true);
  check('DateLessThan', 'aws:CurrentTime', ['1767225600'], false); // 2026-01-01 as epoch seconds
  check('Bool', 'aws:SecureTransport', ['false'], false);
  check('ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:123456789012:topic:*'], true);
  check('ArnEquals', 'aws:SourceArn', ['arn:aws:sns:*:123456789012:topic:part'], true);
  check('ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:*'], false); // fewer than six parts: the parts are compared one by one
  check('StringEqualsIgnoreCase', 'aws:username', ['alice'], true);
  check('StringEquals', 'aws:username', ['alice'], false);
  check('StringLike', 's3:prefix', ['home/*'], true);
  check('StringNotLike', 's3:prefix', ['home/*'], false);
  check('BinaryEquals', 'kms:x', ['aGVsbG8='], true);
});

// IAM User Guide, policy variables: ${aws:username}, defaults, the ${*} literals, version 2012-10-17 only.
test('policy variables resolve from the context, with defaults; unknown keys stay unknown', () => {
  const context = conditionContext({ 'aws:username': 'alice', 'aws:PrincipalTag/team': 'a*b' });
  assert.equal(evaluateCondition({ operator: 'StringLike', key: 's3:prefix', values: ['home/${aws:username}/*'] }, conditionContext({ 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }), v2012).result, true);
  assert.equal(evaluateCondition({ operator: 'StringLike', key: 's3:prefix', values: ['home/${aws:username}/*'] }, conditionContext({ 's3:prefix': 'home/alice/x', 'aws:username': 'alice' })).result, false, 'no variables before 2012-10-17');
  assert.deepEqual(resolvePolicyVariables('${aws:PrincipalTag/team}', context, v2012), { state: 'resolved', pieces: ['', { literal: 'a*b' }, ''] });
  assert.deepEqual(resolvePolicyVariables("${aws:PrincipalTag/dept, 'company-wide'}", conditionContext({}, true), v2012), { state: 'resolved', pieces: ['', { literal: 'company-wide' }, ''] });
  assert.deepEqual(resolvePolicyVariables('${aws:userid}', conditionContext({}, true), v2012), { state: 'absent' });
  assert.deepEqual(resolvePolicyVariables('${aws:userid}', conditionContext({}), v2012), { state: 'unknown', keys: ['aws:userid'] });
  assert.deepEqual(resolvePolicyVariables('a${*}b', context, v2012), { state: 'resolved', pieces: ['a', { literal: '*' }, 'b'] });
  // A resolved variable holding "*" is literal, not a wildcard.
  assert.equal(evaluateCondition({ operator: 'StringLike', key: 'k', values: ['${aws:PrincipalTag/team}'] }, conditionContext({ k: 'axxb', 'aws:PrincipalTag/team': 'a*b' }), v2012).result, false);
  // A variable with no value makes the string operator not match.
  assert.equal(evaluateCondition({ operator: 'StringEquals', key: 'k', values: ['${aws:userid}'] }, conditionContext({ k: 'x' }, true), v2012).result, false);
  const unknown = evaluateCondition({ operator: 'StringEquals', key: 'k', values: ['${aws:userid}'] }, conditionContext({ k: 'x' }), v2012);
  assert.equal(unknown.result, 'unknown');
  assert.deepEqual(unknown.dependsOn[0].missingKeys, ['aws:userid']);
});

// IAM User Guide, condition element: several operators and keys are ANDed.
test('a Condition block ANDs operators and keys and lists what it depends on', () => {
  const block = {
    StringEquals: { 'aws:RequestedRegion': ['eu-west-1'], 'aws:PrincipalTag/team': 'dev' },
    Bool: { 'aws:SecureTransport': true },
  };
  const partial = evaluateConditionBlock(block, conditionContext({ 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true' }));
  assert.equal(partial.result, 'unknown');
  assert.deepEqual(partial.dependsOn, [{ operator: 'StringEquals', key: 'aws:PrincipalTag/team', values: ['dev'], missingKeys: ['aws:PrincipalTag/team'] }]);
  const falsified = evaluateConditionBlock(block, conditionContext({ 'aws:RequestedRegion': 'us-east-1' }));
  assert.equal(falsified.result, false, 'one false clause decides, whatever is unknown');
  assert.equal(evaluateConditionBlock(block, conditionContext({ 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true', 'aws:PrincipalTag/team': 'dev' })).result, true);
  assert.equal(evaluateConditionBlock(undefined, conditionContext({})).result, true);
});
