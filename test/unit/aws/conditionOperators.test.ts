import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { conditionOperatorNames, parseConditionOperator } from '../../../server/src/aws/conditionOperators';

test('parseConditionOperator splits qualifier, base and IfExists (IAM User Guide, condition operators)', () => {
  assert.deepEqual(parseConditionOperator('ForAnyValue:StringNotEqualsIfExists'), {
    name: 'ForAnyValue:StringNotEqualsIfExists', base: 'StringNotEquals', qualifier: 'ForAnyValue', ifExists: true, valueType: 'String', comparison: 'equals', negated: true,
  });
  assert.deepEqual(parseConditionOperator('NumericLessThan'), { name: 'NumericLessThan', base: 'NumericLessThan', ifExists: false, valueType: 'Numeric', comparison: 'lessThan', negated: false });
  assert.equal(parseConditionOperator('ArnNotLike')?.negated, true);
  assert.equal(parseConditionOperator('NotIpAddress')?.valueType, 'IpAddress');
  assert.equal(parseConditionOperator('NullIfExists'), undefined, 'Null cannot take IfExists');
  assert.equal(parseConditionOperator('StringEqualz'), undefined);
  assert.equal(parseConditionOperator('ForSomeValues:StringEquals'), undefined);
  assert.equal(conditionOperatorNames.length, 27);
  assert.ok(conditionOperatorNames.includes('BinaryEquals'));
});
